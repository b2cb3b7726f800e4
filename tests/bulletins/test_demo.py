"""load_demo's channels: a published bulletin issue with its print edition, two radio items."""

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article, BulletinIssue

pytestmark = pytest.mark.django_db


def test_demo_has_a_bulletin_with_its_pdf_and_two_radio_items(client):
    call_command("load_demo", force=True)
    issue = BulletinIssue.objects.published().get()
    assert issue.items.count() == 4 and issue.sections.count() == 2
    assert issue.pdf_file.name and default_storage.exists(issue.pdf_file.name)
    stored = issue.pdf_file.name
    response = client.get(issue.get_pdf_url())
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.pdf_file.name == stored  # made by the loader, served as it is

    radio = Article.objects.published().exclude(audio="")
    assert radio.count() == 2
    assert all(a.audio_type == "audio/mpeg" and a.audio_duration >= 4 for a in radio)
    feed = feedparser.parse(client.get("/phat-thanh/rss/").content)
    assert not feed.bozo and len(feed.entries) == 2

    call_command("load_demo", force=True)  # idempotent
    assert BulletinIssue.objects.count() == 1
    assert Article.objects.exclude(audio="").count() == 2
