"""Featured images through the admin and the services: checked, cleaned, shown responsively,
removed with their renditions."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles import services
from articles.models import Article
from portal import images
from tests import images as pics
from tests.articles.test_admin import ADD_URL, _form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _post_picture(client, data: bytes, name: str = "anh.jpg", **extra):
    return client.post(
        ADD_URL,
        _form(
            featured_image=pics.upload(data, name=name),
            featured_image_alt="Đại biểu dự hội nghị",
            featured_image_caption="Quang cảnh hội nghị.",
            **extra,
        ),
    )


BAD_UPLOADS = [
    ("text.jpg", b"Khong phai anh.\n" * 50, "không phải là ảnh JPEG, PNG hoặc WebP"),
    ("logo.svg", pics.SVG, "không phải là ảnh JPEG, PNG hoặc WebP"),
    ("cut.jpg", pics.jpeg_bytes()[:20_000], "bị hỏng hoặc chưa tải lên hết"),
    ("bomb.png", pics.png_header_only(100_000, 100_000), "quá nhiều điểm ảnh"),
    ("huge.png", pics.png_60_megapixels(), "quá nhiều điểm ảnh: tối đa 50 megapixel"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_admin_refuses_bad_pictures_in_vietnamese_and_stores_nothing(
    client, editor, settings, name, data, expected
):
    client.force_login(editor)
    response = _post_picture(client, data, name=name)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["featured_image"]
    assert expected in errors[0]
    assert expected in response.content.decode()
    assert not Article.objects.exists()
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_admin_refuses_an_empty_file(client, editor, settings):
    client.force_login(editor)
    response = _post_picture(client, b"", name="rong.jpg")
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert pics.files_under(settings.MEDIA_ROOT) == []
    assert "Tệp ảnh rỗng (0 byte)" in response.content.decode()


def test_admin_refuses_a_file_over_the_byte_limit(client, editor, settings):
    settings.IMAGE_MAX_BYTES = 100_000
    data = pics.jpeg_bytes(pics.photo((1200, 900)))
    assert len(data) > 100_000
    client.force_login(editor)
    response = _post_picture(client, data)
    assert "Tệp ảnh quá lớn: tối đa 98 KB" in response.content.decode()
    assert not Article.objects.exists()
    assert pics.files_under(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [("cmyk.jpg", pics.cmyk_jpeg()), ("16bit.png", pics.png_16bit())],
    ids=["cmyk", "16-bit-png"],
)
def test_admin_converts_cmyk_and_16_bit_pictures(client, editor, settings, name, data):
    client.force_login(editor)
    response = _post_picture(client, data, name=name)
    assert response.status_code == 302
    article = Article.objects.get()
    with default_storage.open(article.featured_image.name) as handle:
        assert Image.open(handle).mode == "RGB"
    assert (article.featured_image_width, article.featured_image_height) == Image.open(
        io.BytesIO(data)
    ).size


def test_admin_stores_a_phone_photo_cleaned_with_renditions_and_no_gps_anywhere(
    client, editor, settings
):
    client.force_login(editor)
    response = _post_picture(client, pics.phone_photo((2000, 1500), orientation=6) + pics.PAYLOAD)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.featured_image_caption == "Quang cảnh hội nghị."
    assert (article.featured_image_width, article.featured_image_height) == (1500, 2000)
    stored = pics.files_under(settings.MEDIA_ROOT)
    expected = {article.featured_image.name} | {
        r.name for r in images.renditions_for(article.featured_image.name, width=1500, height=2000)
    }
    assert {str(p.relative_to(settings.MEDIA_ROOT)) for p in stored} == expected
    assert len(expected) == 9  # the original + 4 widths x (WebP, JPEG)
    for path in stored:
        data = path.read_bytes()
        assert not pics.has_gps(data), path
        assert b"<?php" not in data and b"<script" not in data, path


def test_replacing_a_picture_removes_the_old_files(
    client, editor, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    _post_picture(client, pics.phone_photo((800, 600)))
    article = Article.objects.get()
    old_name = article.featured_image.name
    with django_capture_on_commit_callbacks(execute=True):
        article.featured_image = pics.upload(pics.jpeg_bytes(pics.photo((900, 600))), "moi.jpg")
        services.article_save(article=article, by=editor)
    article.refresh_from_db()
    assert article.featured_image.name != old_name
    names = {str(p.relative_to(settings.MEDIA_ROOT)) for p in pics.files_under(settings.MEDIA_ROOT)}
    old_base = old_name.rsplit(".", 1)[0]
    assert not any(old_base in n for n in names)
    assert len(names) == 1 + 3 * 2  # the new picture and its renditions (320, 640, 900)


def test_services_refuse_a_bad_picture_from_any_caller(editor, settings):
    article = ArticleFactory(created_by=editor)
    article.featured_image = pics.upload(pics.SVG, "x.jpg")
    article.featured_image_alt = "Ảnh"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.article_save(article=article, by=editor)
    assert "không phải là ảnh" in excinfo.value.message_dict["featured_image"][0]
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_purging_an_article_removes_its_picture_and_renditions(
    client, editor, site_admin, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    _post_picture(client, pics.phone_photo((800, 600)))
    article = Article.objects.get()
    assert len(pics.files_under(settings.MEDIA_ROOT)) == 1 + 3 * 2  # 320, 640, 800 wide
    services.article_trash(article=article, by=site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_purge(article=article, by=site_admin)
    assert not Article.objects.exists()
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_restoring_a_revision_whose_picture_was_replaced_keeps_the_current_picture(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    _post_picture(client, pics.phone_photo((800, 600)))
    article = Article.objects.get()
    first = article.revisions.get()
    with django_capture_on_commit_callbacks(execute=True):
        article.featured_image = pics.upload(pics.jpeg_bytes(pics.photo((900, 600))), "moi.jpg")
        services.article_save(article=article, by=editor)
    current = Article.objects.get().featured_image.name
    restored = services.revision_restore(revision=first, by=editor)
    assert restored.featured_image.name == current
    assert (restored.featured_image_width, restored.featured_image_height) == (900, 600)


def _published_with_picture(editor, size=(1600, 900)):
    article = ArticleFactory(published=True, created_by=editor)
    article.featured_image = pics.upload(pics.jpeg_bytes(pics.photo(size)), "anh.jpg")
    article.featured_image_alt = "Đại biểu dự hội nghị"
    article.featured_image_caption = "Quang cảnh hội nghị."
    return services.article_save(article=article, by=editor)


def test_article_page_shows_a_responsive_picture_eagerly_with_caption(client, editor):
    article = _published_with_picture(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="article-figure">(.*?)</figure>', html, re.S).group(1)
    assert '<source type="image/webp" srcset="' in figure
    assert "320w" in figure and "640w" in figure and "1024w" in figure and "1600w" in figure
    assert 'width="1600" height="900"' in figure
    assert 'alt="Đại biểu dự hội nghị"' in figure
    assert 'loading="eager"' in figure and 'loading="lazy"' not in figure
    assert "sizes=" in figure
    assert "<figcaption>Quang cảnh hội nghị.</figcaption>" in figure
    webp = re.search(r'srcset="([^"]+)"', figure).group(1)
    for candidate in webp.split(", "):
        url = candidate.split(" ")[0]
        assert default_storage.exists(url.removeprefix("/media/")), url


def test_cards_show_lazy_renditions_and_pages_open_no_file(client, editor, monkeypatch):
    article = _published_with_picture(editor)
    monkeypatch.setattr(
        type(default_storage._wrapped), "open", lambda *a, **k: pytest.fail("file opened")
    )
    html = client.get(reverse("articles:category", args=[article.category.slug])).content.decode()
    card = re.search(r'<a class="card-image".*?</a>', html, re.S).group(0)
    assert "<picture>" in card and 'loading="lazy"' in card and 'alt=""' in card
    assert 'width="1600" height="900"' in card
    client.get(article.get_absolute_url())


def test_body_pictures_need_alt_text(client, editor):
    client.force_login(editor)
    body = '<figure class="image-captioned"><img src="/media/uploads/a.jpg" alt="">'
    body += "<figcaption>Chú thích</figcaption></figure>"
    response = client.post(ADD_URL, _form(body=body))
    assert response.status_code == 200
    assert "1 ảnh trong nội dung chưa có mô tả ảnh (alt)" in response.content.decode()
    body = body.replace('alt=""', 'alt="Quang cảnh"')
    response = client.post(ADD_URL, _form(body=body))
    assert response.status_code == 302
    assert 'alt="Quang cảnh"' in Article.objects.get().body
    assert "<figcaption>Chú thích</figcaption>" in Article.objects.get().body


def test_an_old_article_without_recorded_size_or_file_still_renders(client, editor):
    """Rows from before sizes were recorded (or whose file is lost) cost no file access and
    break no page: the picture is shown plainly until `image_renditions` runs."""
    article = ArticleFactory(published=True, featured_image_alt="Ảnh cũ")
    Article.objects.filter(pk=article.pk).update(featured_image="articles/2020/01/mat-roi.jpg")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="/media/articles/2020/01/mat-roi.jpg" alt="Ảnh cũ" loading="eager"' in html
    assert "<picture>" not in html


def test_an_article_page_with_picture_audio_and_source_reads_no_more_than_a_plain_one(
    client, editor
):
    """The article page reads only the columns it shows (ArticleQuerySet.for_page): a column it
    shows but forgot would be read again on first use, one query per page."""
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.demo.sounds import tone_mp3

    full = _published_with_picture(editor)
    full.audio = ContentFile(tone_mp3(2, kbps=64), name="ban-doc.mp3")
    full.source = "Báo Đồng Tháp"
    full = services.article_save(article=full, by=editor)
    plain = ArticleFactory(published=True, category=full.category)
    # what one generation reads once for every page (the generation, the category tree)
    client.get(ArticleFactory(published=True, category=full.category).get_absolute_url())
    counts = {}
    for article in (plain, full):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        counts[article.title] = len(queries)
    assert "<audio" in html and "Quang cảnh hội nghị." in html and "Báo Đồng Tháp" in html
    assert counts[full.title] == counts[plain.title] == 4  # article, authors, tags, related
