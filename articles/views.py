"""Public article pages. Every queryset here starts from `Article.objects.published()`."""

from __future__ import annotations

import calendar
from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, Author, Category, Tag, subtree_ids
from articles.viewcounts import counter
from portal.cache import per_generation
from portal.pagination import DeferredJoinPaginator, SafePaginationMixin

RELATED_COUNT = 5


class ArticleListMixin(SafePaginationMixin):
    """A paginated list of published articles; subclasses narrow `filter_articles`."""

    paginator_class = DeferredJoinPaginator  # page 4,000 as fast as page 1 (README, "Benchmarks")

    # True: the page exists only while it lists at least one published article.
    needs_articles = False

    def filter_articles(self, queryset):
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The paginator has counted already: no extra query (ListView's allow_empty adds one).
        if self.needs_articles and not context["paginator"].count:
            raise Http404("Không có bài viết nào được đăng.")
        return context

    def get_queryset(self):
        return self.filter_articles(Article.objects.published().for_cards())


class CategoryTree:
    """Every category, linked to its parent and children, read in one query once per content
    generation and shared (portal.cache.per_generation): a section page finds its category,
    breadcrumb, subcategories and descendants without a query."""

    def __init__(self, categories: list[Category]):
        self.by_pk = by_pk = {category.pk: category for category in categories}
        self.by_slug = {category.slug: category for category in categories}
        self.children: dict[int, list[Category]] = {}
        for category in categories:  # already in the model's order (order, name)
            parent = by_pk.get(category.parent_id)
            # Linked here, so `category.parent` and `trail()` need no query.
            Category.parent.field.set_cached_value(category, parent)
            if parent is not None:
                self.children.setdefault(parent.pk, []).append(category)

    def descendant_ids(self, category: Category) -> list[int]:
        child_ids = {pk: [child.pk for child in kids] for pk, kids in self.children.items()}
        return subtree_ids(child_ids, category.pk)


def category_tree() -> CategoryTree:
    from portal.cache import per_generation

    return per_generation(
        "categories:tree", lambda: CategoryTree(list(Category.objects.all())), scheduled=False
    )


class CategoryView(ArticleListMixin, ListView):
    template_name = "articles/category_detail.html"

    def get(self, request, *args, **kwargs):
        self.tree = category_tree()
        self.category = self.tree.by_slug.get(kwargs["slug"])
        if self.category is None:
            raise Http404("Không có chuyên mục này.")
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(category_id__in=self.tree.descendant_ids(self.category))

    def count_name(self):
        return f"count:category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["subcategories"] = self.tree.children.get(self.category.pk, [])
        context["breadcrumbs"] = self.category.trail()
        return context


class TagView(ArticleListMixin, ListView):
    template_name = "articles/tag_detail.html"
    # A tag that is only on drafts (or trashed articles) has no public page: 404.
    needs_articles = True

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(tags=self.tag)

    def count_name(self):
        return f"count:tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ArticleListMixin, ListView):
    template_name = "articles/author_detail.html"
    # An author with nothing published has no public page: 404.
    needs_articles = True

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(
            Author.objects.select_related("organization"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(authors=self.author)

    def count_name(self):
        return f"count:author:{self.author.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class MonthArchiveView(ArticleListMixin, ListView):
    """Articles published in one month, in the site's time zone."""

    template_name = "articles/archive_month.html"

    def get(self, request, *args, **kwargs):
        year, month = kwargs["year"], kwargs["month"]
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404("Không có tháng này.")
        tz = timezone.get_current_timezone()
        self.start = datetime(year, month, 1, tzinfo=tz)
        days = calendar.monthrange(year, month)[1]
        self.end = datetime(year, month, days, 23, 59, 59, 999999, tzinfo=tz)
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(publish_at__range=(self.start, self.end))

    def count_name(self):
        return f"count:month:{self.start:%Y-%m}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(month_start=self.start, **kwargs)


class ArchiveIndexView(TemplateView):
    """Every month that has published articles, with its count (one query)."""

    template_name = "articles/archive_index.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        months = (
            Article.objects.published()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("-month")
        )
        return super().get_context_data(months=months, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    cache_params = ()
    context_object_name = "article"
    with_related = True

    def get_queryset(self):
        return Article.objects.published().for_page()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # The section and its ancestors (breadcrumb, JSON-LD) from the category tree kept for
        # the generation: no join, no query.
        category = category_tree().by_pk.get(article.category_id)
        if category is not None:
            Article.category.field.set_cached_value(article, category)
        return article

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        counter.record(self.object.pk, request=request)
        # A page served later from the cache still counts as a view (portal.cache).
        response.counted_article_id = self.object.pk
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["breadcrumbs"] = article.category.trail()
        # Byline, tags and related articles: read once per content generation (the related
        # list changes when any article is published, saved or expires: a new generation).
        # (Addresses depend on the script prefix: a site served under two keeps two.)
        name = f"article-extras:{get_script_prefix()}:{article.pk}"
        extras = per_generation(name, lambda: article_extras(article), many=True)
        context["extras"] = extras
        if self.with_related:
            context["related"] = extras["related"]
        return context


class ArticlePrintView(ArticleDetailView):
    """The article alone, laid out for A4 paper ("Bản tin sinh hoạt chi bộ")."""

    template_name = "articles/article_print.html"
    with_related = False


def article_extras(article: Article, *, related: bool = True) -> dict:
    """What the article page shows around its text, as plain values: the authors with their
    units (the byline), the tags, and the related articles ("Tin liên quan") when `related`.

    Four queries with tags, three without (authors with their units, tags, related articles:
    `related_articles`). The admin's preview calls it on the content being previewed, without
    the related list.
    """
    authors = article.authors.select_related("organization").order_by("name", "pk")
    tags = list(article.tags.all())
    return {
        "authors": [
            {
                "name": author.name,
                "url": author.get_absolute_url(),
                "organization": author.organization.name if author.organization_id else "",
                "byline": author.byline,
            }
            for author in authors
        ],
        "tags": [{"name": tag.name, "url": tag.get_absolute_url()} for tag in tags],
        "related": [
            {"title": item.title, "url": item.get_absolute_url(), "publish_at": item.publish_at}
            for item in related_articles(article, tag_ids=[tag.pk for tag in tags])
        ]
        if related
        else [],
    }


def related_articles(
    article: Article, limit: int = RELATED_COUNT, *, tag_ids: list[int] | None = None
) -> list[Article]:
    """Up to `limit` published articles: most shared tags first, then the same category.

    Two queries when the article has tags, one when it has none, whatever the result
    (`tag_ids`: the article's tags, when the caller has read them already).
    """
    published = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .only("title", "slug", "publish_at")  # what the list shows
    )
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    # No tags: nothing can share one (and building the query costs more than it does).
    by_tags = tag_ids and list(
        published.filter(tags__in=tag_ids)
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .order_by("-shared", "-publish_at", "-pk")[:limit]
    )
    same_category = published.filter(category_id=article.category_id)
    if by_tags:
        same_category = same_category.exclude(pk__in=[a.pk for a in by_tags])
    same_category = list(same_category.order_by("-publish_at", "-pk")[:limit])
    return (by_tags + same_category)[:limit]


def share_card(request, slug: str, shape: str, key: str):
    """An article's share card or picture crop (portal.sharecards): made once, then served from
    the storage. A card of an older title or picture redirects to the current one."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse
    from django.shortcuts import redirect

    from portal import sharecards

    if shape not in sharecards.SHAPES:
        raise Http404("Không có cỡ ảnh này.")
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if key != sharecards.card_key(article):
        return redirect(sharecards.card_url(article, shape))
    name = sharecards.stored_card(article, shape)
    response = FileResponse(default_storage.open(name), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
