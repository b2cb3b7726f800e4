"""Headers, CSP, login protection, sessions, the staff URL matrix, database faults, audit log."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from portal.models import AuditEntry
from tests.factories import ArticleFactory, CategoryFactory, UserFactory
from tests.html import inline_scripts

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_urls():
    category = CategoryFactory(name="Xây dựng Đảng")
    article = ArticleFactory(category=category, published=True, tags=["Sa Đéc"])
    return [
        "/",
        category.get_absolute_url(),
        article.get_absolute_url(),
        "/the/sa-dec/",
        reverse("articles:print", args=[article.slug]),
        "/luu-tru/",
        "/khong-co-trang/",
    ]


def test_public_pages_have_a_strict_csp_and_no_inline_script(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        html = response.content.decode()
        assert inline_scripts(html) == [], url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers
        assert " style=" not in html, url


def test_public_security_headers(client, public_urls):
    response = client.get(public_urls[2])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_staff_pages_get_the_staff_policy(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_add"))
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 20 + "Zq8#xT!rW2@pL9$mN4%vB7^cJ1&hG6*dF3(sA0)eY5-uI_oK",
        "ALLOWED_HOSTS": "tuyengiao.example.vn",
        "SITE_URL": "https://tuyengiao.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "False",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="x.vn",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("site_url", "refusal"),
    [(None, "Set the SITE_URL"), ("http://tuyengiao.example.vn", "https://"),
     ("https://tuyengiao.example.vn/tin-tuc/", "without a path")],
)  # fmt: skip
def test_production_refuses_to_start_without_the_site_url(tmp_path, site_url, refusal):
    """E-mails link to SITE_URL: production never falls back to a local address."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="k" * 50,
               ALLOWED_HOSTS="x.vn", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               **({"SITE_URL": site_url} if site_url else {}))  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0
    assert refusal in result.stderr


def test_production_mails_from_the_site_host_unless_told(tmp_path):
    """Never webmaster@localhost: without DEFAULT_FROM_EMAIL the sender is at SITE_URL's host."""
    unset = ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "SITE_NAME")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="k" * 50,
               ALLOWED_HOSTS="tuyengiao.example.vn", SITE_URL="https://tuyengiao.example.vn",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")  # fmt: skip
    show = (
        "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL); print(s.SERVER_EMAIL)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sender = "Ban Tuyên giáo Thành ủy <no-reply@tuyengiao.example.vn>"
    assert result.stdout.splitlines() == [sender, sender]


# --- login protection ----------------------------------------------------------------------
LOGIN = reverse("admin:login")


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password,
                               "next": "/admin/"}, REMOTE_ADDR=ip)  # fmt: skip


def test_idle_staff_sessions_expire(client, settings):
    UserFactory(username="bt", password="mat-khau-dung-2026", is_superuser=True)
    assert _login(client, "bt", "mat-khau-dung-2026").status_code == 302
    assert client.get("/admin/").status_code == 200
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with time_machine.travel(later):
        assert client.get("/admin/").status_code == 200  # activity keeps the session alive
    idle = later + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(idle):
        response = client.get("/admin/")
        assert response.status_code == 302 and LOGIN in response["Location"]


def test_password_change_logs_out_every_other_session():
    user = UserFactory(username="bt2", password="mat-khau-cu-2026", is_superuser=True)
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        assert _login(device, "bt2", "mat-khau-cu-2026").status_code == 302
    response = laptop.post(
        reverse("admin:password_change"),
        {"old_password": "mat-khau-cu-2026", "new_password1": "Mat-khau-moi-2026!",
         "new_password2": "Mat-khau-moi-2026!"},
    )  # fmt: skip
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200  # the device that changed it stays in
    assert phone.get("/admin/").status_code == 302  # every other session is gone
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")


