"""Pagination that never fails on what a visitor types in `?page=`."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator


def page_number(raw: str | None, num_pages: int) -> int:
    """The nearest valid page for any input: "abc" -> 1, "0" -> 1, "999999" -> the last page."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(num_pages, 1))


class SafePaginationMixin:
    """For ListView: `?page=` nonsense shows the nearest valid page instead of a 404 or a 500."""

    paginate_by = None

    def get_paginate_by(self, queryset):
        return self.paginate_by or settings.ARTICLES_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.page(page_number(self.request.GET.get("page"), paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()
