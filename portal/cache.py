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
import logging
import os
import threading
import time
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, urlencode

GEN_KEY = "portal:content:gen"
BOUNDARY_KEY = "portal:content:boundary"
CONTENT_APPS = {"articles", "models_campaign", "portal", "taggit"}
NOT_CONTENT = {"portal.auditentry", "portal.previewlink", "portal.workflowevent", "portal.revision",
               # Contest entries arrive by the thousand and show on no cached page until a round
               # is frozen (a content change); deletions bump the generation themselves.
               "models_campaign.participant", "models_campaign.contestentry"}  # fmt: skip
NEVER_CACHED = ("/admin/", "/ckeditor/", "/xem-truoc/", "/api/")  # the API counts every request
LOCAL_VALUES = 2000  # per-page values one process keeps per generation (LocalState.keep_value)
# Part of the shared key of every per-generation value: raise it when a release changes the shape
# of a kept value (a class gains an attribute, a dict a key), so that the new code never reads a
# value pickled by the old one while the generation it was stored under is still current.
VALUES_VERSION = 2
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "ETag")

logger = logging.getLogger(__name__)


def _now() -> float:
    return time.time()


_last_bump = 0
_bump_lock = threading.Lock()


def bump_generation() -> int:
    """A new generation: every cached page is now stale. Returns it (a millisecond clock,
    never the same twice in one process: a save and its commit's bump may fall in one ms)."""
    global _last_bump
    with _bump_lock:
        generation = _last_bump = max(int(_now() * 1000), _last_bump + 1)
    cache.set(GEN_KEY, generation, None)
    cache.delete(BOUNDARY_KEY)
    local.invalidate()
    _announce(generation)
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
        # Nothing scheduled: look again later (a new schedule starts a generation anyway). Not
        # "now" when the page cache is off: section counts and the navigation still use the
        # generation (per_generation).
        return _now() + max(settings.PAGE_CACHE_SECONDS, 60)
    return min(moments).timestamp()


def current_generation(extra_key: str | None = None) -> tuple[int, float, object]:
    """The generation pages are cached under now, when it ends (epoch seconds), and the value
    of `extra_key`, all read in one round trip to the cache."""
    keys = [GEN_KEY, BOUNDARY_KEY] + ([extra_key] if extra_key else [])
    epoch = local.epoch  # before the read: a change announced during it makes it untrusted
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
    local.remember(generation, boundary, epoch)
    return generation, boundary, extra


