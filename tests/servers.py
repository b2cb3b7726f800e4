"""Real app servers for tests: gunicorn processes with the production settings
(tests.settings_scaleout), pointed at the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
# The gunicorn master process of each running server, by base URL (for tests that look at the
# workers, e.g. their memory).
MASTERS: dict[str, subprocess.Popen] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(*, port: int | None = None) -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or db['PORT'] or 5432}/{db['NAME']}"


def server_env(*, tmp_path: Path, **env_overrides: str) -> dict[str, str]:
    """The environment of a production process (app server or command) on the test database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_scaleout",
        "SECRET_KEY": "test-servers-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": str(ROOT),
        **env_overrides,
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a management command in its own process (as an operator would), checked."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


@contextmanager
def gunicorn_servers(count: int, *, tmp_path: Path, **env_overrides: str):
    """Start `count` single-worker gunicorn servers; yields their base URLs."""
    env = server_env(tmp_path=tmp_path, **env_overrides)
    servers = []
    for index in range(count):
        port = free_port()
        # The servers' logs go to a file: a pipe nobody reads fills up after 64 KB and then
        # blocks every worker that writes a log line.
        log = (tmp_path / f"gunicorn-{index}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "portal.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        log.close()
        process.log_path = tmp_path / f"gunicorn-{index}.log"
        servers.append((f"http://127.0.0.1:{port}", process))
    try:
        for url, process in servers:
            for _ in range(150):
                try:
                    if urllib.request.urlopen(url + "/healthz", timeout=1).status == 200:
                        break
                except OSError:
                    if process.poll() is not None:
                        log_text = process.log_path.read_text(errors="replace")
                        raise RuntimeError(log_text[-3000:]) from None
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"{url} did not start")
        MASTERS.update(servers)
        yield [url for url, _ in servers]
    finally:
        for url, _ in servers:
            MASTERS.pop(url, None)
        for _, process in servers:
            process.terminate()
            process.wait(timeout=20)
