"""Pagination that never fails on what a visitor types in `?page=`, and stays fast deep down."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.functional import cached_property


def page_number(raw: str | None, num_pages: int) -> int:
    """The nearest valid page for any input: "abc" -> 1, "0" -> 1, "999999" -> the last page."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(num_pages, 1))


class DeferredJoinPaginator(Paginator):
    """Pages of a queryset found in two steps: first the page's primary keys alone (which the
    database can read from an index without touching the table, however deep the page), then
    the rows of those keys, with everything the queryset selects and prefetches.

    With a plain OFFSET, page 4,000 of a 50,000-article section makes PostgreSQL fetch and throw
    away 48,000 whole rows; here it skips 48,000 index entries instead.
    """

    def __init__(self, *args, count_name: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name

    @cached_property
    def count(self) -> int:
        """With a `count_name`, the exact count is taken once per content generation and
        shared (portal.cache.per_generation): a 50,000-article section is not counted again on
        every request, and the figure is exact, since any change starts a new generation."""
        count = Paginator.count.func
        if self.count_name is None:
            return count(self)
        from portal.cache import per_generation

        return per_generation(self.count_name, lambda: count(self))

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        start, bottom, top = self._anchored(bottom, top)
        keys = list(start.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)

    # Deep pages start from an anchor: the (publish_at, pk) of every ANCHOR_EVERY-th article of
    # the list, found in one index-only pass once per content generation and shared
    # (per_generation). Page 4,000 then skips at most ANCHOR_EVERY index entries, not 48,000;
    # a 50,000-article section keeps 500 anchors (about 20 KB pickled), a 500,000-article one
    # 5,000 (about 200 KB).
    ANCHOR_EVERY = 100
    ORDERING = ("-publish_at", "-pk")

    def _anchored(self, bottom: int, top: int):
        """(queryset, bottom, top): the keys of rows bottom..top of the list are rows
        bottom'..top' of the queryset, which starts at the nearest anchor above them."""
        step = self.ANCHOR_EVERY
        if (
            self.count_name is None
            or bottom < step
            or not isinstance(self.object_list, QuerySet)
            or tuple(self.object_list.query.order_by) != self.ORDERING
        ):
            return self.object_list, bottom, top
        from portal.cache import per_generation

        anchors = per_generation(f"{self.count_name}:anchors:{step}", self._anchors)
        index = min(bottom // step, len(anchors)) - 1
        if index < 0:
            return self.object_list, bottom, top
        at, pk = anchors[index]
        skipped = (index + 1) * step
        start = self.object_list.filter(
            Q(publish_at__lt=at) | Q(publish_at=at, pk__lte=pk), publish_at__lte=at
        )
        return start, bottom - skipped, top - skipped

    def _anchors(self) -> list[tuple]:
        """The (publish_at, pk) of rows ANCHOR_EVERY, 2 x ANCHOR_EVERY, ... (0-based) of the
        list: one query, the rows numbered by the database in the list's own (index) order."""
        step = self.ANCHOR_EVERY
        wanted = [1 + step * k for k in range(1, self.count // step + 1)]
        if not wanted:
            return []
        numbered = (
            self.object_list.annotate(
                position=Window(RowNumber(), order_by=[F("publish_at").desc(), F("pk").desc()])
            )
            .filter(position__in=wanted)
            .values_list("publish_at", "pk")
        )
        return [tuple(row) for row in numbered]


class SafePaginationMixin:
    """For ListView: `?page=` nonsense shows the nearest valid page instead of a 404 or a 500."""

    paginate_by = None
    # The page cache keys list pages on `?page=` and nothing else (portal.cache.page_key).
    cache_params: tuple[str, ...] = ("page",)

    def get_paginate_by(self, queryset):
        return self.paginate_by or settings.ARTICLES_PER_PAGE

    def count_name(self) -> str | None:
        """A name for this list's count, shared by every request of one content generation
        (DeferredJoinPaginator), or None to count on each request."""
        return None

    def paginate_queryset(self, queryset, page_size):
        extra = {}
        name = self.count_name()
        if name is not None and issubclass(self.paginator_class, DeferredJoinPaginator):
            extra["count_name"] = name
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True, **extra)
        page = paginator.page(page_number(self.request.GET.get("page"), paginator.num_pages))
        if "page" in self.request.GET:
            from portal.cache import use_params

            use_params(self.request, page=page.number)
        return paginator, page, page.object_list, page.has_other_pages()
