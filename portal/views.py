"""Site-wide pages. Apps are reached through their public querysets, imported here only."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import ListView, TemplateView

from portal import search
from portal.pagination import SafePaginationMixin

HOME_LATEST = 9
HOME_FEATURED = 3
HOME_PER_CATEGORY = 4
HOME_MOST_READ = 5
MOST_READ_DAYS = 30
HOME_SHOWCASE = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        from articles.models import Article, ArticleQuerySet, Category
        from models_campaign.models import ShowcaseEntry

        published = Article.objects.published().for_cards()
        featured = list(published.filter(is_featured=True)[:HOME_FEATURED])
        latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST])
        since = timezone.now() - timedelta(days=MOST_READ_DAYS)
        most_read = list(
            Article.objects.published()
            .filter(publish_at__gte=since, view_count__gt=0)
            .defer(*ArticleQuerySet.NOT_LISTED)
            .order_by("-view_count", "-publish_at")[:HOME_MOST_READ]
        )
        # Showcase highlights: featured entries first, then the newest.
        showcase = list(
            ShowcaseEntry.objects.published()
            .for_listing()
            .order_by("-is_featured", "-publish_at", "-pk")[:HOME_SHOWCASE]
        )
        return super().get_context_data(
            featured=featured,
            latest=latest,
            most_read=most_read,
            showcase=showcase,
            category_blocks=category_blocks(Category, Article),
            **kwargs,
        )


def category_blocks(Category, Article) -> list[tuple]:
    """The newest articles of every top-level category (its subcategories included).

    One small query per top-level category for the keys, each answered from the public listing
    index (a window over every published article took seconds at 100,000 articles), then one
    query for all the rows and the listing's prefetches. The number of queries follows the
    number of top-level categories (a handful, set by the editors), never the number of articles.
    """
    from articles.models import subtree_ids

    categories = list(Category.objects.order_by("order", "name"))
    children: dict[int | None, list[int]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category.pk)

    published = Article.objects.published().order_by("-publish_at", "-pk")
    keys = {
        top.pk: list(
            published.filter(category_id__in=subtree_ids(children, top.pk)).values_list(
                "pk", flat=True
            )[:HOME_PER_CATEGORY]
        )
        for top in categories
        if top.parent_id is None
    }
    wanted = [pk for block in keys.values() for pk in block]
    if not wanted:
        return []
    rows = {a.pk: a for a in Article.objects.published().for_cards().filter(pk__in=wanted)}
    return [
        (top, [rows[pk] for pk in keys[top.pk] if pk in rows])
        for top in categories
        if top.parent_id is None and keys.get(top.pk)
    ]


@require_safe
def healthz(request):
    """For load balancers and monitoring; also the framework's ceiling in the benchmarks."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ckeditor/",
        "Disallow: /xem-truoc/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


robots_txt.cache_params = ()


DATABASE_RETRY_AFTER_SECONDS = 30


_SLUG_RE = re.compile(r"[-a-z0-9]{1,200}")
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


# Search pages are not kept in the shared page cache: every query string is a new page, so
# caching them would let anyone fill the cache, and a search costs a few milliseconds of
# database time anyway. Browsers may keep one for a minute (going back to the results).
@method_decorator(cache_control(private=True, max_age=60), name="dispatch")
class SearchView(SafePaginationMixin, ListView):
    """/tim-kiem/?q=...&chuyen-muc=<slug>&tu-ngay=...&den-ngay=...: published content only.

    What is searched is `settings.SEARCH_SOURCES` (see portal/search.py); every source goes
    through its model's `published()` queryset. Bad input never fails: it is cleaned, cut or
    ignored with a note.
    """

    template_name = "portal/search.html"
    context_object_name = "rows"
    # Every parameter the page reads, so that no two searches could ever share a cache key
    # (search pages are private and not stored anyway).
    cache_params = ("q", "chuyen-muc", "tu-ngay", "den-ngay", "page")

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
            # Only a well-formed slug reaches the database (PostgreSQL refuses a NUL in a string).
            if _SLUG_RE.fullmatch(slug):
                self.category = Category.objects.filter(slug=slug).first()
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
            matched=self.object_list.matched,
            matched_more=self.object_list.matched_more,
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
    """Django's handler500: called with the exception being handled.

    A database that cannot be reached (down, restarting, refusing connections) answers a
    Vietnamese 503 with Retry-After instead of a 500; connections are checked again on the next
    request (CONN_HEALTH_CHECKS), so the site recovers by itself when the database returns.
    Both pages are rendered without a request context, so they need no database.
    """
    import sys

    from django.db import InterfaceError, OperationalError

    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def admin_view_on_site(request, content_type_id, object_id):
    """Replaces Django's `/admin/r/<content type>/<id>/` shortcut ("Xem trên trang").

    Django's own redirects any staff member to the public address of any object, drafts and
    trashed articles included, which reveals their slugs. This one answers only for an object
    the public can see: a model with a `published()` queryset must have the object in it; any
    other model's object (category, organisation...) must be viewable by this staff member in
    the admin. Everything else is a 404, the same answer as for an id that does not exist.
    """
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404, HttpResponseRedirect

    if not (request.user.is_active and request.user.is_staff):
        raise Http404("Không có trang này.")
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404("Không có trang này.") from None
    model = content_type.model_class()
    if model is None or not hasattr(model, "get_absolute_url"):
        raise Http404("Không có trang này.")
    manager = model._default_manager
    queryset = manager.published() if hasattr(manager, "published") else manager.all()
    try:
        obj = queryset.get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("Không có trang này.") from None
    if not hasattr(manager, "published"):
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request, obj):
            raise Http404("Không có trang này.")
    return HttpResponseRedirect(obj.get_absolute_url())


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file (its
    hashed name in production, hence resolved per request, not at import)."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("img/favicon.ico"))
