"""Site-wide search: query parsing, the stored search document, matching, ranking, snippets.

How it fits together:

- Every searchable model stores a search document in two fields, `search_vector` (a
  PostgreSQL `tsvector`) and `search_text` (the same words as plain text, for SQLite), made by
  `index_values()` from weighted parts (title "A", sapo "B", body "C") in Python.
- Words come from `portal.text.search_words`, which calls `search_fold`: the document and the
  query are split and folded by the same function, so they always agree on what a word is.
  Each word is indexed twice at the same position: exactly as written (lower-case, diacritics
  kept, tone marks in one placement: "ủy") and folded ("uy"). A query matches on the folded
  words; the exact forms only decide the order ("bác" before "bạc").
- PostgreSQL: the lexemes are written as a `tsvector` literal and queried with a `tsquery` built
  from the same words (no text search configuration is involved, so nothing is stemmed or
  dropped, like the 'simple' configuration), through a GIN index. SQLite: `LIKE` over
  `search_text`, in which each word carries its field marker; fit for small sites only.
- A source of results (published articles; later published showcase entries) is a
  `SearchSource` listed in `settings.SEARCH_SOURCES`. This module imports no app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
)
from django.db import connections, router
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from portal.richtext import html_to_text  # noqa: F401 - the one HTML-to-text, for sources
from portal.text import clean_line, search_fold, search_words

# A query is cut to this many characters (after cleaning) and this many terms; a word longer
# than MAX_WORD_LENGTH is neither indexed nor looked for (no real word is that long).
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_WORD_LENGTH = 60
# When more match than are ranked, the page says how many, counted up to this many per source.
MATCH_COUNT_LIMIT = 1000
# A title phrase is looked for among this many titles holding every term (portal.search.hits).
TITLE_PHRASE_SCAN = 3000
# PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
_MAX_POSITIONS = 256
_MAX_POSITION = 16383

# Weights: "A" title, "B" sapo/summary, "C" body. SQLite ranks with PostgreSQL's default weights.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_SEGMENT_RE = re.compile(r'"([^"]*)"|([^"\s]+)')
_WORD_RE = re.compile(r"[^\W_]+")
# Every Vietnamese letter, grouped by the letter it folds to ("a" -> "aàáảãạăằắẳẵặâầấẩẫậ").
_VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵdđ"
_LETTERS = {
    base: "[" + "".join(ch for ch in _VIETNAMESE_LETTERS if search_fold(ch) == base) + "]"
    for base in "aeiouyd"
}


# --- the query ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One thing a result must contain: a word, or several words in a row (a phrase)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned (and possibly cut) query, to show back in the search box
    terms: tuple[Term, ...] = ()
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def has_diacritics(self) -> bool:
        return any(term.exact != term.folded for term in self.terms)

    @property
    def folded_words(self) -> frozenset[str]:
        return frozenset(word for term in self.terms for word in term.folded)

    @cached_property
    def word_pattern(self) -> re.Pattern | None:
        """A regex that finds the query's words in a text as written, with or without their
        diacritics and in any case: "uy" finds "uỷ", "ủy", "UY". For highlighting."""
        words = sorted(self.folded_words, key=len, reverse=True)
        if not words:
            return None
        alternatives = "|".join("".join(_LETTERS.get(ch, re.escape(ch)) for ch in w) for w in words)
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def parse_query(raw: str | None) -> ParsedQuery:
    """A visitor's query as terms: words (all required) and "quoted phrases".

    Never fails: invisible and control characters are dropped, NFD becomes NFC, the query is
    cut to MAX_QUERY_LENGTH characters and MAX_TERMS terms, and anything that is not a letter
    or a digit (`& | ! : * ( ) ' \\` ...) only separates words. A chunk that splits into
    several words ("covid-19", "05/2026") is a phrase.
    """
    text = clean_line(raw).translate(_QUOTES)
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    terms: list[Term] = []
    for match in _SEGMENT_RE.finditer(text):
        words = [w for w in search_words(match.group(1) or match.group(2) or "") if _fits(w)]
        if not words:
            continue
        term = Term(tuple(w[0] for w in words), tuple(w[1] for w in words))
        if term not in terms:
            terms.append(term)
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return ParsedQuery(text=text, terms=tuple(terms), truncated=truncated)


def _fits(word: tuple[str, str]) -> bool:
    return len(word[0]) <= MAX_WORD_LENGTH


# --- the stored document -----------------------------------------------------------------------
def build_document(parts: Iterable[tuple[str, str | None]]) -> tuple[str, str]:
    """`(search_text, tsvector literal)` for weighted parts such as `[("A", title), ...]`.

    Both hold every word twice at the same position, exact and folded. `search_text` looks like
    " a:thanh a:uy c:... a=thành a=ủy c=... ": a field marker, ":" for folded, "=" for exact.
    A gap of one position between parts keeps a phrase from running from one field into the next.
    """
    folded_runs: list[str] = []
    exact_runs: list[str] = []
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in parts:
        words = [w for w in search_words(text) if _fits(w)]
        if not words:
            continue
        marker = weight.lower()
        folded_runs.append(" ".join(f"{marker}:{folded}" for _, folded in words))
        exact_runs.append(" ".join(f"{marker}={exact}" for exact, _ in words))
        for exact, folded in words:
            position = min(position + 1, _MAX_POSITION)
            for lexeme in {exact, folded}:
                found = positions.setdefault(lexeme, [])
                if len(found) < _MAX_POSITIONS:
                    found.append(f"{position}{weight}")
        position += 1
    search_text = f" {' '.join(folded_runs + exact_runs)} " if folded_runs else ""
    vector = " ".join(f"{_quote(lexeme)}:{','.join(at)}" for lexeme, at in positions.items())
    return search_text, vector


def index_values(model: type, parts: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """The search fields to store on an instance of `model`, for the database it is written to.

    PostgreSQL gets the `tsvector` only, SQLite the text only: each backend stores what it
    searches, nothing twice.
    """
    search_text, vector = build_document(parts)
    if _vendor(router.db_for_write(model)) == "postgresql":
        return {"search_text": "", "search_vector": vector}
    return {"search_text": search_text, "search_vector": None}


SEARCH_FIELDS = ("search_text", "search_vector")


def derive_search_fields(
    instance: Any,
    save_kwargs: dict[str, Any],
    *,
    index_fields: Callable[[Any], dict[str, Any]],
    indexed: frozenset[str],
) -> None:
    """For a model's `save()`: set the search fields from `index_fields(instance)`, and save
    them along when the save is limited to `update_fields` that change the document (a save
    that touches none of the `indexed` fields leaves the document as it is)."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None:
        if not indexed.intersection(update_fields):
            return
        save_kwargs["update_fields"] = {*update_fields, *SEARCH_FIELDS}
    for name, value in index_fields(instance).items():
        setattr(instance, name, value)


