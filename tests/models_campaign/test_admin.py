import re

import pytest
from django.urls import reverse

from models_campaign.models import ShowcaseEntry, ThemeArticle
from tests.factories import ArticleFactory, CategoryFactory, OrganizationFactory, jpeg_file
from tests.models_campaign.factories import (
    AnnualThemeFactory,
    FieldFactory,
    LocalityFactory,
    ShowcaseEntryFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:models_campaign_showcaseentry_changelist")
ADD = reverse("admin:models_campaign_showcaseentry_add")


def _form(**overrides):
    data = {
        "name": "Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình",
        "slug": "",
        "kind": "collective",
        "organization": OrganizationFactory(name="Trường Tiểu học Hòa Bình").pk,
        "locality": LocalityFactory(name="Phường 1").pk,
        "field": FieldFactory(name="Giáo dục").pk,
        "theme": AnnualThemeFactory(year=2022).pk,
        "year_started": "2019",
        "summary": "Mỗi lớp một góc sách về Bác.",
        "description": "<p>Giới thiệu</p><script>alert(1)</script>",
        "people_reached": "1250",
        "value_raised": "38000000",
        "results": "1.800 đầu sách.",
        "status": "recognised",
        "replicated_from": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-0-image": jpeg_file("tu-sach.jpg"),
        "photos-0-alt": "Học sinh đọc sách ở tủ sách Bác Hồ",
        "photos-0-caption": "Giờ đọc sách",
        "photos-0-order": "0",
        "recognitions-TOTAL_FORMS": "1",
        "recognitions-INITIAL_FORMS": "0",
        "recognitions-0-level": "city",
        "recognitions-0-decision_number": "1245/QĐ-UBND",
        "recognitions-0-decided_on": "2022-08-19",
        "recognitions-0-issuer": "Ủy ban nhân dân thành phố",
    }
    data.update(overrides)
    return data


def test_editor_adds_an_entry_with_photo_and_recognition_inlines(client, editor):
    client.force_login(editor)
    page = client.get(ADD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thư viện ảnh" in html and "Khen thưởng, công nhận" in html

    response = client.post(ADD, _form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = ShowcaseEntry.objects.get()
    assert entry.slug == "tu-sach-bac-ho-o-truong-tieu-hoc-hoa-binh"
    assert entry.description == "<p>Giới thiệu</p>"
    assert entry.created_by == editor
    assert entry.publication == ShowcaseEntry.Publication.DRAFT  # saving never publishes
    photo = entry.photos.get()
    assert (photo.alt, photo.caption) == ("Học sinh đọc sách ở tủ sách Bác Hồ", "Giờ đọc sách")
    recognition = entry.recognitions.get()
    assert str(recognition.decided_on) == "2022-08-19"


def test_photo_without_alt_is_refused_in_vietnamese(client, editor):
    client.force_login(editor)
    response = client.post(ADD, _form(**{"photos-0-alt": ""}))
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
    assert not ShowcaseEntry.objects.exists()


def test_changelist_with_filters_and_search(client, editor):
    edu = FieldFactory(name="Giáo dục")
    ShowcaseEntryFactory(
        name="Tủ sách Bác Hồ",
        field=edu,
        theme=AnnualThemeFactory(year=2022),
        year_started=2019,
        status="recognised",
        published=True,
    )
    ShowcaseEntryFactory(
        name="Nhà gom rác",
        field=FieldFactory(name="Môi trường"),
        theme=AnnualThemeFactory(year=2023),
        year_started=2021,
    )
    client.force_login(editor)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("lĩnh vực", "địa bàn", "năm bắt đầu", "chuyên đề năm", "tình trạng", "loại"):
        assert f'data-filter-title="{title}"' in html
    assert "Tủ sách Bác Hồ" in html and "Nhà gom rác" in html
    assert "Đã xuất bản" in html and "Nháp" in html
    assert ">Nhập từ tệp</a>" in html and ">Xuất ra tệp</a>" in html
    filtered = client.get(CHANGELIST, {"field__id__exact": edu.pk})
    assert [e.name for e in filtered.context["cl"].result_list] == ["Tủ sách Bác Hồ"]
    searched = client.get(CHANGELIST, {"q": "gom rác"})
    assert [e.name for e in searched.context["cl"].result_list] == ["Nhà gom rác"]


def _action(client, action, *entries):
    """A bulk action as staff use it: choose, read the confirmation page, confirm it."""
    chosen = {"action": action, "_selected_action": [e.pk for e in entries]}
    first = client.post(CHANGELIST, chosen, follow=True)
    if first.context is None or "rows" not in first.context:
        return first
    seen = {f"revision-{item.pk}": number for item, number, _ in first.context["rows"]}
    return client.post(CHANGELIST, {**chosen, **seen, "confirmed": "1"}, follow=True)


def test_writer_cannot_publish_from_the_admin(client, writer):
    entry = ShowcaseEntryFactory(created_by=writer)
    client.force_login(writer)
    html = client.get(CHANGELIST).content.decode()
    actions = re.findall(r'<option value="(\w+)">', html)
    assert "submit_selected" in actions
    assert "publish_selected" not in actions and "unpublish_selected" not in actions
    _action(client, "publish_selected", entry)
    entry.refresh_from_db()
    assert not entry.is_published
    # Nor by the change form: the publication fields are read-only for writers.
    page = client.get(reverse("admin:models_campaign_showcaseentry_change", args=[entry.pk]))
    form_fields = page.context["adminform"].form.fields
    assert "publish_at" not in form_fields and "publication" not in form_fields


def test_writer_submits_and_editor_publishes_through_actions(client, writer, editor):
    entry = ShowcaseEntryFactory(created_by=writer)
    client.force_login(writer)
    response = _action(client, "submit_selected", entry)
    assert "Gửi duyệt: 1 mô hình." in response.content.decode()
    entry.refresh_from_db()
    assert entry.publication == ShowcaseEntry.Publication.PENDING

    client.force_login(editor)
    response = _action(client, "publish_selected", entry)
    assert "Duyệt và xuất bản: 1 mô hình." in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_published
    response = _action(client, "unpublish_selected", entry)
    entry.refresh_from_db()
    assert entry.publication == ShowcaseEntry.Publication.UNPUBLISHED


def test_refused_transition_is_reported_not_applied(client, editor):
    draft = ShowcaseEntryFactory(name="Bản nháp")
    client.force_login(editor)
    response = _action(client, "unpublish_selected", draft)
    html = response.content.decode()
    assert "“Bản nháp”: Không thể “gỡ xuống” mô hình đang ở trạng thái “Nháp”." in html
    assert ShowcaseEntry.objects.get(pk=draft.pk).publication == ShowcaseEntry.Publication.DRAFT


def test_editor_schedules_publication_in_the_change_form(client, editor):
    client.force_login(editor)
    response = client.post(ADD, _form(publish_at_0="2030-01-01", publish_at_1="08:00:00"))
    assert response.status_code == 302
    entry = ShowcaseEntry.objects.get()
    assert entry.publish_at is not None and not entry.is_published  # still a draft


def test_article_admin_gets_the_annual_theme_picker(client, editor):
    theme = AnnualThemeFactory(year=2024)
    article = ArticleFactory(category=CategoryFactory())
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)
    assert "Chuyên đề năm" in page.content.decode()
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": "",
        "body": "<p>Nội dung</p>",
        "category": article.category_id,
        "tags": "",
        "source": "",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "theme_links-TOTAL_FORMS": "1",
        "theme_links-INITIAL_FORMS": "0",
        "theme_links-0-theme": theme.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ThemeArticle.objects.get(article=article).theme == theme
    assert list(theme.articles.all()) == [article]


def test_site_admin_manages_fields_and_localities(client, site_admin, editor):
    client.force_login(site_admin)
    response = client.post(
        reverse("admin:models_campaign_field_add"),
        {"name": "Đền ơn đáp nghĩa", "slug": "", "description": "", "order": "0"},
    )
    assert response.status_code == 302
    client.force_login(editor)
    assert client.get(reverse("admin:models_campaign_field_add")).status_code == 403


def test_gallery_pictures_go_through_the_image_module(client, editor, settings):
    """Gallery uploads are checked, cleaned and get renditions, like featured images."""
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal import images

    client.force_login(editor)
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    data = _form(**{"photos-0-image": fake})
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "không phải là ảnh JPEG, PNG hoặc WebP hợp lệ" in response.content.decode()
    assert not ShowcaseEntry.objects.exists()

    data["photos-0-image"] = jpeg_file("IMG_0001.JPG", (800, 600))
    response = client.post(ADD, data)
    assert response.status_code == 302
    photo = ShowcaseEntry.objects.get().photos.get()
    assert photo.image.name.startswith("showcase/") and "IMG_0001" not in photo.image.name
    assert (photo.image_width, photo.image_height) == (800, 600)
    renditions = images.renditions_for(photo.image.name, width=800, height=600)
    assert renditions and all(default_storage.exists(r.name) for r in renditions)
    from models_campaign import services

    entry = services.entry_publish(entry=ShowcaseEntry.objects.get(), by=editor)
    html = client.get(entry.get_absolute_url()).content.decode()
    assert 'type="image/webp" srcset="' in html and 'width="800" height="600"' in html


def test_deleting_an_entry_removes_its_gallery_files(
    client, site_admin, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from portal import images

    client.force_login(site_admin)
    assert (
        client.post(ADD, _form(**{"photos-0-image": jpeg_file("a.jpg", (800, 600))})).status_code
        == 302
    )
    entry = ShowcaseEntry.objects.get()
    name = entry.photos.get().image.name
    files = [name, *(r.name for r in images.renditions_for(name, width=800, height=600))]
    assert all(default_storage.exists(f) for f in files)
    delete_url = reverse("admin:models_campaign_showcaseentry_delete", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_url, {"post": "yes"}).status_code == 302
    # Deleting moves the entry to the trash: the files stay until the trash is emptied.
    assert ShowcaseEntry.objects.trashed().get() == entry
    assert all(default_storage.exists(f) for f in files)
    purge = reverse(
        "admin:models_campaign_showcaseentry_trash_action", args=[entry.pk, "xoa-vinh-vien"]
    )
    question = client.get(purge).content.decode()
    assert name in question  # the confirmation names the pictures that go
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(purge, {"confirmed": "1"}).status_code == 302
    assert not ShowcaseEntry.objects.exists()
    assert not any(default_storage.exists(f) for f in files)
