"""Per-client limits on the requests that cost the most: search, filtered showcase lists, the
sitemap, logins and editor uploads.

Each rule of `settings.RATE_LIMITS` counts one client's requests (its address from
`portal.clientip`, so behind nginx every reader has their own budget) in a fixed window in the
shared cache; past the limit the client gets a Vietnamese 429 page with `Retry-After` until the
window ends. Counters live in the cache (Redis in production): every worker and host shares
them, and they expire by themselves. A cache that cannot be reached lets requests through.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template import loader

from portal.clientip import client_ip


@dataclass(frozen=True)
class Rule:
    name: str
    prefix: str
    limit: int
    seconds: int
    what: str  # Vietnamese, for the page: "tìm kiếm", "đăng nhập"...
    methods: tuple[str, ...] = ("GET", "HEAD", "POST")
    only_with_query: bool = False

    def applies(self, request) -> bool:
        return (
            request.path_info.startswith(self.prefix)
            and request.method in self.methods
            and (not self.only_with_query or bool(request.META.get("QUERY_STRING")))
        )


def rules() -> list[Rule]:
    return [Rule(**rule) for rule in settings.RATE_LIMITS]


def hit(rule: Rule, address: str) -> int:
    """Count one request; returns how many seconds the client must wait (0: allowed)."""
    now = time.time()
    window = int(now // rule.seconds)
    key = f"portal:rate:{rule.name}:{address}:{window}"
    # add() then incr(): atomic in Redis; the key expires with its window.
    cache.add(key, 0, rule.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between the two calls, or no cache at all: let it through
        return 0
    if count > rule.limit:
        return max(1, int((window + 1) * rule.seconds - now))
    return 0


def too_many(rule: Rule, retry_after: int) -> HttpResponse:
    body = loader.get_template("429.html").render({"what": rule.what, "retry_after": retry_after})
    response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for rule in rules():
            if rule.applies(request):
                address = client_ip(request)
                if address:
                    wait = hit(rule, address)
                    if wait:
                        return too_many(rule, wait)
        return self.get_response(request)