def register_search_document(
    model: type, *, index_fields: Callable[[Any], dict[str, Any]], indexed: frozenset[str]
) -> None:
    """A source's model keeps its search document up to date: derived before each save
    (through the editorial core's derivers, so the model imports no search module)."""
    from portal.editorial.models import register_deriver

    def derive(instance: Any, save_kwargs: dict[str, Any]) -> None:
        derive_search_fields(instance, save_kwargs, index_fields=index_fields, indexed=indexed)

    register_deriver(model, derive)


def _quote(lexeme: str) -> str:
    # Lexemes are letters and digits only; quoting and escaping is a second line of defence.
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _vendor(alias: str) -> str:
    return connections[alias].vendor


# --- matching and ranking ----------------------------------------------------------------------
class LexemeQuery(SearchQuery):
    """A `tsquery` written from already-folded words, taken literally (`'...'::tsquery`).

    `to_tsquery(config, ...)` would run PostgreSQL's parser over the words again; the document
    was not made by it, so the query is not either.
    """

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, value: str):
        super().__init__(Value(value), search_type="raw")


def tsquery_text(terms: Sequence[Term], *, exact: bool) -> str:
    """`('lam' <-> 'theo') & 'bac'`: every term required, a phrase as words in a row."""
    parts = []
    for term in terms:
        words = term.exact if exact else term.folded
        parts.append("(" + " <-> ".join(_quote(word) for word in words) + ")")
    return " & ".join(parts)


