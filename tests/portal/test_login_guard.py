"""The client's address behind trusted proxies, and failed-login throttling built on it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.clientip import client_ip
from portal.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
PASSWORD = "mat-khau-dung-2026"


# --- the client's address ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        # Direct: the header is the client's own writing and is never read.
        (0, "198.51.100.9", "203.0.113.5", "203.0.113.5"),
        # nginx appends the peer it saw; whatever the client wrote stays on the left.
        (1, "203.0.113.5", "127.0.0.1", "203.0.113.5"),
        (1, "6.6.6.6, 7.7.7.7, 203.0.113.5", "127.0.0.1", "203.0.113.5"),
        # A load balancer, then nginx: the second entry from the right.
        (2, "6.6.6.6, 203.0.113.5, 10.1.1.1", "127.0.0.1", "203.0.113.5"),
        # Fewer entries than proxies: the request did not come through them; REMOTE_ADDR.
        (2, "203.0.113.5", "127.0.0.1", "127.0.0.1"),
        (1, "", "127.0.0.1", "127.0.0.1"),
        # Garbage where the proxy's entry should be: not trusted either.
        (1, "<script>", "127.0.0.1", "127.0.0.1"),
        (1, "2001:DB8::1", "::1", "2001:db8::1"),
        (1, "203.0.113.5:40123", "127.0.0.1", "203.0.113.5"),
    ],
)
def test_client_address_comes_from_the_trusted_hops_only(settings, proxies, forwarded, remote,
                                                          expected):  # fmt: skip
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


# --- throttling ---------------------------------------------------------------------------------
def _login(client, username, password, *, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       **extra)  # fmt: skip


def test_failures_lock_the_account_from_that_address_only(client, settings):
    UserFactory(username="bientap", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "bientap", "sai-mat-khau", ip="10.0.0.1").status_code == 200
    locked = _login(client, "bientap", "sai-mat-khau", ip="10.0.0.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "Vui lòng thử lại sau 1 giờ" in page
    assert locked["Retry-After"] == "3600"
    # The right password from the locked address is refused too...
    assert _login(client, "bientap", PASSWORD, ip="10.0.0.1").status_code == 429
    # ...but the owner, from anywhere else, logs in at once.
    assert _login(client, "bientap", PASSWORD, ip="10.0.0.99").status_code == 302
    assert AuditEntry.objects.filter(action="login_failed", actor_name="bientap").count() >= 5


def test_one_address_cannot_lock_out_other_accounts(client, settings):
    UserFactory(username="nguoithat", password=PASSWORD)
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"doan-mo-{i}", "sai", ip="10.0.0.7")
    assert _login(client, "nguoithat", PASSWORD, ip="10.0.0.7").status_code == 302


def test_spoofed_forwarded_for_neither_resets_nor_spreads_a_lock(client, settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="bientap", password=PASSWORD)
    # The attacker writes a new left-most address every time; nginx appends the real one.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "bientap", "sai", ip="", forwarded=f"1.2.3.{n}, 198.51.100.20")
    spoofed = _login(client, "bientap", PASSWORD, ip="", forwarded="9.9.9.9, 198.51.100.20")
    assert spoofed.status_code == 429
    # Every request came through the same proxy (REMOTE_ADDR 127.0.0.1): another reader behind
    # it is not locked.
    other = _login(client, "bientap", PASSWORD, ip="", forwarded="203.0.113.44")
    assert other.status_code == 302
    entry = AuditEntry.objects.filter(action="login_failed").first()
    assert entry.ip_address == "198.51.100.20"


def test_per_account_limit_over_all_addresses(client, settings):
    """Past LOGIN_USERNAME_FAILURE_LIMIT failures from everywhere, an address that already
    failed for the account is refused for it; an address that never failed is not."""
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 6
    UserFactory(username="bientap", password=PASSWORD)
    for n in range(6):
        assert _login(client, "bientap", "sai", ip=f"10.0.1.{n}").status_code == 200
    # One failure each, far from the per-address limit of 5, yet the account rule now applies.
    refused = _login(client, "bientap", PASSWORD, ip="10.0.1.3")
    assert refused.status_code == 429
    assert "Tạm khóa đăng nhập" in refused.content.decode()
    # The owner, from an address that has not failed, logs in at once.
    assert _login(client, "bientap", PASSWORD, ip="10.0.2.2").status_code == 302
    # Below the account limit, an address with one failure is not refused.
    UserFactory(username="khac", password=PASSWORD)
    _login(client, "khac", "sai", ip="10.0.1.1")
    assert _login(client, "khac", PASSWORD, ip="10.0.1.1").status_code == 302


def test_login_posts_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = [
        {**rule, "limit": 3} if rule["name"] == "login" else rule for rule in settings.RATE_LIMITS
    ]
    for i in range(3):
        assert _login(client, f"ai-do-{i}", "sai", ip="10.0.3.1").status_code == 200
    refused = _login(client, "ai-do-9", "sai", ip="10.0.3.1")
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # Another address has its own budget.
    assert _login(client, "ai-do-9", "sai", ip="10.0.3.2").status_code == 200
