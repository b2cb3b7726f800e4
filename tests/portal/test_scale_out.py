"""Two gunicorn app servers, one PostgreSQL, one Redis: an article published through one
server's admin is on the other server's (cached) pages at once."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import ArticleFactory, CategoryFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def two_servers(tmp_path):
    if connection.vendor != "postgresql" or not settings.TEST_REDIS_URL:
        pytest.skip("needs PostgreSQL and TEST_REDIS_URL (as CI runs it)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_scaleout",
        "SECRET_KEY": "scale-out-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": f"scaleout-{os.getpid()}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": str(ROOT),
    }
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "portal.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        servers.append((f"http://127.0.0.1:{port}", process))
    try:
        for url, process in servers:
            for _ in range(150):
                try:
                    if urllib.request.urlopen(url + "/healthz", timeout=1).status == 200:
                        break
                except OSError:
                    if process.poll() is not None:
                        pytest.fail(process.stderr.read().decode()[-3000:])
                    time.sleep(0.2)
            else:
                pytest.fail(f"{url} did not start")
        yield [url for url, _ in servers]
    finally:
        for _, process in servers:
            process.terminate()
            process.wait(timeout=20)


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _get(opener, url):
    with opener.open(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def _post(opener, url, data):
    _, _, page = _get(opener, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    with opener.open(request, timeout=10) as response:
        return response.status, response.geturl()


def test_publish_on_one_server_is_seen_on_the_other(two_servers):
    server_a, server_b = two_servers
    category = CategoryFactory(name="Xây dựng Đảng")
    ArticleFactory(title="Bài đã có", category=category, published=True)
    editor = UserFactory(username="bientap-2may", roles=["Biên tập viên"])
    editor.set_password("Mat-khau-2-may!")
    editor.save()
    pending = ArticleFactory(title="Bài mới hai máy", category=category, status="pending")

    reader = _opener()
    for _ in range(2):
        status, headers, page = _get(reader, server_b + "/")
        assert status == 200 and "Bài mới hai máy" not in page
    assert headers["X-Cache"] == "HIT"  # server B serves its cached home page

    staff = _opener()
    status, url = _post(staff, server_a + "/admin/login/?next=/admin/",
                        {"username": "bientap-2may", "password": "Mat-khau-2-may!"})  # fmt: skip
    assert urllib.parse.urlsplit(url).path == "/admin/"  # logged in on server A
    _post(staff, f"{server_a}/admin/articles/article/{pending.pk}/chuyen-trang-thai/publish/", {})
    pending.refresh_from_db()
    assert pending.status == "published"  # published through server A

    status, headers, page = _get(reader, server_b + "/")
    assert "Bài mới hai máy" in page
    status, _, page = _get(reader, server_b + pending.get_absolute_url())
    assert status == 200 and "Bài mới hai máy" in page
