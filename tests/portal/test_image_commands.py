"""`image_renditions` (regenerates every rendition) and the demo loader's pictures."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article
from portal import images
from tests import images as pics
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _all_renditions_exist(name: str, width: int, height: int) -> bool:
    return all(
        default_storage.exists(r.name)
        for r in images.renditions_for(name, width=width, height=height)
    )


def test_load_demo_pictures_go_through_the_image_module_and_get_renditions(settings):
    call_command("load_demo", force=True, stdout=io.StringIO())
    articles = list(Article.objects.published())
    assert articles
    for article in articles:
        name = article.featured_image.name
        assert name.startswith("articles/") and name.endswith(".jpg")
        assert (article.featured_image_width, article.featured_image_height) == (1200, 675)
        assert _all_renditions_exist(name, 1200, 675), name
    for path in pics.files_under(settings.MEDIA_ROOT):
        if path.suffix in {".jpg", ".png", ".webp"}:  # not the demo's audio and bulletin PDF
            assert not pics.has_gps(path.read_bytes())


def test_image_renditions_remakes_missing_ones_and_records_sizes(settings):
    uploaded, _ = images.store_image(io.BytesIO(pics.jpeg_bytes()), prefix="uploads", stem="a")
    article = ArticleFactory()
    name, _ = images.store_image(
        io.BytesIO(pics.jpeg_bytes(pics.photo((700, 500)))), prefix="articles", stem="b"
    )
    # An article saved before sizes were recorded, whose renditions were lost.
    Article.objects.filter(pk=article.pk).update(featured_image=name)
    for rendition in images.renditions_for(name, width=700, height=500):
        default_storage.delete(rendition.name)
    default_storage.delete(images.rendition_name(uploaded, 320, "webp"))

    out = io.StringIO()
    call_command("image_renditions", "--dry-run", stdout=out)
    assert f"  {name}" in out.getvalue() and f"  {uploaded}" in out.getvalue()
    assert not _all_renditions_exist(name, 700, 500)

    out = io.StringIO()
    call_command("image_renditions", "--missing-only", stdout=out)
    assert "[##############################] 2/2" in out.getvalue()
    assert _all_renditions_exist(name, 700, 500)
    assert _all_renditions_exist(uploaded, 1200, 900)
    article.refresh_from_db()
    assert (article.featured_image_width, article.featured_image_height) == (700, 500)

    out = io.StringIO()
    call_command("image_renditions", "--missing-only", stdout=out)
    assert "cho 0 ảnh" in out.getvalue()
    call_command("image_renditions", stdout=out)
    assert "Đã tạo lại bản thu nhỏ cho 2 ảnh." in out.getvalue()


def test_image_renditions_reports_a_broken_file_and_fails(settings):
    from django.core.management import CommandError

    article = ArticleFactory()
    default_storage.save("articles/hong.jpg", io.BytesIO(b"not a picture"))
    Article.objects.filter(pk=article.pk).update(featured_image="articles/hong.jpg")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1/1"):
        call_command("image_renditions", stdout=io.StringIO(), stderr=err)
    assert "articles/hong.jpg" in err.getvalue()


def test_load_demo_dry_run_stores_no_article_picture(settings):
    call_command("load_demo", force=True, dry_run=True, stdout=io.StringIO())
    assert not Article.objects.exists()
    assert pics.files_under(settings.MEDIA_ROOT / "articles") == []
    assert pics.files_under(settings.MEDIA_ROOT / "renditions") == []
