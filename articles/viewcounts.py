"""Counting article views without a database write on every page view, and without letting
one client inflate them.

A view counts at most once per client (its address, as `portal.clientip` finds it behind the
trusted proxies) per article per `VIEW_COUNT_WINDOW_SECONDS`: the first view of the window adds
a short-lived marker to the shared cache (`cache.add`, atomic in Redis, so every worker and host
agrees), later ones find it and are not counted. No cookie is set: pages stay cacheable and
nothing is stored in the reader's browser. The marker names the address only through a keyed
hash.

Each process adds views up in memory and writes them in one `UPDATE ... SET view_count =
view_count + n` per article when it has seen `VIEW_COUNT_FLUSH_EVERY` views or
`VIEW_COUNT_FLUSH_SECONDS` have passed, and when the process exits. The increment is done by the
database, so processes and hosts never overwrite each other's counts; a crash loses at most one
batch of one process, which is acceptable for a "most read" list.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)


class ViewCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[int] = Counter()
        self._last_flush = time.monotonic()

    def record(self, article_id: int, *, request=None) -> bool:
        """Count one view of the article by the client of `request`; False when that client
        already counted within the window (or has no usable address)."""
        if request is not None and not first_view_in_window(article_id, request):
            return False
        with self._lock:
            self._pending[article_id] += 1
            due = sum(self._pending.values()) >= settings.VIEW_COUNT_FLUSH_EVERY or (
                time.monotonic() - self._last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS
            )
        if due:
            self.flush()
        return True

    def discard(self) -> None:
        """Forget what was counted and not yet written (tests use it between cases)."""
        with self._lock:
            self._pending.clear()

    def flush(self) -> int:
        """Write what was counted; returns the number of views written."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if not pending:
            return 0
        from articles.models import Article

        with transaction.atomic():
            for article_id, views in sorted(pending.items()):
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + views)
        return sum(pending.values())


# Markers this process knows to be in the shared cache, with when they expire there
# (time.monotonic()): a reader who reloads a cached page is recognised without a round trip.
_known_markers: dict[str, float] = {}
_KNOWN_MARKERS_MAX = 10_000


def forget_local_markers() -> None:
    _known_markers.clear()


def first_view_in_window(article_id: int, request) -> bool:
    from portal.clientip import client_ip

    address = client_ip(request)
    if not address:
        return False
    window = settings.VIEW_COUNT_WINDOW_SECONDS
    if window <= 0:
        return True
    digest = hashlib.blake2b(
        f"{article_id}:{address}".encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=12
    ).hexdigest()
    now = time.monotonic()
    expires = _known_markers.get(digest)
    if expires is not None and now < expires:
        return False  # the marker is still in the shared cache: not a first view
    key = f"portal:viewed:{digest}"
    first = cache.add(key, 1, window)
    if first:
        remaining = window
    else:
        # Set by another process or host: it lasts as long as the shared cache says.
        remaining = _seconds_left(key)
    if remaining:
        if len(_known_markers) >= _KNOWN_MARKERS_MAX:
            for old in [k for k, at in _known_markers.items() if at <= now] or list(_known_markers):
                del _known_markers[old]
        # A little early, so this process never thinks a marker lives longer than it does.
        _known_markers[digest] = now + max(0.0, remaining - 0.05)
    return first


def _seconds_left(key: str) -> float | None:
    ttl = getattr(cache, "ttl", None)  # django-redis has it, Django's own backends do not
    if ttl is None:
        return None
    try:
        return ttl(key)
    except Exception:  # the cache cannot be reached: remember nothing
        return None


counter = ViewCounter()
atexit.register(lambda: _flush_quietly())


def _flush_quietly() -> None:
    try:
        counter.flush()
    except Exception:  # at interpreter exit: log it, there is no request to fail
        logger.exception("Could not write the pending article views")
