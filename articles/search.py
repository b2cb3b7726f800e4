"""Articles as a source of search results (see `portal/search.py` for how search works).

`article_search_fields()` builds an article's stored search document; `Article.save()` runs it.
`ARTICLE_SOURCE` is listed in `settings.SEARCH_SOURCES`. It imports the model; the model
imports nothing of search: the derivation is registered with the editorial core (below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from articles.models import Article
from portal.search import (
    ParsedQuery,
    SearchResult,
    SearchSource,
    best_snippet,
    highlight,
    html_to_text,
    index_values,
    register_search_document,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet


# Changing one of these changes the search document.
INDEXED_FIELDS = frozenset({"title", "summary", "body"})


def article_search_fields(article: Article) -> dict[str, Any]:
    """The search document of one article: title weighted above sapo above body."""
    return index_values(
        type(article),
        [("A", article.title), ("B", article.summary), ("C", html_to_text(article.body))],
    )


def _published() -> QuerySet:

    return Article.objects.published()


def _everything() -> QuerySet:

    return Article.objects.only("pk", "title", "summary", "body").order_by("pk")


def _filter_category(queryset: QuerySet, category_ids: list[int]) -> QuerySet:
    return queryset.filter(category_id__in=category_ids)


def _results(pks: list[int], query: ParsedQuery) -> dict[int, SearchResult]:

    articles = (
        Article.objects.published()
        .filter(pk__in=pks)
        .select_related("category")
        .only("pk", "slug", "title", "summary", "body", "publish_at", "category")
    )
    return {
        article.pk: SearchResult(
            title=highlight(article.title, query),
            url=article.get_absolute_url(),
            snippet=best_snippet(query, article.summary, html_to_text(article.body)),
            date=article.publish_at,
            kind="Bài viết",
            section=article.category.name,
            section_url=article.category.get_absolute_url(),
        )
        for article in articles
    }


ARTICLE_SOURCE = SearchSource(
    key="article",
    published=_published,
    date_field="publish_at",
    results=_results,
    reindex=_everything,
    index_fields=article_search_fields,
    filter_category=_filter_category,
)

register_search_document(Article, index_fields=article_search_fields, indexed=INDEXED_FIELDS)
