import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from models_campaign.models import AnnualTheme, EntryPhoto, ShowcaseEntry, ThemeArticle
from tests.factories import ArticleFactory, OrganizationFactory, jpeg_file
from tests.models_campaign.factories import (
    AnnualThemeFactory,
    FieldFactory,
    LocalityFactory,
    ShowcaseEntryFactory,
)

pytestmark = pytest.mark.django_db


def test_entry_slug_is_made_from_vietnamese_name_and_text_is_cleaned():
    entry = ShowcaseEntryFactory(
        name="  Tủ\u200b sách  Bác Hồ ở Đồng Tháp ",
        summary="Mo\u0302 hi\u0300nh",  # NFD
        description='<p onclick="x()">Mô tả</p><script>alert(1)</script>',
    )
    assert entry.name == "Tủ sách Bác Hồ ở Đồng Tháp"
    assert entry.slug == "tu-sach-bac-ho-o-dong-thap"
    assert entry.summary == "Mô hình"
    assert entry.description == "<p>Mô tả</p>"
    assert entry.get_absolute_url() == "/mo-hinh/tu-sach-bac-ho-o-dong-thap/"


def test_same_name_in_two_units_gets_two_slugs_and_reserved_slug_is_avoided():
    first = ShowcaseEntryFactory(name="Ngôi nhà gom rác thải nhựa")
    second = ShowcaseEntryFactory(name="Ngôi nhà gom rác thải nhựa")
    assert (first.slug, second.slug) == (
        "ngoi-nha-gom-rac-thai-nhua",
        "ngoi-nha-gom-rac-thai-nhua-2",
    )
    # /mo-hinh/thong-ke/ is the statistics page: an entry can never take that URL.
    assert ShowcaseEntryFactory(name="Thống kê").slug != "thong-ke"


def test_field_locality_and_theme_have_public_urls():
    field = FieldFactory(name="Chuyển đổi số")
    locality = LocalityFactory(name="Phường An Hòa")
    theme = AnnualThemeFactory(year=2024)
    assert field.slug == "chuyen-doi-so"
    assert field.get_absolute_url() == "/mo-hinh/?linh-vuc=chuyen-doi-so"
    assert locality.get_absolute_url() == "/mo-hinh/?dia-ban=phuong-an-hoa"
    assert theme.get_absolute_url() == "/mo-hinh/chuyen-de/2024/"


def test_database_refuses_published_entry_without_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseEntryFactory(publication=ShowcaseEntry.Publication.PUBLISHED, publish_at=None)


@pytest.mark.parametrize("year", [1999, 2101])
def test_database_refuses_year_started_out_of_range(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseEntryFactory(year_started=year)


def test_database_refuses_two_entries_of_one_unit_with_the_same_name():
    org = OrganizationFactory()
    ShowcaseEntryFactory(organization=org, name="Bếp ăn nghĩa tình")
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowcaseEntryFactory(organization=org, name="Bếp ăn nghĩa tình")


def test_database_refuses_entry_replicated_from_itself():
    entry = ShowcaseEntryFactory()
    entry.replicated_from_id = entry.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_clean_refuses_replication_cycles_in_vietnamese():
    origin = ShowcaseEntryFactory()
    copy = ShowcaseEntryFactory(replicated_from=origin)
    origin.replicated_from = copy
    with pytest.raises(ValidationError) as excinfo:
        origin.full_clean()
    assert excinfo.value.message_dict["replicated_from"] == [
        "Mô hình không thể nhân rộng từ chính nó."
    ]


def test_photo_without_alt_text_is_refused(settings):
    entry = ShowcaseEntryFactory()
    photo = EntryPhoto(entry=entry, image=jpeg_file(), alt="  ")
    with pytest.raises(ValidationError) as excinfo:
        photo.full_clean()
    assert "alt" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        photo.save()


def test_photo_is_stored_under_a_generated_name():
    entry = ShowcaseEntryFactory(name="Tủ sách Bác Hồ")
    photo = EntryPhoto.objects.create(
        entry=entry, image=jpeg_file("../../etc/passwd.jpg"), alt="Ảnh tủ sách"
    )
    assert photo.image.name.startswith("showcase/")
    assert "passwd" not in photo.image.name and ".." not in photo.image.name
    assert "tu-sach-bac-ho" in photo.image.name


def test_an_article_has_at_most_one_annual_theme():
    article = ArticleFactory()
    ThemeArticle.objects.create(theme=AnnualThemeFactory(year=2022), article=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeArticle.objects.create(theme=AnnualThemeFactory(year=2023), article=article)
    assert list(article.annual_themes.all()) == [AnnualTheme.objects.get(year=2022)]


def test_theme_year_is_unique_and_in_range():
    AnnualThemeFactory(year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualTheme.objects.create(year=2022, title="Trùng năm")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualTheme.objects.create(year=1990, title="Quá sớm")


def test_slug_is_frozen_once_published():
    entry = ShowcaseEntryFactory(published=True, name="Mái ấm nghĩa tình")
    assert entry.first_published_at == entry.publish_at
    entry.slug = "duong-dan-khac"
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_first_published_at_is_kept_after_republishing():
    entry = ShowcaseEntryFactory(published=True)
    first = entry.first_published_at
    entry.publish_at = timezone.now()
    entry.save()
    entry.refresh_from_db()
    assert entry.first_published_at == first
