"""Commands run by an operator in their own process invalidate the pages that app servers cached:
the invalidation is wired when Django starts (PortalConfig.ready), not where a module happens to
be imported."""

import os
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import ArticleFactory
from tests.servers import gunicorn_servers, manage, server_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _home(url: str, path: str = "/") -> tuple[str, str]:
    with urllib.request.urlopen(url + path, timeout=10) as response:
        return response.headers["X-Cache"], response.read().decode()


def test_load_demo_and_restore_in_another_process_invalidate_cached_pages(tmp_path):
    if connection.vendor != "postgresql" or not settings.TEST_REDIS_URL:
        pytest.skip("needs PostgreSQL and TEST_REDIS_URL (as CI runs it)")
    shared = {"REDIS_URL": settings.TEST_REDIS_URL,
              "CACHE_KEY_PREFIX": f"commands-{os.getpid()}",
              "BACKUP_DIR": str(tmp_path / "backups")}  # fmt: skip
    ArticleFactory(title="Bài có trước khi nạp mẫu", published=True)
    with gunicorn_servers(1, tmp_path=tmp_path, **shared) as [url]:
        _home(url)
        cache_state, page = _home(url)
        assert cache_state == "HIT" and "Bài có trước khi nạp mẫu" in page
        env = server_env(tmp_path=tmp_path, **shared)

        manage("load_demo", "--force", env=env)
        cache_state, page = _home(url)
        assert cache_state == "MISS"  # the cached home page was dropped by the command
        assert "Bài có trước khi nạp mẫu" in page and "Học tập và làm theo" in page

        archive = tmp_path / "backups" / "truoc.tar.gz"
        manage("backup", "--output", str(archive), env=env)
        added = ArticleFactory(title="Bài thêm sau khi sao lưu", published=True)
        path = added.get_absolute_url()
        _home(url, path)
        assert _home(url, path)[0] == "HIT"  # the article page is cached
        manage("restore", str(archive), "--yes", env=env)
        with pytest.raises(urllib.error.HTTPError) as gone:
            _home(url, path)  # restored to before it existed: no stale copy is served
        assert gone.value.code == 404
