"""Pagination that never fails on what a visitor types in `?page=`, and stays fast deep down."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
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
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


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
