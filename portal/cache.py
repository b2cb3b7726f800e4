"""Whole-page caching for anonymous readers, and its invalidation, in one place.

Every cached page is stored under a key that contains the *content generation*, a number kept
in the shared cache (Redis in production). The generation changes when

- any content row is saved or deleted (articles, categories, authors, tags, organisations,
  the showcase): signal receivers below, connected for whole apps, so no model is forgotten;
- the clock passes the next `publish_at` or `expire_at` of a published article or showcase
  entry: the next boundary is stored beside the generation and checked on every request.

So a scheduled article appears on time and a taken-down one disappears from every page at
once, on every app server, without a purge list. Staff (logged-in users) always get fresh
pages. Responses carry Cache-Control and Last-Modified; ETags and 304 answers come from
Django's ConditionalGetMiddleware.
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

GEN_KEY = "portal:content:gen"
BOUNDARY_KEY = "portal:content:boundary"
CONTENT_APPS = {"articles", "models_campaign", "portal", "taggit"}
NOT_CONTENT = {"portal.auditentry", "portal.previewlink", "portal.workflowevent", "portal.revision",
               # Contest entries arrive by the thousand and show on no cached page until a round
               # is frozen (a content change); deletions bump the generation themselves.
               "models_campaign.participant", "models_campaign.contestentry"}  # fmt: skip
NEVER_CACHED = ("/admin/", "/ckeditor/", "/xem-truoc/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "ETag")


def _now() -> float:
    return time.time()


def bump_generation() -> int:
    """A new generation: every cached page is now stale. Returns it (a millisecond clock)."""
    generation = int(_now() * 1000)
    cache.set(GEN_KEY, generation, None)
    cache.delete(BOUNDARY_KEY)
    return generation


def _next_boundary() -> float:
    """The next moment a published item of any publishable type appears or expires (epoch
    seconds), read from the editorial core's rule."""
    from django.db.models import Min, Q

    from portal.editorial.models import Status, publishable_models

    now = timezone.now()
    moments: list[datetime] = []
    for model in publishable_models():
        public = model._default_manager.filter(
            **{model.status_field_name: Status.PUBLISHED}, deleted_at__isnull=True
        )
        found = public.aggregate(
            next_publish=Min("publish_at", filter=Q(publish_at__gt=now)),
            next_expire=Min("expire_at", filter=Q(expire_at__gt=now)),
        )
        moments += [value for value in found.values() if value is not None]
    if not moments:
        return _now() + settings.PAGE_CACHE_SECONDS
    return min(moments).timestamp()


def current_generation(extra_key: str | None = None) -> tuple[int, float, object]:
    """The generation pages are cached under now, when it ends (epoch seconds), and the value
    of `extra_key`, all read in one round trip to the cache."""
    keys = [GEN_KEY, BOUNDARY_KEY] + ([extra_key] if extra_key else [])
    values = cache.get_many(keys)
    generation, boundary = values.get(GEN_KEY), values.get(BOUNDARY_KEY)
    extra = values.get(extra_key) if extra_key else None
    if generation is None:
        generation = bump_generation()
        boundary = None
    elif boundary is not None and _now() >= boundary:
        generation = bump_generation()
        boundary = None
    if boundary is None:
        boundary = _next_boundary()
        cache.set(BOUNDARY_KEY, boundary, None)
    return generation, boundary, extra


_state = threading.local()


@contextmanager
def muted():
    """No invalidation for writes that are rolled back (previews of pending changes)."""
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = False


def _content_changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS or meta.label_lower in NOT_CONTENT:
        return
    if getattr(_state, "muted", False):
        return
    bump_generation()


def connect_signals() -> None:
    """Called from PortalConfig.ready(): every process that changes content (web workers,
    management commands, the shell) invalidates cached pages."""
    post_save.connect(_content_changed, dispatch_uid="portal.cache.saved")
    post_delete.connect(_content_changed, dispatch_uid="portal.cache.deleted")
    m2m_changed.connect(_content_changed, dispatch_uid="portal.cache.m2m")


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and _is_staff(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        # One round trip: the generation, its end, and the page stored for this address. A page
        # stored under an older generation is stale.
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"portal:page:{request.get_host()}:{path_hash}"
        generation, boundary, entry = current_generation(key)
        cacheable = True
        if entry is not None and entry.get("generation") != generation:
            entry = None
        if entry is not None:
            response = HttpResponse(entry["content"], status=entry["status"])
            for name, value in entry["headers"].items():
                response[name] = value
            if entry.get("article_id"):
                from articles.viewcounts import counter

                counter.record(entry["article_id"])
            response["X-Cache"] = "HIT"
        else:
            response = self.get_response(request)
            cacheable = self._cacheable_response(response)
            if cacheable:
                ttl = max(1, min(settings.PAGE_CACHE_SECONDS, int(boundary - _now())))
                # The ETag is computed once here, not on every hit (ConditionalGetMiddleware
                # keeps an ETag that is already set).
                if not response.has_header("ETag"):
                    set_response_etag(response)
                cache.set(
                    key,
                    {
                        "generation": generation,
                        "status": response.status_code,
                        "content": response.content,
                        "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
                        "article_id": getattr(response, "counted_article_id", None),
                    },
                    ttl,
                )
            response["X-Cache"] = "MISS"
        if cacheable:
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            response["Last-Modified"] = http_date(generation // 1000)
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(NEVER_CACHED)
            and not _is_staff(request)
        )

    @staticmethod
    def _cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
