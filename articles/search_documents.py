"""Documents ("văn bản") as the third source of search results (see `portal/search.py`).

A document's search document: its kind, number (as written and normalised: "01-KL/TW" also as
"1 KL TW") and abstract weighted "A", summary, issuing body and signer "B", the text of its
attachments "C". A query that names a document by number in any form ("KL 01", "ket luan so
01", "01/KL-TW") puts that document first (`lookup`, through `articles.documents.number_lookup`).
This module imports the model; the model imports nothing of search: the derivation is
registered with the editorial core (below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from articles.models import Document
from portal.search import (
    SEARCH_FIELDS,
    ParsedQuery,
    SearchResult,
    SearchSource,
    best_snippet,
    highlight,
    index_values,
    register_search_document,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

INDEXED_FIELDS = frozenset({"kind", "number", "abstract", "summary", "issuing_body", "signer"})


def document_search_fields(document: Document) -> dict[str, Any]:
    from articles.documents import number_tokens

    attachment_text = ""
    if document.pk:
        attachment_text = "\n".join(document.attachments.values_list("text", flat=True))
    body = document.issuing_body.name if document.issuing_body_id else ""
    return index_values(
        type(document),
        [
            ("A", f"{document.heading} {' '.join(number_tokens(document.number))}"),
            ("A", document.abstract),
            ("B", " ".join(filter(None, [document.summary, body, document.signer]))),
            ("C", attachment_text),
        ],
    )


def refresh_search_document(document: Document) -> None:
    """After attachments were added or removed: store the document's search fields again."""
    values = document_search_fields(document)
    type(document)._base_manager.filter(pk=document.pk).update(**values)
    for name in SEARCH_FIELDS:
        setattr(document, name, values[name])


def _published() -> QuerySet:
    return Document.objects.published()


def _everything() -> QuerySet:
    return Document.objects.select_related("issuing_body").order_by("pk")


def _lookup(queryset: QuerySet, query: ParsedQuery) -> list[tuple[Any, Any]]:
    from articles.documents import number_lookup

    return [(d.pk, d.publish_at) for d in number_lookup(queryset, query.text)]


def _results(pks: list[int], query: ParsedQuery) -> dict[int, SearchResult]:
    documents = Document.objects.published().filter(pk__in=pks).select_related("issuing_body")
    return {
        document.pk: SearchResult(
            title=highlight(f"{document.heading}: {document.abstract}", query),
            url=document.get_absolute_url(),
            snippet=best_snippet(query, document.summary, document.abstract),
            date=document.publish_at,
            kind="Văn bản",
            section=document.issuing_body.name,
            section_url=document.issuing_body_url,
        )
        for document in documents
    }


# Documents have no news category: a search narrowed to a category leaves them out.
DOCUMENT_SOURCE = SearchSource(
    key="document",
    published=_published,
    date_field="publish_at",
    results=_results,
    reindex=_everything,
    index_fields=document_search_fields,
    lookup=_lookup,
)

register_search_document(Document, index_fields=document_search_fields, indexed=INDEXED_FIELDS)
