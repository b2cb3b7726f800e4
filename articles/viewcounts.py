"""Counting article views without a database write on every page view.

Each process adds views up in memory and writes them in one `UPDATE ... SET view_count =
view_count + n` per article when it has seen `VIEW_COUNT_FLUSH_EVERY` views or
`VIEW_COUNT_FLUSH_SECONDS` have passed, and when the process exits. The increment is done by the
database, so processes and hosts never overwrite each other's counts; a crash loses at most one
batch of one process, which is acceptable for a "most read" list.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)


class ViewCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[int] = Counter()
        self._last_flush = time.monotonic()

    def record(self, article_id: int) -> None:
        with self._lock:
            self._pending[article_id] += 1
            due = sum(self._pending.values()) >= settings.VIEW_COUNT_FLUSH_EVERY or (
                time.monotonic() - self._last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS
            )
        if due:
            self.flush()

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


counter = ViewCounter()
atexit.register(lambda: _flush_quietly())


def _flush_quietly() -> None:
    try:
        counter.flush()
    except Exception:  # at interpreter exit: log it, there is no request to fail
        logger.exception("Could not write the pending article views")
