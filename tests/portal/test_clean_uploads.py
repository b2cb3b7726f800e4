"""Pictures pasted into a text that was never saved do not stay on the disk for ever."""

import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import ArticleFactory, UserFactory, jpeg_file

pytestmark = pytest.mark.django_db


def _upload(client) -> tuple[str, str]:
    reply = client.post("/ckeditor/upload/?responseType=json", {"upload": jpeg_file("dan.jpg")})
    data = reply.json()
    assert data["uploaded"] == 1, data
    url = data["url"]  # the rendition shown in the text
    stem = url.split("/renditions/", 1)[1].rsplit("/", 1)[0]
    return url, next(n for n in _originals() if n.startswith(stem + "."))


def _originals():
    folders, files = [("uploads", None)], []
    while folders:
        folder, _ = folders.pop()
        try:
            subs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        files += [f"{folder}/{n}" for n in names]
        folders += [(f"{folder}/{s}", None) for s in subs]
    return files


def _age(name: str, hours: int) -> None:
    moment = time.time() - hours * 3600
    os.utime(default_storage.path(name), (moment, moment))


def test_unused_uploads_go_after_a_day_used_ones_stay(client):
    client.force_login(UserFactory(username="phongvien-dan", roles=["Phóng viên"]))
    used_url, used = _upload(client)
    abandoned_url, abandoned = _upload(client)
    _, fresh = _upload(client)
    ArticleFactory(body=f'<p>Ảnh:</p><p><img src="{used_url}" alt="Ảnh dùng trong bài"></p>')
    _age(used, 30)
    _age(abandoned, 30)

    call_command("clean_uploads", "--dry-run")
    assert default_storage.exists(abandoned)  # a dry run deletes nothing
    call_command("clean_uploads")
    assert not default_storage.exists(abandoned)
    assert not default_storage.exists(abandoned_url.split("/media/", 1)[-1])  # renditions too
    assert default_storage.exists(used) and default_storage.exists(fresh)
    rendition = used_url.split("/media/", 1)[-1]
    assert default_storage.exists(rendition)
