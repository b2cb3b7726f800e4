"""The editor's upload endpoint (/ckeditor/upload/): staff only, and every picture goes through
portal.images like a featured image."""

import json

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from portal import images
from tests import images as pics

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"


def _upload(client, data: bytes, name: str = "anh.jpg", query: str = "?responseType=json"):
    return client.post(UPLOAD_URL + query, {"upload": pics.upload(data, name=name)})


BAD = [
    ("text.jpg", b"Khong phai anh.\n" * 50, "không phải là ảnh JPEG, PNG hoặc WebP"),
    ("script.svg", pics.SVG, "không phải là ảnh JPEG, PNG hoặc WebP"),
    ("cut.jpg", pics.jpeg_bytes()[:20_000], "bị hỏng hoặc chưa tải lên hết"),
    ("bomb.png", pics.png_header_only(100_000, 100_000), "quá nhiều điểm ảnh"),
    ("huge.png", pics.png_60_megapixels(), "quá nhiều điểm ảnh: tối đa 50 megapixel"),
    ("empty.jpg", b"", "Tệp ảnh rỗng (0 byte)"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD, ids=[b[0] for b in BAD])
def test_editor_upload_refuses_bad_files_in_vietnamese_and_stores_nothing(
    client, editor, settings, name, data, expected
):
    client.force_login(editor)
    response = _upload(client, data, name=name)
    assert response.status_code == 200  # CKEditor shows error.message only on a 200 answer
    payload = response.json()
    assert payload["uploaded"] == 0
    assert expected in payload["error"]["message"]
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_editor_upload_over_the_byte_limit_is_refused(client, editor, settings):
    settings.IMAGE_MAX_BYTES = 100_000
    client.force_login(editor)
    payload = _upload(client, pics.jpeg_bytes(pics.photo((1200, 900)))).json()
    assert "Tệp ảnh quá lớn" in payload["error"]["message"]
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_dialog_upload_gets_the_message_through_the_callback(client, editor, settings):
    client.force_login(editor)
    response = _upload(client, pics.SVG, name="x.svg", query="?CKEditorFuncNum=3")
    html = response.content.decode()
    assert "window.parent.CKEDITOR.tools.callFunction(3, " in html
    assert "kh\\u00f4ng ph\\u1ea3i l\\u00e0 \\u1ea3nh" in html  # the message, as a JS string
    assert "<script>alert" not in html
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_a_callback_number_that_is_not_a_number_is_ignored(client, editor):
    client.force_login(editor)
    response = _upload(client, pics.jpeg_bytes(), query="?CKEditorFuncNum=1);alert(1);//")
    assert response["Content-Type"] == "application/json"
    assert "alert" not in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [pics.phone_photo((2000, 1500)) + pics.PAYLOAD, pics.cmyk_jpeg(), pics.png_16bit()],
    ids=["phone-photo-with-payload", "cmyk", "16-bit-png"],
)
def test_editor_upload_stores_a_clean_picture_with_renditions(client, editor, settings, data):
    client.force_login(editor)
    payload = _upload(client, data, name="Ảnh Hội nghị.JPG").json()
    assert payload["uploaded"] == 1
    url = payload["url"]
    assert url.startswith("/media/renditions/uploads/") and url.endswith(".jpg")
    stored = pics.files_under(settings.MEDIA_ROOT)
    originals = [p for p in stored if "renditions" not in p.parts]
    assert len(originals) == 1
    original = originals[0].relative_to(settings.MEDIA_ROOT)
    assert original.parts[0] == "uploads" and ".." not in original.parts
    assert original.name.startswith("anh-hoi-nghi-")
    width, height = Image.open(originals[0]).size
    assert {str(p.relative_to(settings.MEDIA_ROOT)) for p in stored} == {str(original)} | {
        r.name for r in images.renditions_for(str(original), width=width, height=height)
    }
    assert default_storage.exists(url.removeprefix("/media/"))
    for path in stored:
        content = path.read_bytes()
        assert not pics.has_gps(content), path
        assert b"<?php" not in content and b"<script" not in content, path
        assert Image.open(path).mode in ("RGB", "RGBA")


