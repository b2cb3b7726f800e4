"""Site-wide pages. Apps are reached through their public querysets, imported here only."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import BigIntegerField, Case, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

HOME_LATEST = 9
HOME_FEATURED = 3
HOME_PER_CATEGORY = 4
HOME_MOST_READ = 5
MOST_READ_DAYS = 30
HOME_SHOWCASE = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        from articles.models import Article, Category
        from models_campaign.models import ShowcaseEntry

        published = Article.objects.published().for_listing()
        featured = list(published.filter(is_featured=True)[:HOME_FEATURED])
        latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST])
        since = timezone.now() - timedelta(days=MOST_READ_DAYS)
        most_read = list(
            Article.objects.published()
            .filter(publish_at__gte=since, view_count__gt=0)
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

    Two queries plus the listing prefetches, however many categories there are: the articles
    are numbered per top category with a window function and cut at HOME_PER_CATEGORY.
    """
    categories = list(Category.objects.order_by("order", "name"))
    parent_of = {c.pk: c.parent_id for c in categories}

    def top_of(pk, depth=0):
        parent = parent_of.get(pk)
        return pk if parent is None or depth > 20 else top_of(parent, depth + 1)

    tops = [c for c in categories if c.parent_id is None]
    if not tops:
        return []
    top_expr = Case(
        *[When(category_id=pk, then=Value(top_of(pk))) for pk in parent_of],
        output_field=BigIntegerField(),
    )
    rows = (
        Article.objects.published()
        .for_listing()
        .annotate(
            top=top_expr,
            rank=Window(
                RowNumber(),
                partition_by=[top_expr],
                order_by=[F("publish_at").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=HOME_PER_CATEGORY)
    )
    grouped: dict[int, list] = {}
    for article in rows:
        grouped.setdefault(article.top, []).append(article)
    return [(top, grouped[top.pk]) for top in tops if grouped.get(top.pk)]


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


DATABASE_RETRY_AFTER_SECONDS = 30


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
