import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Category
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_vietnamese_title():
    article = ArticleFactory(title="Sa Đéc: Đổi mới công tác triển khai")
    assert article.slug == "sa-dec-doi-moi-cong-tac-trien-khai"


def test_slug_from_nfd_title_matches_nfc_and_title_is_stored_nfc():
    nfd = unicodedata.normalize("NFD", "Thành ủy Hà Nội")
    article = ArticleFactory(title=nfd)
    article.refresh_from_db()
    assert article.slug == "thanh-uy-ha-noi"
    assert article.title == "Thành ủy Hà Nội"
    assert unicodedata.is_normalized("NFC", article.title)


def test_colliding_titles_get_unique_slugs():
    slugs = [ArticleFactory(title="Đà Nẵng").slug for _ in range(3)]
    assert slugs == ["da-nang", "da-nang-2", "da-nang-3"]


def test_title_of_punctuation_or_emoji_still_gets_a_valid_unique_slug():
    first = ArticleFactory(title="🎉🎉🎉")
    second = ArticleFactory(title="!!! ???")
    assert first.slug == "bai-viet"
    assert second.slug == "bai-viet-2"


def test_invisible_characters_are_stripped_from_titles_and_slugs():
    article = ArticleFactory(title="\ufeffTin\u200b mới\u00ad nhất\u2060")
    assert article.title == "Tin mới nhất"
    assert article.slug == "tin-moi-nhat"


def test_slug_is_frozen_once_published():
    article = ArticleFactory(title="Tiêu đề ban đầu", published=True)
    assert article.first_published_at is not None
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert article.slug == "tieu-de-ban-dau"  # a new title keeps the old URL
    article.slug = "duong-dan-moi"
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "Không thể đổi đường dẫn" in str(excinfo.value)


def test_draft_slug_can_still_be_edited():
    article = ArticleFactory(title="Bản nháp")
    article.slug = "ban-nhap-moi"
    article.full_clean()
    article.save()
    assert Article.objects.get(pk=article.pk).slug == "ban-nhap-moi"


def test_database_refuses_published_without_publish_at():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="published", publish_at=None)


def test_database_refuses_expiry_before_publication():
    now = timezone.now()
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            publish_at=now, expire_at=now - timezone.timedelta(hours=1)
        )


def test_featured_image_requires_alt_text():
    from tests.factories import jpeg_file

    article = ArticleFactory.build(category=CategoryFactory(), featured_image=jpeg_file())
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "featured_image_alt" in excinfo.value.message_dict


def test_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="x()">Xin chào<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">liên kết</a><img src="https://evil.example/a.png">'
    )
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "evil.example" not in article.body
    assert "<p>Xin chào</p>" in article.body


def test_byline_names_the_organisation():
    org = OrganizationFactory(name="Ban Tuyên giáo Thành ủy Sa Đéc")
    author = AuthorFactory(name="Trương Văn A", organization=org)
    assert author.byline == "Trương Văn A (Ban Tuyên giáo Thành ủy Sa Đéc)"
    assert author.slug == "truong-van-a"


def test_category_descendants_include_every_level():
    top = CategoryFactory(name="Tin tức")
    child = CategoryFactory(name="Kinh tế", parent=top)
    grandchild = CategoryFactory(name="Nông nghiệp", parent=child)
    CategoryFactory(name="Khác")
    assert set(top.descendant_ids()) == {top.pk, child.pk, grandchild.pk}


def test_category_cannot_be_its_own_ancestor():
    top = CategoryFactory(name="Tin tức")
    child = CategoryFactory(name="Kinh tế", parent=top)
    top.parent = child
    with pytest.raises(ValidationError):
        top.full_clean()


def test_tag_slug_keeps_d():
    article = ArticleFactory(tags=["Đà Nẵng", "Thành ủy"])
    assert sorted(article.tags.values_list("slug", flat=True)) == ["da-nang", "thanh-uy"]


def test_category_slug_from_name():
    assert Category.objects.create(name="Xây dựng Đảng").slug == "xay-dung-dang"
