"""Public article pages. Every queryset here starts from `Article.objects.published()`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Category, Tag
from portal.pagination import SafePaginationMixin


class ArticleListMixin(SafePaginationMixin):
    """A paginated list of published articles; subclasses narrow `filter_articles`."""

    def filter_articles(self, queryset):
        return queryset

    def get_queryset(self):
        return self.filter_articles(Article.objects.published().for_listing())


class CategoryView(ArticleListMixin, ListView):
    template_name = "articles/category_detail.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(category_id__in=self.category.descendant_ids())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["subcategories"] = self.category.children.all()
        context["breadcrumbs"] = category_trail(self.category)
        return context


class TagView(ArticleListMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ArticleListMixin, ListView):
    template_name = "articles/author_detail.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(
            Author.objects.select_related("organization"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def filter_articles(self, queryset):
        return queryset.filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("category__parent")
            .prefetch_related("authors__organization", "tags")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = category_trail(self.object.category)
        return context


def category_trail(category: Category) -> list[Category]:
    """The category and its ancestors, top first, for a breadcrumb."""
    trail = []
    seen = set()
    node: Category | None = category
    while node is not None and node.pk not in seen:
        trail.append(node)
        seen.add(node.pk)
        node = node.parent
    return list(reversed(trail))
