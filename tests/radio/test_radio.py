"""The radio programme: audio checked on its content, measured by mutagen, played on the article
page, listed at /phat-thanh/ and published as a podcast feed that feedparser reads cleanly."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from portal.demo.sounds import tone_mp3
from tests.articles.test_admin import _form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def with_audio(article, seconds=3.0, kbps=64):
    article.audio = ContentFile(tone_mp3(seconds, kbps=kbps), name="ban-doc.mp3")
    return services.article_save(article=article, by=None)


def test_audio_is_measured_and_stored_under_a_safe_name():
    article = with_audio(ArticleFactory(published=True, title="Đêm hội trăng rằm"), seconds=4)
    article.refresh_from_db()
    assert article.audio_type == "audio/mpeg"
    assert article.audio_duration == 4
    assert article.audio_bitrate == 64
    assert article.audio_size == article.audio.size
    assert article.audio.name.startswith("audio/") and article.audio.name.endswith(".mp3")
    assert "dem-hoi-trang-ram" in article.audio.name


def test_a_renamed_text_file_is_refused_in_vietnamese(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("ban-doc.mp3", "Đây là văn bản, không phải âm thanh.\n".encode() * 50,
                              content_type="audio/mpeg")  # fmt: skip
    response = client.post(reverse("admin:articles_article_add"), _form(audio=fake))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["audio"]
    assert errors == [
        "Tệp tải lên không phải là âm thanh MP3, M4A hoặc OGG hợp lệ (đuôi tệp không quyết định "
        "định dạng). Hãy xuất lại bản đọc ở một trong ba định dạng này."
    ]
    assert not Article.objects.exists()


def test_audio_over_the_size_limit_is_refused(settings):
    settings.AUDIO_MAX_BYTES = 10_000
    article = ArticleFactory()
    article.audio = ContentFile(tone_mp3(3), name="dai.mp3")
    with pytest.raises(Exception) as refused:
        services.article_save(article=article, by=None)
    assert "Tệp âm thanh quá lớn" in str(refused.value)


def test_admin_upload_of_a_real_mp3_is_kept(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("doc.mp3", tone_mp3(2), content_type="audio/mpeg")
    response = client.post(reverse("admin:articles_article_add"), _form(audio=upload))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.audio_duration == 2 and article.audio_type == "audio/mpeg"


def test_article_page_plays_the_audio_with_a_transcript_link(client):
    article = with_audio(ArticleFactory(published=True))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<audio controls preload="none" src="{article.audio.url}"' in page
    assert 'href="' + article.get_absolute_url() + '#noi-dung-bai"' in page
    assert 'id="noi-dung-bai"' in page
    plain = client.get(ArticleFactory(published=True).get_absolute_url()).content.decode()
    assert "<audio" not in plain


def test_programme_and_podcast_feed(client):
    now = timezone.now()
    older = with_audio(ArticleFactory(published=True, title="Bản tin thời sự sáng",
                                      publish_at=now - 2 * HOUR), seconds=3)  # fmt: skip
    newer = with_audio(ArticleFactory(published=True, title="Gương sáng khu phố Hoà Bình"),
                       seconds=5, kbps=32)  # fmt: skip
    ArticleFactory(published=True, title="Bài không có bản đọc")
    hidden = [
        with_audio(ArticleFactory(title="Bản đọc nháp")),
        with_audio(ArticleFactory(title="Bản đọc hẹn giờ", status="published",
                                  publish_at=now + HOUR)),
        with_audio(ArticleFactory(title="Bản đọc hết hạn", status="published",
                                  publish_at=now - 2 * HOUR, expire_at=now - HOUR)),
    ]  # fmt: skip

    page = client.get("/phat-thanh/").content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Bài không có bản đọc" not in page
    assert all(a.title not in page for a in hidden)

    response = client.get("/phat-thanh/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.endswith("Phát thanh")
    assert feed.feed.image.href.endswith("/static/img/phat-thanh-1400.png")
    assert b"<itunes:explicit>false</itunes:explicit>" in response.content
    assert feed.feed.tags[0].term == "News"
    assert [e.title for e in feed.entries] == [newer.title, older.title]
    for entry, article in zip(feed.entries, [newer, older], strict=True):
        enclosure = entry.enclosures[0]
        assert int(enclosure.length) == article.audio.size == len(article.audio.read())
        assert enclosure.type == "audio/mpeg"
        assert enclosure.href == f"http://testserver{article.audio.url}"
        assert entry.itunes_duration == str(article.audio_duration)
        assert entry.id.startswith("http://testserver/")
    assert len({e.id for e in feed.entries}) == 2


def test_api_detail_carries_the_audio(client):
    article = with_audio(ArticleFactory(published=True), seconds=2)
    audio = client.get(f"/api/v1/articles/{article.slug}").json()["audio"]
    assert audio == {"url": f"http://testserver{article.audio.url}", "type": "audio/mpeg",
                     "size": article.audio_size, "duration": 2, "bitrate": 64}  # fmt: skip