def search(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """`queryset` narrowed to what matches `query` and ranked (see `match` and `rank`)."""
    return rank(match(queryset, query), query)


def match(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """`queryset` narrowed to the rows that contain every term (diacritics ignored)."""
    if not query:
        return queryset.none()
    if _vendor(queryset.db) == "postgresql":
        return queryset.filter(search_vector=LexemeQuery(tsquery_text(query.terms, exact=False)))
    condition = Q()
    for term in query.terms:
        condition &= _like_anywhere(term.folded, ":")
    return queryset.filter(condition)


def rank(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """`queryset` annotated with `search_exact` (1 when every term is found with the diacritics
    typed; always 1 for a query typed without any) and `search_rank` (title above sapo above
    body). The caller orders by `-search_exact, -search_rank`, then by date."""
    if _vendor(queryset.db) == "postgresql":
        folded = LexemeQuery(tsquery_text(query.terms, exact=False))
        queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), folded))
        if not query.has_diacritics:
            return queryset.annotate(search_exact=Value(1))
        exact = LexemeQuery(tsquery_text(query.terms, exact=True))
        return queryset.annotate(
            search_exact=Case(When(search_vector=exact, then=Value(1)), default=Value(0))
        )
    exact = Q()
    score = Value(0.0, output_field=FloatField())
    for term in query.terms:
        exact &= _like_anywhere(term.exact, "=")
        score = score + Case(
            *(When(_like(term.folded, w, ":"), then=Value(v)) for w, v in WEIGHTS.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return queryset.annotate(
        search_rank=score,
        search_exact=Case(
            When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    )


class TitleLexemes(Func):
    """The title's part of the search document (weight A), indexed on its own where a source
    asks for it (articles: migration 0014)."""

    template = "ts_filter(%(expressions)s, '{a}'::\"char\"[])"
    output_field = SearchVectorField()


def title_tsquery_text(query: ParsedQuery, *, phrase: bool) -> str:
    """Every term in the title (`phrase=False`), or every word typed, in a row (`phrase=True`)."""
    if phrase:
        words = typed_words(query)
        return "(" + " <-> ".join(_quote(word) for word in words) + ")"
    return tsquery_text(query.terms, exact=False)


def typed_words(query: ParsedQuery) -> list[str]:
    """Every word of the query, folded, in the order typed, repeats kept ("và các và và"):
    the terms drop repeated words, a title does not."""
    words = [folded for _exact, folded in search_words(query.text.replace('"', " "))]
    return [word for word in words if len(word) <= MAX_WORD_LENGTH][: MAX_TERMS * 4]


def in_title(queryset: QuerySet, query: ParsedQuery, *, phrase: bool) -> QuerySet:
    """`queryset` narrowed to the rows whose title holds every term (`phrase=False`) or every
    word typed in a row (`phrase=True`), diacritics ignored."""
    if _vendor(queryset.db) == "postgresql":
        return queryset.annotate(search_title_doc=TitleLexemes(F("search_vector"))).filter(
            search_title_doc=LexemeQuery(title_tsquery_text(query, phrase=phrase))
        )
    return queryset.filter(_title_q(query, phrase=phrase))


def _title_q(query: ParsedQuery, *, phrase: bool) -> Q:
    if phrase:
        return _like(typed_words(query), "A", ":")
    condition = Q()
    for term in query.terms:
        condition &= _like(term.folded, "A", ":")
    return condition


def title_score(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """`queryset` annotated with `search_title`: 2 when the title holds every word typed in a
    row (an exact title, or a run of it), 1 when it holds every term, 0 otherwise."""
    if _vendor(queryset.db) == "postgresql":
        queryset = queryset.annotate(search_title_doc=TitleLexemes(F("search_vector")))
        whole = Q(search_title_doc=LexemeQuery(title_tsquery_text(query, phrase=True)))
        every = Q(search_title_doc=LexemeQuery(title_tsquery_text(query, phrase=False)))
    else:
        whole, every = _title_q(query, phrase=True), _title_q(query, phrase=False)
    return queryset.annotate(
        search_title=Case(
            When(whole, then=Value(2)),
            When(every, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _like(words: Sequence[str], weight: str, sign: str) -> Q:
    # " a:lam a:theo " finds the words in a row in the title (see build_document).
    marker = weight.lower() + sign
    return Q(search_text__contains=" " + " ".join(marker + word for word in words) + " ")


def _like_anywhere(words: Sequence[str], sign: str) -> Q:
    condition = Q()
    for weight in WEIGHTS:
        condition |= _like(words, weight, sign)
    return condition


# --- snippets ----------------------------------------------------------------------------------
def highlight(text: str | None, query: ParsedQuery) -> SafeString:
    """`text` HTML-escaped, with every word that matches the query (with or without its
    diacritics) in `<mark>`."""
    text = " ".join((text or "").split())
    pattern = query.word_pattern
    if pattern is None:
        return mark_safe(escape(text))
    out, cursor = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[cursor : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        cursor = m.end()
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))


def best_snippet(query: ParsedQuery, *texts: str | None, length: int = 260) -> SafeString:
    """About `length` characters around the first matching word of the first text that has
    one (else the start of the first text), cut at spaces, matches highlighted."""
    candidates = [t for t in texts if t and t.strip()]
    pattern = query.word_pattern
    for text in candidates if pattern else ():
        found = pattern.search(text)
        if found:
            return _window(text, found.start(), query, length)
    return _window(candidates[0], 0, query, length) if candidates else mark_safe("")


def _window(text: str, at: int, query: ParsedQuery, length: int) -> SafeString:
    start = max(0, at - length // 4)
    if start:
        space = text.find(" ", start, at)
        start = space + 1 if space != -1 else at
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > at else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(text[start:end], query) + suffix)


# --- sources of results ------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchFilters:
    category_ids: list[int] | None = None  # None: no category filter
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class SearchResult:
    title: SafeString
    url: str
    snippet: SafeString
    date: datetime | None
    kind: str  # "Bài viết", "Mô hình", ...
    section: str = ""
    section_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable content. A new kind is one of these plus a line in settings.

    - `published()`: the public queryset (the model's one visibility rule), with the search
      fields `search_vector` and `search_text` on the model.
    - `date_field`: what the date filter and the newest-first tie-break use.
    - `filter_category(queryset, category_ids)`: narrows to categories, or None when the kind
      has no categories (it then drops out of a search narrowed to a category).
    - `results(pks, query)`: `{pk: SearchResult}` for one page, in a fixed number of queries.
    - `reindex()`: the queryset of everything to index (published or not: publishing needs no
      reindex), and `index_fields(instance)`: the field values to store.
    - `lookup(queryset, query)`: `[(pk, date), ...]` of the items the query names exactly (a
      document by its number), put before every ranked result; None when the kind has none.
    """

    key: str
    published: Callable[[], QuerySet]
    date_field: str
    results: Callable[[list[Any], ParsedQuery], dict[Any, SearchResult]]
    reindex: Callable[[], QuerySet]
    index_fields: Callable[[Any], dict[str, Any]]
    filter_category: Callable[[QuerySet, list[int]], QuerySet] | None = None
    lookup: Callable[[QuerySet, ParsedQuery], list[tuple[Any, Any]]] | None = None


def get_sources() -> list[SearchSource]:
    return [import_string(path) for path in settings.SEARCH_SOURCES]


class SearchHits(list):
    """What the paginator pages through: every source's ranked `(search_exact, search_rank,
    search_date, pk, search_source, search_title)` rows, best first. `capped` tells that a
    source had more matches than it ranked; `matched` is then how many matched in all."""

    capped = False
    matched: int | None = None
    matched_more = False  # `matched` is a lower bound (MATCH_COUNT_LIMIT reached)


def hits(query: ParsedQuery, filters: SearchFilters, sources: Sequence[SearchSource]) -> SearchHits:
    """Every source's matches, best first, in one query; paginate them, then `load()` a page.

    Ranking reads each row's whole search document, which is too slow for a word found in most
    of 100,000 articles. So each source ranks a bounded set of candidates, chosen by relevance
    first: the SEARCH_MAX_RESULTS newest matches whose title holds the words typed in a row
    (among the TITLE_PHRASE_SCAN newest whose title holds every term), as many whose title holds
    every term (found through the title index however old they are), then its
    SEARCH_MAX_RESULTS newest matches (the GIN index for a rare word, the date index for a
    common one). An article's title typed without
    quotes, or four words of it in a row, so finds that article among any number of older
    ones. Order: diacritics as typed, then the title (words in a row, then all words), then
    the weighted rank, then the newest. Several sources are combined with a UNION.
    """
    parts, matching, named = [], [], []
    for source in sources:
        queryset = _filtered(source, filters)
        if queryset is None:
            continue
        if source.lookup is not None:
            named += [(2, 1.0, at, pk, source.key, 2) for pk, at in source.lookup(queryset, query)]
        matches = match(queryset, query)
        matching.append(matches)
        candidates = _candidates(queryset, query, matches, source.date_field)
        parts.append(
            title_score(rank(candidates, query), query)
            .annotate(search_date=F(source.date_field), search_source=Value(source.key))
            .values_list(
                "search_exact", "search_rank", "search_date", "pk", "search_source", "search_title"
            )
            .order_by()
        )
    if not parts:
        return SearchHits()
    rows = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    ranked = rows.order_by(
        "-search_exact", "-search_title", "-search_rank", "-search_date", "-pk", "search_source"
    )
    if named:  # what the query names exactly comes first, once
        first = {(row[4], row[3]) for row in named}
        ranked = named + [row for row in ranked if (row[4], row[3]) not in first]
    result = SearchHits(ranked)
    if len(result) >= settings.SEARCH_MAX_RESULTS:
        # How many matched, counted up to MATCH_COUNT_LIMIT per source: an exact count of a
        # word found in 40,000 articles costs 200 ms and nobody reads that far.
        counts = [matches.values("pk")[:MATCH_COUNT_LIMIT].count() for matches in matching]
        result.matched = sum(counts)
        result.matched_more = any(n >= MATCH_COUNT_LIMIT for n in counts)
        result.capped = result.matched_more or result.matched > len(result)
    return result


def _filtered(source: SearchSource, filters: SearchFilters) -> QuerySet | None:
    """The source's published rows narrowed by the filters; None when the source has no rows
    of the chosen category (documents have none)."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    queryset = source.published()
    if filters.category_ids is not None:
        if source.filter_category is None:
            return None
        queryset = source.filter_category(queryset, filters.category_ids)
    if filters.date_from:
        start = datetime.combine(filters.date_from, datetime.min.time(), tzinfo=tz)
        queryset = queryset.filter(**{f"{source.date_field}__gte": start})
    if filters.date_to:
        end = datetime.combine(filters.date_to, datetime.max.time(), tzinfo=tz)
        queryset = queryset.filter(**{f"{source.date_field}__lte": end})
    return queryset


def _candidates(queryset: QuerySet, query: ParsedQuery, matches: QuerySet, date_field: str):
    """The bounded set of rows a source ranks, chosen by relevance first (see `hits`)."""
    limit = settings.SEARCH_MAX_RESULTS
    newest = (f"-{date_field}", "-pk")

    def first(rows: QuerySet) -> QuerySet:
        return rows.order_by(*newest).values("pk")[:limit]

    # Titles holding the words typed in a row: a phrase is checked row by row (the index
    # finds the words, not their order), so it is looked for among the newest
    # TITLE_PHRASE_SCAN titles that hold every term, not among tens of thousands.
    in_titles = in_title(queryset, query, phrase=False)
    scanned = in_titles.order_by(*newest).values("pk")[:TITLE_PHRASE_SCAN]
    chosen = [
        first(in_title(queryset.filter(pk__in=scanned), query, phrase=True)),
        first(in_titles),
        first(matches),
    ]
    if _vendor(queryset.db) == "postgresql":
        # One UNION: three index scans (an OR of three subqueries scans the whole table)
        return queryset.model._base_manager.filter(pk__in=chosen[0].union(*chosen[1:]))
    condition = Q()  # SQLite allows no LIMIT inside a UNION
    for rows in chosen:
        condition |= Q(pk__in=rows)
    return queryset.model._base_manager.filter(condition)


def load(rows: Iterable[tuple], query: ParsedQuery, sources: Sequence[SearchSource]):
    """The `SearchResult`s of one page of `hits()` rows, in order: one query per source."""
    rows = list(rows)
    by_key = {source.key: source for source in sources}
    wanted: dict[str, list[Any]] = {}
    for row in rows:
        wanted.setdefault(row[4], []).append(row[3])
    found = {key: by_key[key].results(pks, query) for key, pks in wanted.items()}
    return [found[row[4]][row[3]] for row in rows if row[3] in found[row[4]]]