# --- the generation as this process knows it ----------------------------------------------------
class LocalState:
    """What this process knows of the generation, and the pages and values it keeps for it, so
    that a cached hit makes no round trip to Redis.

    The generation read from the shared cache is trusted here, without asking again, while

    - this process listens to the generation's channel (Redis pub/sub: `bump_generation`
      announces every new generation there, from any process on any host), or the cache is
      this process's own memory (LocMemCache: one process, which bumps it itself);
    - no announcement arrived since it was read (`epoch`: every announcement, every local bump
      and every (re)subscription moves it on, and a generation read before the move is not
      trusted);
    - the schedule boundary read with it has not passed (a scheduled article appears on time);
    - it was read less than PAGE_CACHE_LOCAL_SECONDS ago (a bound on an announcement lost with
      a connection that died silently).

    Otherwise the request asks Redis as before. Pages are kept by address (host, path, query
    string), at most PAGE_CACHE_LOCAL_ENTRIES of them, only for the current generation.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.epoch = 0
        self.known: tuple[int, float, int, float] | None = None
        self.pages: dict[tuple[str, str, str], tuple[int, dict]] = {}
        self.values: dict[str, tuple[int, object]] = {}
        self.item_values: dict[str, tuple[int, object]] = {}
        self.fragments: dict[tuple, tuple[int, str]] = {}
        self.listener_pid = 0
        self.listening = False

    def invalidate(self) -> None:
        with self.lock:
            self.epoch += 1
            self.known = None
            self.pages = {}

    def remember(self, generation: int, boundary: float | None, epoch: int) -> None:
        """`boundary` None: read without its schedule boundary (good for values that no
        publication time changes only)."""
        with self.lock:
            if epoch != self.epoch:
                return  # a new generation was announced while this one was read
            if self.known is not None and self.known[0] != generation:
                self.pages = {}
            elif boundary is None and self.known is not None:
                boundary = self.known[1]  # the same generation: keep the boundary it had
            self.known = (generation, boundary, epoch, time.monotonic())

    def trusted(self) -> bool:
        if _process_local_cache():
            return True
        if self.listener_pid != os.getpid():
            _start_listener()
            return False
        return self.listening

    def generation(self, *, scheduled: bool = True) -> int | None:
        """The current generation if this process may use it without asking Redis, else None."""
        known = self.known
        if known is None or known[2] != self.epoch or not self.trusted():
            return None
        generation, boundary, _epoch, read_at = known
        if time.monotonic() - read_at > settings.PAGE_CACHE_LOCAL_SECONDS:
            return None
        if scheduled and (boundary is None or _now() >= boundary):
            return None
        return generation

    def keep_page(self, address: tuple[str, str, str], generation: int, entry: dict) -> None:
        if settings.PAGE_CACHE_LOCAL_ENTRIES <= 0:
            return
        with self.lock:
            if self.known is None or self.known[0] != generation:
                return
            if len(self.pages) >= settings.PAGE_CACHE_LOCAL_ENTRIES:
                # The oldest half goes (dicts keep insertion order).
                for old in list(self.pages)[: len(self.pages) // 2 + 1]:
                    del self.pages[old]
            self.pages[address] = (generation, entry)

    def keep_value(self, name: str, stored: tuple[int, object], *, many: bool) -> None:
        """A per-generation value kept in this process. Values of one page each (`many`: an
        article's byline and related list) make a name per page, so at most LOCAL_VALUES of
        them, kept apart from the site-wide ones (the category tree, the counts) that every
        page reads and that are never pushed out by them."""
        with self.lock:
            kept = self.item_values if many else self.values
            if many and name not in kept and len(kept) >= LOCAL_VALUES:
                for old in list(kept)[: len(kept) // 2 + 1]:  # the oldest half
                    del kept[old]
            kept[name] = stored


local = LocalState()
os.register_at_fork(after_in_child=local.reset)  # gunicorn forks after loading the app


def forget_local() -> None:
    """Forget what this process keeps (the suite calls it when it empties the cache)."""
    local.invalidate()
    local.values = {}
    local.item_values = {}
    local.fragments = {}


def _process_local_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def _channel() -> str:
    return cache.make_key(GEN_KEY)


def _announce(generation: int) -> None:
    if _process_local_cache():
        return
    try:
        from django_redis import get_redis_connection

        get_redis_connection("default").publish(_channel(), str(generation))
    except Exception as error:  # no Redis: no process trusts a local copy without it either
        logger.warning("Could not announce the new content generation: %s", error)


def _start_listener() -> None:
    with local.lock:
        if local.listener_pid == os.getpid():
            return
        local.listener_pid = os.getpid()
        local.listening = False
    try:
        from django_redis import get_redis_connection

        client = get_redis_connection("default")
    except Exception:
        return
    thread = threading.Thread(
        target=_listen, args=(client, _channel()), name="page-cache-listener", daemon=True
    )
    thread.start()


def _listen(client, channel: str) -> None:
    """Runs in its own thread: every announcement makes this process ask Redis again."""
    while local.listener_pid == os.getpid():
        pubsub = None
        try:
            pubsub = client.pubsub()
            pubsub.subscribe(channel)
            while local.listener_pid == os.getpid():
                message = pubsub.get_message(timeout=5.0)
                if message is None:
                    continue
                if message["type"] == "subscribe":
                    local.invalidate()  # anything read before the subscription is suspect
                    local.listening = True
                elif message["type"] == "message":
                    local.invalidate()
        except Exception:
            local.listening = False
            local.invalidate()
            time.sleep(1.0)
        finally:
            if pubsub is not None:
                try:
                    pubsub.close()
                except Exception:
                    pass


def unscheduled_generation(extra_key: str | None = None):
    """The generation without its schedule boundary (for what no publication time changes:
    the navigation, the category tree), and `extra_key`'s value when given: one round trip."""
    epoch = local.epoch
    if extra_key is None:
        generation = cache.get(GEN_KEY)
    else:
        values = cache.get_many([GEN_KEY, extra_key])
        generation = values.get(GEN_KEY)
    if generation is None:
        generation = bump_generation()
    else:
        local.remember(generation, None, epoch)
    if extra_key is None:
        return generation
    return generation, values.get(extra_key)


def generation_fragment(key: tuple, render) -> str:
    """`render()`'s HTML, rendered once per content generation by this process and reused (the
    page chrome: `{% chrome %}` in templates). Kept in this process only: a fragment is cheaper
    to render again than to fetch."""
    from django.urls import get_script_prefix

    generation = local.generation(scheduled=False)
    if generation is None:
        generation = unscheduled_generation()
    key = (get_script_prefix(), *key)
    kept = local.fragments.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    html = render()
    if len(local.fragments) >= 200:
        local.fragments = {}
    local.fragments[key] = (generation, html)
    return html


def per_generation(name: str, compute, *, scheduled: bool = True, many: bool = False):
    """`compute()`'s value, computed once per content generation and shared by every worker
    (the section counts of list pages, the navigation bar). One round trip to the cache when
    the value is there; content changes and schedule boundaries start a new generation, so the
    value is never older than the pages built from it. `scheduled=False` for a value that no
    publication time changes (the categories of the navigation bar): the schedule boundary is
    then not looked at. `many=True` for a value of one page among many (an article's byline and
    related list): a process keeps at most LOCAL_VALUES of those."""
    key = f"portal:gen-value:{VALUES_VERSION}:{name}"
    known = local.generation(scheduled=scheduled)
    if known is not None:
        stored = (local.item_values if many else local.values).get(name)
        if stored is not None and stored[0] == known:
            return stored[1]
    if scheduled:
        generation, _boundary, stored = current_generation(key)
    else:
        generation, stored = unscheduled_generation(key)
    if stored is not None and stored[0] == generation:
        local.keep_value(name, stored, many=many)
        return stored[1]
    value = compute()
    cache.set(key, (generation, value), settings.PAGE_CACHE_SECONDS or 600)
    local.keep_value(name, (generation, value), many=many)
    return value


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
    # Once more when the transaction commits: a reader between the save and the commit still
    # sees the old rows, and would keep what it built from them (a page, an article's related
    # list) under the new generation. One such bump per transaction, however many rows it saves.
    connection = transaction.get_connection(kwargs.get("using") or DEFAULT_DB_ALIAS)
    if connection.in_atomic_block and not any(
        entry[1] is _bump_after_commit for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump_after_commit, using=connection.alias)


def _bump_after_commit() -> None:
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
        # The page is filed under its path and only the query parameters its view declares
        # (`cache_params`): `/?z=1` is the home page, not a new page to store.
        looked_up = getattr(request, "page_cache_lookup", None)
        if looked_up is not None:  # EarlyPageCacheMiddleware asked the cache already
            key, wanted, generation, boundary, entry = looked_up
        else:
            key, wanted = page_key(request)
            if key is not None:
                # One round trip: the generation, its end, and the page stored for this
                # address. A page stored under an older generation is stale.
                generation, boundary, entry = current_generation(key)
        if key is None:
            response = self.get_response(request)
            response["X-Cache"] = "BYPASS"
            return response
        cacheable = True
        stale = None
        if entry is not None and entry.get("generation") != generation:
            stale, entry = entry, None
        if entry is not None:
            response = _replay(request, entry, entry["headers"])
            modified = entry.get("modified", generation // 1000)
        else:
            request.page_cache_used = {}
            response = self.get_response(request)
            # Stored only when the view used every declared parameter as given: a nonsense
            # `?page=abc` (shown as page 1) or an unknown filter value never makes an entry.
            cacheable = self._cacheable_response(response) and request.page_cache_used == wanted
            modified = int(_now())
            if cacheable:
                modified = self._store(
                    response, key, generation, boundary, stale, modified, early=looked_up
                )
            response["X-Cache"] = "MISS"
        if cacheable:
            _public_cache_headers(response, modified)
        return response

    @staticmethod
    def _store(response, key, generation, boundary, stale, modified, *, early) -> int:
        """Files a freshly rendered page under `key` for this generation; returns the page's
        Last-Modified time (kept from the stale entry when the bytes are the same)."""
        ttl = max(1, min(settings.PAGE_CACHE_SECONDS, int(boundary - _now())))
        # The ETag is computed once here, not on every hit (ConditionalGetMiddleware keeps an
        # ETag that is already set).
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Last-Modified follows the page's content: a page rendered again under a new
        # generation with the same bytes keeps the date it had.
        if stale is not None and stale.get("headers", {}).get("ETag") == response["ETag"]:
            modified = stale.get("modified", modified)
        stored = {
            "generation": generation,
            "status": response.status_code,
            "content": response.content,
            "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
            "article_id": getattr(response, "counted_article_id", None),
            "modified": modified,
        }
        if early is not None:
            # Stored by EarlyPageCacheMiddleware, with the headers the middleware between the
            # two adds (CSP, X-Frame-Options, Vary...).
            response.page_cache_pending = (key, stored, ttl)
        else:
            cache.set(key, stored, ttl)
        return modified

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


def _replay(request, entry: dict, headers: dict) -> HttpResponse:
    """A stored page as a response, the article's view counted as if it had been rendered."""
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in headers.items():
        response[name] = value
    if entry.get("article_id"):
        from articles.viewcounts import counter

        counter.record(entry["article_id"], request=request)
    response["X-Cache"] = "HIT"
    return response


def _public_cache_headers(response, modified: int) -> None:
    # Browsers ask again on every view (a 304 when nothing changed), so a take-down reaches a
    # reader who just read the page; a CDN in front may keep it PAGE_CACHE_SHARED_SECONDS (0:
    # not at all) and must be purged on changes.
    patch_cache_control(response, public=True, no_cache=True, max_age=0)
    if settings.PAGE_CACHE_SHARED_SECONDS > 0:
        patch_cache_control(response, s_maxage=settings.PAGE_CACHE_SHARED_SECONDS)
    response["Last-Modified"] = http_date(modified)


# Headers that belong to one answer, not to the page: never replayed from the cache.
PER_ANSWER_HEADERS = frozenset(
    {"set-cookie", "x-cache", "last-modified", "cache-control", "content-length", "date"}
)


class EarlyPageCacheMiddleware:
    """Answers a cached page to a reader without a session before sessions, locale, CSRF,
    authentication, messages, CSP, ETag computation and django-axes run.

    It sits right after the rate limits (a client past its budget still gets its 429) and under
    SecurityMiddleware and the security headers, which still run. Everything the middleware
    below it adds to a page (Content-Security-Policy, X-Frame-Options, Vary, Content-Language,
    the ETag) is recorded with the page when it is stored, and replayed; conditional requests
    get their 304 here; an article's view is counted as on any hit. A request that carries a
    session cookie (staff, or anyone logged in) goes down the whole stack, where
    AnonymousPageCacheMiddleware decides.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(NEVER_CACHED)
            and not request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
        ):
            address = (request.get_host(), request.path, request.META.get("QUERY_STRING", ""))
            # This process's own copy, while the generation is known to be current: no round
            # trip at all (LocalState).
            known = local.generation()
            if known is not None:
                kept = local.pages.get(address)
                if kept is not None and kept[0] == known:
                    return self._hit(request, kept[1], known)
            key, wanted = page_key(request)
            if key is not None:
                generation, boundary, entry = current_generation(key)
                if (
                    entry is not None
                    and entry.get("generation") == generation
                    and "answer_headers" in entry
                ):
                    local.keep_page(address, generation, entry)
                    return self._hit(request, entry, generation)
                request.page_cache_lookup = (key, wanted, generation, boundary, entry)
        response = self.get_response(request)
        pending = getattr(response, "page_cache_pending", None)
        if pending is not None:
            key, stored, ttl = pending
            stored["answer_headers"] = {
                name: value
                for name, value in response.items()
                if name.lower() not in PER_ANSWER_HEADERS
            }
            cache.set(key, stored, ttl)
            local.keep_page(address, stored["generation"], stored)
        return response

    @staticmethod
    def _hit(request, entry: dict, generation: int) -> HttpResponse:
        response = _replay(request, entry, entry["answer_headers"])
        modified = entry.get("modified", generation // 1000)
        _public_cache_headers(response, modified)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=modified, response=response
        )


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


# --- page keys ---------------------------------------------------------------------------------
def declared_params(request) -> tuple[str, ...] | None:
    """The query parameters the view of this address reads (its `cache_params`), or None when
    the view does not say."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", None) or match.func
    return getattr(view, "cache_params", None)


def page_key(request) -> tuple[str | None, dict[str, str]]:
    """The cache key of an anonymous page and the declared parameters it was asked with.

    (None, {}) when the page is not to be cached under a key at all: its view declares nothing
    and the address has a query string, or a declared parameter is given twice.
    """
    params = declared_params(request)
    wanted: dict[str, str] = {}
    if params is None:
        if request.META.get("QUERY_STRING"):
            return None, wanted
    else:
        for name in params:
            values = request.GET.getlist(name)
            if len(values) > 1:
                return None, wanted
            if values:
                wanted[name] = values[0]
    address = request.path + ("?" + urlencode(sorted(wanted.items())) if wanted else "")
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"portal:page:{request.get_host()}:{digest}", wanted


def use_params(request, **values) -> None:
    """Views call this with the declared parameters they used, as they understood them
    (`page="2"`); the page is stored only when these match what the address asked for."""
    used = getattr(request, "page_cache_used", None)
    if used is not None:
        used.update({name: str(value) for name, value in values.items()})
