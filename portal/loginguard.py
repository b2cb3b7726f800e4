"""Failed staff logins: django-axes, with the portal's two rules and its Vietnamese lockout page.

1. Per account *and* address together (`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`):
   `AXES_FAILURE_LIMIT` wrong passwords for one account from one address lock that pair for
   `AXES_COOLOFF_HOURS`. Someone guessing from their own address locks only themselves out;
   the account's owner, from anywhere else, still logs in.
2. Per account, from every address together, a slower limit: once an account has had
   `LOGIN_USERNAME_FAILURE_LIMIT` failures within the cool-off time, from however many
   addresses, every address that has already failed for it is refused for it until the
   cool-off ends. A distributed guesser gets at most one wrong try per address from then on
   instead of `AXES_FAILURE_LIMIT`; an address that has not failed for the account -- the owner
   at the office, at home, on the phone -- is never refused by this rule, so the owner's correct
   password is never locked out in advance.

The client's address is `portal.clientip.client_ip` (trusted proxy hops only).
"""

from __future__ import annotations

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class PortalAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        throttled = self.account_throttled(request, credentials)
        if throttled and request is not None:
            request.portal_account_throttled = True
        return throttled

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The refused attempt is recorded like any failure; make sure it gets the lockout page
        # even though this address is below the per-address limit.
        if request is not None and getattr(request, "portal_account_throttled", False):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def account_throttled(self, request, credentials: dict | None = None) -> bool:
        limit = getattr(settings, "LOGIN_USERNAME_FAILURE_LIMIT", 0)
        username = get_client_username(request, credentials)
        if not limit or not username:
            return False
        recent = AccessAttempt.objects.filter(username=username)
        cool_off = get_cool_off(request)
        if cool_off is not None:
            since = (getattr(request, "axes_attempt_time", None) or _now()) - cool_off
            recent = recent.filter(attempt_time__gte=since)
        total = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if total < limit:
            return False
        address = getattr(request, "axes_ip_address", None)
        return recent.filter(ip_address=address).exists()


def _now():
    from django.utils import timezone

    return timezone.now()


def _vietnamese_duration(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return f"{minutes} phút"
    hours, rest = divmod(minutes, 60)
    return f"{hours} giờ" + (f" {rest} phút" if rest else "")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Vietnamese page, status 429 and a Retry-After header."""
    cool_off = get_cool_off(request)
    seconds = cool_off.total_seconds() if cool_off else 3600
    response = render(
        request,
        "portal/lockout.html",
        {"retry_after": _vietnamese_duration(seconds)},
        status=429,
    )
    response["Retry-After"] = str(int(seconds))
    response["Cache-Control"] = "no-store"
    return response