def test_weak_passwords_are_refused(client):
    UserFactory(username="bt3", password="mat-khau-cu-2026", is_superuser=True)
    _login(client, "bt3", "mat-khau-cu-2026")
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": "mat-khau-cu-2026", "new_password1": "12345678",
         "new_password2": "12345678"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Mật khẩu" in response.content.decode()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="bt3").check_password("mat-khau-cu-2026")


# --- every staff URL, as anonymous, writer and editor ----------------------------------------
@pytest.fixture
def staff_urls(writer, editor):
    other = UserFactory(username="phongvien-khac", roles=["Phóng viên"])
    own = ArticleFactory(created_by=writer, title="Bài của phóng viên")
    foreign = ArticleFactory(created_by=other, title="Bài của người khác")
    trashed = ArticleFactory(
        created_by=other, title="Bài trong thùng rác", deleted_at=timezone.now()
    )
    a = "admin:articles_"
    return {
        # url: (writer may open it?, editor may open it?)
        reverse(f"{a}article_changelist"): (True, True),
        reverse(f"{a}article_add"): (True, True),
        reverse(f"{a}article_change", args=[own.pk]): (True, True),
        reverse(f"{a}article_change", args=[foreign.pk]): (False, True),
        reverse(f"{a}article_history", args=[foreign.pk]): (False, True),
        reverse(f"{a}article_preview", args=[foreign.pk]): (False, True),
        reverse(f"{a}article_preview_link", args=[foreign.pk]): (False, True),
        reverse(f"{a}article_transition", args=[foreign.pk, "submit"]): (False, True),
        reverse(f"{a}queue"): (True, True),
        reverse(f"{a}mine"): (True, True),
        reverse(f"{a}scheduled"): (True, True),
        reverse(f"{a}article_trash"): (False, True),
        reverse(f"{a}article_change", args=[trashed.pk]): (False, False),
        reverse("admin:portal_auditentry_changelist"): (False, False),
        reverse("review_queue"): (True, True),
        reverse("admin:auth_user_changelist"): (False, False),
        reverse("admin:articles_category_add"): (False, False),
    }


@pytest.mark.parametrize("role", ["anonymous", "writer", "editor"])
def test_every_staff_url_for_every_role(client, staff_urls, role, writer, editor):
    user = {"writer": writer, "editor": editor}.get(role)
    if user:
        client.force_login(user)
    for url, (writer_ok, editor_ok) in staff_urls.items():
        response = client.get(url)
        allowed = {"anonymous": False, "writer": writer_ok, "editor": editor_ok}[role]
        if allowed:
            assert response.status_code == 200, (role, url, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and LOGIN in response["Location"], url
        else:
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
            if response.status_code == 302:  # the admin's "does not exist" redirect
                assert not response["Location"].startswith(url)
            assert "Bài của người khác" not in response.content.decode()


def test_site_admin_reads_the_audit_log(client, site_admin, editor, writer):
    article = ArticleFactory(created_by=writer, status="pending")
    services.article_publish(article=article, by=editor)
    group = Group.objects.get(name="Biên tập viên")
    writer.groups.add(group)
    client.force_login(site_admin)
    html = client.get(reverse("admin:portal_auditentry_changelist")).content.decode()
    assert "Xuất bản" in html and article.title in html
    assert "Đổi vai trò" in html and "phongvien" in html
    assert AuditEntry.objects.filter(action="publish", actor=editor).exists()
    client.force_login(editor)
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 403


# --- database faults ---------------------------------------------------------------------------
def test_unreachable_database_gives_a_vietnamese_503_and_recovers(public_urls):
    client = Client(raise_request_exception=False)
    url = public_urls[2]
    error = OperationalError('could not connect to server: Connection refused\n"secret-host"')
    with mock.patch.object(connection, "cursor", side_effect=error):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "tạm ngừng phục vụ" in html
    assert "Traceback" not in html and "secret-host" not in html and "OperationalError" not in html
    assert client.get(url).status_code == 200  # back as soon as the database is
