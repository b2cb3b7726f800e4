"""Site-wide pages. Apps are reached through their public querysets, imported here only."""

from __future__ import annotations

from datetime import date, datetime

from django.views.generic import ListView, TemplateView

from portal import search
from portal.pagination import SafePaginationMixin

HOME_LATEST = 12
HOME_FEATURED = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        from articles.models import Article

        published = Article.objects.published().for_listing()
        featured = list(published.filter(is_featured=True)[:HOME_FEATURED])
        latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST])
        return super().get_context_data(featured=featured, latest=latest, **kwargs)


# Dates a visitor may type in ?tu-ngay= / ?den-ngay= (the date picker sends the ISO form).
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(raw: str | None) -> date | None:
    """A date from "26/11/2026" or "2026-11-26"; None for anything else (or an absurd year)."""
    raw = (raw or "").strip()[:20]
    for fmt in DATE_FORMATS:
        try:
            value = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
        return value if 1900 <= value.year <= 2100 else None
    return None


class SearchView(SafePaginationMixin, ListView):
    """/tim-kiem/?q=...&chuyen-muc=<slug>&tu-ngay=...&den-ngay=...: published content only.

    What is searched is `settings.SEARCH_SOURCES` (see portal/search.py); every source goes
    through its model's `published()` queryset. Bad input never fails: it is cleaned, cut or
    ignored with a note.
    """

    template_name = "portal/search.html"
    context_object_name = "rows"

    def get(self, request, *args, **kwargs):
        from articles.models import Category

        params = request.GET
        self.query = search.parse_query(params.get("q", ""))
        self.notes: list[str] = []
        if self.query.truncated:
            self.notes.append("Từ khoá quá dài nên chỉ phần đầu được dùng để tìm.")
        if self.query.text and not self.query:
            self.notes.append("Từ khoá không có chữ hay số nào để tìm.")

        self.category = None
        category_ids = None
        slug = params.get("chuyen-muc", "").strip()
        if slug:
            self.category = Category.objects.filter(slug=slug[:200]).first()
            if self.category is None:
                self.notes.append("Không có chuyên mục này nên đã tìm trong mọi chuyên mục.")
            else:
                category_ids = self.category.descendant_ids()

        dates = {}
        for name, label in (("tu-ngay", "Từ ngày"), ("den-ngay", "Đến ngày")):
            raw = params.get(name, "").strip()
            dates[name] = parse_date(raw)
            if raw and dates[name] is None:
                self.notes.append(
                    f"{label} “{raw[:20]}” không hợp lệ nên đã được bỏ qua "
                    "(hãy nhập theo dạng ngày/tháng/năm, ví dụ 26/11/2026)."
                )
        date_from, date_to = dates["tu-ngay"], dates["den-ngay"]
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
            self.notes.append("Ngày bắt đầu sau ngày kết thúc nên hai ngày đã được đổi chỗ.")
        self.filters = search.SearchFilters(
            category_ids=category_ids, date_from=date_from, date_to=date_to
        )
        self.sources = search.get_sources()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return search.SearchHits()  # nothing to look for: no query is run
        return search.hits(self.query, self.filters, self.sources)

    def get_context_data(self, **kwargs):
        from articles.models import Category

        context = super().get_context_data(**kwargs)
        context.update(
            capped=self.object_list.capped,
            query=self.query,
            search_query=self.query.text,
            results=search.load(context["rows"], self.query, self.sources),
            notes=self.notes,
            category=self.category,
            categories=Category.objects.order_by("order", "name").only("pk", "name", "slug"),
            date_from=self.filters.date_from,
            date_to=self.filters.date_to,
        )
        return context


def server_error(request):
    """500 page rendered without a request context, so a broken database cannot break it too."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
