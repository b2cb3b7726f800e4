"""Showcase entries ("mô hình") as a source of search results (see `portal/search.py`).

`entry_search_fields()` builds an entry's stored search document; `ShowcaseEntry.save()` runs
it. `SHOWCASE_SOURCE` is listed in `settings.SEARCH_SOURCES`. This module imports the model; the
model imports nothing of search: the derivation is registered with the editorial core (below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models_campaign.models import ShowcaseEntry
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


INDEXED_FIELDS = frozenset({"name", "summary", "description", "results"})


def entry_search_fields(entry: ShowcaseEntry) -> dict[str, Any]:
    """An entry's document: name above summary above description and results."""
    body = " ".join(filter(None, [html_to_text(entry.description), entry.results]))
    return index_values(type(entry), [("A", entry.name), ("B", entry.summary), ("C", body)])


def _published() -> QuerySet:

    return ShowcaseEntry.objects.published()


def _everything() -> QuerySet:

    return ShowcaseEntry.objects.only("pk", "name", "summary", "description", "results").order_by(
        "pk"
    )


def _results(pks: list[int], query: ParsedQuery) -> dict[int, SearchResult]:

    entries = ShowcaseEntry.objects.published().filter(pk__in=pks).select_related("field")
    return {
        entry.pk: SearchResult(
            title=highlight(entry.name, query),
            url=entry.get_absolute_url(),
            snippet=best_snippet(query, entry.summary, html_to_text(entry.description)),
            date=entry.publish_at,
            kind="Mô hình học tập và làm theo Bác",
            section=entry.field.name if entry.field_id else "",
            section_url=entry.field.get_absolute_url() if entry.field_id else "",
        )
        for entry in entries
    }


# Entries have no news category: a search narrowed to a category leaves them out.
SHOWCASE_SOURCE = SearchSource(
    key="showcase",
    published=_published,
    date_field="publish_at",
    results=_results,
    reindex=_everything,
    index_fields=entry_search_fields,
)

register_search_document(ShowcaseEntry, index_fields=entry_search_fields, indexed=INDEXED_FIELDS)
