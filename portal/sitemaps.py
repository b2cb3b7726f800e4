"""/sitemap.xml: published articles, categories, authors, tags, showcase entries and documents,
with lastmod."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, Author, Category, Tag


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-publish_at")

    def lastmod(self, item):
        return item.updated_at


class _WithLatestArticle(Sitemap):
    """Lists whose page changes when a published article in them does."""

    changefreq = "daily"
    relation = ""

    def items(self):
        published = Article.objects.published()
        return (
            self.model.objects.filter(**{f"{self.relation}__in": published})
            .annotate(latest=Max(f"{self.relation}__updated_at"))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest


class CategorySitemap(_WithLatestArticle):
    model = Category
    relation = "articles"


class AuthorSitemap(_WithLatestArticle):
    model = Author
    relation = "articles"


class TagSitemap(_WithLatestArticle):
    model = Tag
    relation = "tagged_articles__content_object"


class ShowcaseEntrySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        from models_campaign.models import ShowcaseEntry

        return ShowcaseEntry.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        from articles.models import Document

        return Document.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "showcase": ShowcaseEntrySitemap,
    "documents": DocumentSitemap,
}
