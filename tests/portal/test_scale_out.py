"""Two gunicorn app servers, one PostgreSQL, one Redis: an article published through one
server's admin is on the other server's (cached) pages at once."""

import os
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import ArticleFactory, CategoryFactory, UserFactory
from tests.servers import gunicorn_servers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def two_servers(tmp_path):
    if connection.vendor != "postgresql" or not settings.TEST_REDIS_URL:
        pytest.skip("needs PostgreSQL and TEST_REDIS_URL (as CI runs it)")
    with gunicorn_servers(
        2,
        tmp_path=tmp_path,
        REDIS_URL=settings.TEST_REDIS_URL,
        CACHE_KEY_PREFIX=f"scaleout-{os.getpid()}",
    ) as urls:
        yield urls


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
