"""Workflow e-mails are read away from the site: their links are absolute (SITE_URL) and they
come from the configured sender (DEFAULT_FROM_EMAIL), never webmaster@localhost."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

S = Article.Status
SENDER = "Ban Tuyên giáo Thành ủy <tin-bai@tuyengiao.example.vn>"
# action -> (the state it starts from, who acts, who is mailed)
CASES = {
    "submit": (S.DRAFT, "writer", "editor"),
    "publish": (S.PENDING, "editor", "writer"),
    "reject": (S.PENDING, "editor", "writer"),
}


@pytest.mark.parametrize("action", list(CASES))
def test_workflow_mail_links_to_the_admin_page_at_site_url(
    action, client, writer, editor, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tuyengiao.example.vn"
    settings.DEFAULT_FROM_EMAIL = SENDER
    people = {"writer": writer, "editor": editor}
    writer.email, editor.email = "phongvien@example.vn", "bientap@example.vn"
    writer.save()
    editor.save()
    source, actor, recipient = CASES[action]
    article = ArticleFactory(status=source, created_by=writer)
    client.force_login(people[actor])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_transition", args=[article.pk, action]),
            {"note": "Thiếu nguồn ảnh.", "publish_at": ""},
        )
    assert response.status_code == 302

    [message] = mail.outbox
    assert message.to == [people[recipient].email]
    assert message.from_email == SENDER
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert re.findall(r"\S+://\S+", message.body) == [f"https://tuyengiao.example.vn{change}"]
