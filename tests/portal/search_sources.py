"""A second, test-only source of search results: shows what adding the showcase takes."""

from articles.models import Article
from articles.search import article_search_fields
from portal.search import SearchResult, SearchSource


def _results(pks, query):
    return {
        article.pk: SearchResult(
            title=article.title,
            url=article.get_absolute_url(),
            snippet="",
            date=None,
            kind="Tin nổi bật",
        )
        for article in Article.objects.filter(pk__in=pks)
    }


FEATURED = SearchSource(
    key="featured",
    published=lambda: Article.objects.published().filter(is_featured=True),
    date_field="publish_at",
    results=_results,
    reindex=lambda: Article.objects.none(),
    index_fields=article_search_fields,
)
