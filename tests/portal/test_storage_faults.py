"""A full disk or a storage that fails while saving a picture: a clear Vietnamese message, and
no half-saved record or stray file."""

import errno
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from articles.models import Article
from tests.factories import ARTICLE_ADMIN_INLINES, CategoryFactory, jpeg_file

pytestmark = pytest.mark.django_db
DISK_FULL = OSError(errno.ENOSPC, "No space left on device")
MESSAGE = "Không lưu được ảnh: kho lưu trữ ảnh đang gặp sự cố"


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _article_form(**extra):
    return {
        "title": "Bài có ảnh khi ổ đĩa đầy",
        "summary": "",
        "body": "<p>Nội dung</p>",
        "category": CategoryFactory().pk,
        "tags": "",
        "featured_image": jpeg_file("anh.jpg", (700, 500)),
        "featured_image_alt": "Ảnh hội nghị",
        "featured_image_caption": "",
        **ARTICLE_ADMIN_INLINES,
        **extra,
    }


def _fail_after(n: int):
    real = FileSystemStorage._save
    calls = {"n": 0}

    def save(self, name, content):
        calls["n"] += 1
        if calls["n"] > n:
            raise DISK_FULL
        return real(self, name, content)

    return save


@pytest.mark.parametrize("ok_writes", [0, 3], ids=["original fails", "a rendition fails"])
def test_featured_image_on_a_full_disk(client, editor, settings, ok_writes):
    client.force_login(editor)
    with mock.patch.object(FileSystemStorage, "_save", _fail_after(ok_writes)):
        response = client.post(reverse("admin:articles_article_add"), _article_form(), follow=True)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Article.objects.exists()
    assert _files(settings) == []


def test_editor_upload_on_a_full_disk(client, editor, settings):
    client.force_login(editor)
    with mock.patch.object(FileSystemStorage, "_save", _fail_after(2)):
        response = client.post(
            "/ckeditor/upload/?responseType=json", {"upload": jpeg_file("anh.jpg", (700, 500))}
        )
    assert response.json()["uploaded"] == 0
    assert MESSAGE in response.json()["error"]["message"]
    assert _files(settings) == []


def test_gallery_picture_on_a_full_disk(client, editor, settings):
    from models_campaign.models import ShowcaseEntry
    from tests.models_campaign.test_admin import ADD, _form

    client.force_login(editor)
    with mock.patch.object(FileSystemStorage, "_save", _fail_after(1)):
        response = client.post(ADD, _form(), follow=True)
    assert MESSAGE in response.content.decode()
    assert not ShowcaseEntry.objects.exists()
    assert _files(settings) == []