def test_upload_endpoint_is_staff_only(client, django_user_model, settings):
    response = client.post(UPLOAD_URL, {"upload": pics.upload(pics.jpeg_bytes())})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    citizen = django_user_model.objects.create_user("dan", password="x", is_staff=False)
    client.force_login(citizen)
    response = client.post(UPLOAD_URL, {"upload": pics.upload(pics.jpeg_bytes())})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_cross_site_posts_are_refused(client, editor, settings):
    client.force_login(editor)
    response = client.post(
        UPLOAD_URL,
        {"upload": pics.upload(pics.jpeg_bytes())},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert pics.files_under(settings.MEDIA_ROOT) == []


def test_editor_widget_points_at_the_portal_upload_view(client, editor):
    client.force_login(editor)
    html = client.get("/admin/articles/article/add/").content.decode()
    config = json.loads(html.split('data-config="', 1)[1].split('"', 1)[0].replace("&quot;", '"'))
    assert config["filebrowserUploadUrl"] == UPLOAD_URL
    assert "image2" in config["extraPlugins"]


# --- CSRF and each writer's own uploads --------------------------------------------------------
def _csrf_token(client) -> str:
    html = client.get("/admin/articles/article/add/").content.decode()
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_upload_needs_the_csrf_token(editor, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    # Same-site according to the browser, but no token: a forged form or script on another
    # subdomain, or a browser that sends no Sec-Fetch-Site.
    refused = client.post(UPLOAD_URL + "?responseType=json",
                          {"upload": pics.upload(pics.jpeg_bytes())})  # fmt: skip
    assert refused.status_code == 403
    assert pics.files_under(settings.MEDIA_ROOT) == []
    accepted = client.post(
        UPLOAD_URL + "?responseType=json&CKEditorFuncNum=1",
        {"upload": pics.upload(pics.jpeg_bytes())},
        headers={"X-CSRFToken": _csrf_token(client)},
    )
    assert accepted.status_code == 200
    assert accepted.json()["uploaded"] == 1  # JSON for the XMLHttpRequest upload


def test_editor_config_sends_uploads_with_the_token(client, editor):
    client.force_login(editor)
    html = client.get("/admin/articles/article/add/").content.decode()
    config = json.loads(html.split('data-config="', 1)[1].split('"', 1)[0].replace("&quot;", '"'))
    assert config["filebrowserUploadMethod"] == "xhr"
    script = client.get(config["customConfig"])
    assert script.status_code == 200
    body = b"".join(script.streaming_content) if script.streaming else script.content
    assert b"fileTools_requestHeaders" in body and b"X-CSRFToken" in body


def test_a_writer_browses_only_their_own_uploads(client, writer, editor, settings):
    from articles.roles import WRITER
    from tests.factories import UserFactory

    other = UserFactory(username="phongvien-khac", roles=[WRITER])
    client.force_login(other)
    theirs = _upload(client, pics.jpeg_bytes(), name="cua-nguoi-khac.jpg").json()
    assert theirs["uploaded"] == 1
    assert f"/uploads/{other.pk}/" in theirs["url"]
    client.force_login(writer)
    mine = _upload(client, pics.jpeg_bytes(), name="cua-toi.jpg").json()
    page = client.get("/ckeditor/browse/").content.decode()
    assert "cua-toi-" in page
    assert "cua-nguoi-khac" not in page
    assert f"uploads/{writer.pk}/" in mine["url"]
    boss = UserFactory(username="sieu", is_superuser=True)
    client.force_login(boss)
    everything = client.get("/ckeditor/browse/").content.decode()
    assert "cua-toi-" in everything and "cua-nguoi-khac" in everything
