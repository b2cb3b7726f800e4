"""Pictures in S3-compatible object storage (django-storages), against a real S3 server: moto's
server mode, started here on 127.0.0.1 and a free port, spoken to over HTTP by boto3. The storage
class itself is not mocked."""

import io
import socket

import pytest
from django.core.files.storage import default_storage

from articles.models import Article
from portal import images
from tests import images as pics
from tests.articles.test_admin import ADD_URL, _form

pytestmark = pytest.mark.django_db

BUCKET = "anh-cong-thong-tin"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The default storage is an S3 bucket on the moto server (as S3_BUCKET=... configures it)."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="portal-test",
        aws_secret_access_key="portal-test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": "portal-test",
                "secret_key": "portal-test-secret",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "querystring_auth": False,
                "file_overwrite": True,
            },
        },
    }
    settings.MEDIA_URL = f"{s3_server}/{BUCKET}/"
    assert type(default_storage._wrapped).__name__ != "FileSystemStorage"

    def keys() -> list[str]:
        listing = client.list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(key: str) -> bytes:
        return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    client.keys, client.read = keys, read
    yield client
    for key in keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def test_processed_picture_and_renditions_land_in_the_bucket_and_go_with_delete(s3, settings):
    name, processed = images.store_image(
        io.BytesIO(pics.phone_photo((2000, 1500)) + pics.PAYLOAD), prefix="uploads", stem="Ảnh"
    )
    expected = sorted(
        [name] + [r.name for r in images.renditions_for(name, width=2000, height=1500)]
    )
    assert s3.keys() == expected and len(expected) == 9
    for key in expected:
        data = s3.read(key)
        assert not pics.has_gps(data), key
        assert b"<?php" not in data, key
    assert pics.files_under(settings.MEDIA_ROOT) == []  # nothing on the local disk

    images.delete_image(name)
    assert s3.keys() == []


def test_admin_upload_goes_to_the_bucket_and_the_page_links_there(client, editor, s3, settings):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        _form(
            featured_image=pics.upload(pics.phone_photo((1200, 800))),
            featured_image_alt="Quang cảnh",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.featured_image.name in s3.keys()
    assert len(s3.keys()) == 9
    # The page lists the bucket's renditions (the preview shows the public page to staff).
    html = client.get(f"/admin/articles/article/{article.pk}/xem-truoc/").content.decode()
    assert f"{settings.MEDIA_URL}renditions/{article.featured_image.name.rsplit('.', 1)[0]}" in html


def test_bad_upload_leaves_the_bucket_empty(client, editor, s3):
    client.force_login(editor)
    for data in (pics.SVG, pics.png_header_only(100_000, 100_000), b""):
        response = client.post("/ckeditor/upload/?responseType=json", {"upload": pics.upload(data)})
        assert response.json()["uploaded"] == 0
    assert s3.keys() == []


def test_editor_upload_to_the_bucket_survives_the_body_sanitiser(client, editor, s3):
    client.force_login(editor)
    url = client.post(
        "/ckeditor/upload/?responseType=json", {"upload": pics.upload(pics.jpeg_bytes())}
    ).json()["url"]
    assert url.startswith(f"{s3.meta.endpoint_url}/{BUCKET}/renditions/uploads/")
    elsewhere = f"{s3.meta.endpoint_url}/bucket-khac/anh.jpg"
    body = f'<p><img src="{url}" alt="Ảnh"><img src="{elsewhere}" alt="Ảnh khác"></p>'
    response = client.post(ADD_URL, _form(body=body))
    assert response.status_code == 302
    stored = Article.objects.get().body
    assert f'src="{url}"' in stored
    assert "bucket-khac" not in stored  # another bucket on the same server is not ours


@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({"S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000"),
        ({"S3_CUSTOM_DOMAIN": "media.tuyengiao.example.vn"}, "https://media.tuyengiao.example.vn"),
        ({"S3_REGION": "ap-southeast-1"}, "https://*.amazonaws.com"),
    ],
    ids=["endpoint", "custom-domain", "aws"],
)
def test_s3_settings_let_pages_show_pictures_from_the_bucket(env, origin):
    """With S3_BUCKET set (a fresh interpreter reads the settings), storage is S3 and both
    Content-Security-Policies allow images, and only images, from the bucket's origin."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES'], s.STAFF_CONTENT_SECURITY_POLICY]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "S3_BUCKET": "anh",
        **env,
    }
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=root, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    backend, public, staff = json.loads(out.strip().splitlines()[-1])
    assert backend == "storages.backends.s3.S3Storage"
    assert origin in public["img-src"] and origin in staff["img-src"]
    assert origin not in public["script-src"] and origin not in public["default-src"]
