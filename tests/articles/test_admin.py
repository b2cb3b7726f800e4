import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ARTICLE_ADMIN_INLINES,
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def _form(**overrides):
    data = {
        "title": "Sa Đéc: Đổi mới công tác triển khai",
        "slug": "",
        "summary": "Sapo của bài.",
        "body": "<p>Nội dung <strong>đậm</strong></p><script>alert(1)</script>",
        "category": CategoryFactory(name="Xây dựng Đảng").pk,
        "authors": [AuthorFactory(name="Trương Văn A").pk],
        "tags": "Sa Đéc, Chỉ thị 05",
        "source": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        # The annual-theme inline contributed by models_campaign/admin.py.
        **ARTICLE_ADMIN_INLINES,
    }
    data.update(overrides)
    return data


def test_staff_creates_an_article_through_the_admin_add_form(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, _form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.slug == "sa-dec-doi-moi-cong-tac-trien-khai"
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    assert article.body == "<p>Nội dung <strong>đậm</strong></p>"
    assert sorted(article.tags.names()) == ["Chỉ thị 05", "Sa Đéc"]
    assert [a.name for a in article.authors.all()] == ["Trương Văn A"]


def test_featured_image_without_alt_text_is_refused_in_vietnamese(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, _form(featured_image=jpeg_file()))
    assert response.status_code == 200
    assert "Hãy nhập mô tả ảnh (alt) cho ảnh đại diện." in response.content.decode()
    assert not Article.objects.exists()


def test_featured_image_with_alt_text_is_stored_under_a_generated_name(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        _form(featured_image=jpeg_file("../../etc/passwd.jpg"), featured_image_alt="Ảnh hội nghị"),
    )
    assert response.status_code == 302
    name = Article.objects.get().featured_image.name
    assert name.startswith("articles/")
    assert "passwd" not in name and ".." not in name
    assert "sa-dec-doi-moi-cong-tac" in name


def test_changelist_shows_columns_and_scheduled_label(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(
        title="Bài hẹn giờ", status="published", publish_at=timezone.now() + timedelta(hours=2)
    )
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bài hẹn giờ" in html and "Hẹn giờ" in html


def test_slug_is_read_only_once_published(client, editor):
    article = ArticleFactory(published=True)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert 'name="slug"' not in response.content.decode()


def test_anonymous_cannot_reach_the_admin_or_the_editor_upload(client):
    assert client.get(ADD_URL).status_code == 302
    response = client.post("/ckeditor/upload/", {"upload": jpeg_file()})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_pages_are_in_vietnamese(client, editor):
    client.force_login(editor)
    html = client.get(ADD_URL).content.decode()
    assert "Thêm bài viết" in html
    assert "Tiêu đề" in html


def test_vietnamese_dates_are_read_day_first(client, editor):
    from articles.models import Article as A

    article = ArticleFactory(status="pending", created_by=editor)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]),
        {"publish_at_0": "05/11/2030", "publish_at_1": "08:00"},
    )
    publish_at = timezone_local(A.objects.get(pk=article.pk).publish_at)
    assert (publish_at.day, publish_at.month, publish_at.year) == (5, 11, 2030)


def timezone_local(value):
    from django.utils import timezone

    return timezone.localtime(value)


def test_admin_search_ignores_diacritics_and_tone_marks(client, editor):
    ArticleFactory(title="Thành uỷ Sa Đéc sơ kết chuyên đề")
    ArticleFactory(title="Hội nghị cán bộ chủ chốt")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "thanh uy sa dec"})
    titles = [a.title for a in response.context["cl"].result_list]
    assert titles == ["Thành uỷ Sa Đéc sơ kết chuyên đề"]
