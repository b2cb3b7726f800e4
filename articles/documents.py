"""Document numbers ("số, ký hiệu") and the links from article bodies to the documents registry.

One set of rules for three jobs:

- `number_key("01-KL/TW")` -> "1-kl-tw": the normalised form stored on `Document.number_key`
  (diacritics, case, separators and leading zeros dropped), so "01/KL-TW" finds the same document.
- `parse_number_query("kết luận số 01")`: what a search query says about a number (the number,
  the kind, the other parts), and `number_lookup()`: the published documents it names, best first.
- `link_documents()`: when an article is saved, every mention of a registered, published document
  in its body ("Kết luận số 01-KL/TW", "Chỉ thị 05-CT/TW", "06-CT/TW", even glued to the word
  before: "ban hànhKết luận") becomes a link to the document's page; never inside an existing link
  or a heading; running it again changes nothing. `sync_citations()` records which documents an
  article links to (the "Bài viết liên quan" of a document page).

Matching works on a folded copy of the text that has exactly one character per character of the
original ("Kết luận" -> "ket luan"), so positions found in the copy cut the original.
Models are imported inside functions: `articles.models` imports this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from articles.models import Article

# --- kinds of document ---------------------------------------------------------------------------
# (value, label, abbreviations used in numbers). The value is also the ?loai= filter of /van-ban/.
KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("nghi-quyet", "Nghị quyết", ("NQ",)),
    ("chi-thi", "Chỉ thị", ("CT",)),
    ("ket-luan", "Kết luận", ("KL",)),
    ("quy-dinh", "Quy định", ("QĐi", "QĐ")),
    ("quy-che", "Quy chế", ("QC", "QCh")),
    ("huong-dan", "Hướng dẫn", ("HD",)),
    ("ke-hoach", "Kế hoạch", ("KH",)),
    ("chuong-trinh", "Chương trình", ("CTr",)),
    ("de-an", "Đề án", ("ĐA",)),
    ("quyet-dinh", "Quyết định", ("QĐ",)),
    ("thong-bao", "Thông báo", ("TB",)),
    ("cong-van", "Công văn", ("CV",)),
    ("bao-cao", "Báo cáo", ("BC",)),
    ("luat", "Luật", ()),
    ("nghi-dinh", "Nghị định", ("NĐ",)),
    ("thong-tu", "Thông tư", ("TT",)),
    ("khac", "Văn bản khác", ()),
)
KIND_LABELS = {value: label for value, label, _ in KINDS}


# --- folding, one character for one character ----------------------------------------------------
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


class _FoldTable(dict):
    """A `str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_same_length(text: str) -> str:
    """Lower-case, diacritics dropped, `len(result) == len(text)`, for NFC text: "Kết Luận" ->
    "ket luan". Old and new tone-mark placement fold alike ("uỷ", "ủy" -> "uy")."""
    return text.translate(_FOLD_TABLE)


def _fold(text: str) -> str:
    return fold_same_length(unicodedata.normalize("NFC", text or ""))


_KIND_BY_FOLDED = {_fold(label): value for value, label, _ in KINDS if value != "khac"}
# Longest first, so that "quyet dinh" is not read as something shorter.
_KIND_ALTERNATIVES = "|".join(
    re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_KIND_BY_FOLDED, key=len, reverse=True)
)
_TOKEN_RE = re.compile(r"[a-z]+|\d+")


def number_tokens(number: str) -> list[str]:
    """The parts of a number as compared: "01-KL/TW" -> ["1", "kl", "tw"]."""
    return [str(int(t)) if t.isdigit() else t for t in _TOKEN_RE.findall(_fold(number))]


def number_key(number: str) -> str:
    """The stored, normalised form of a number: "01-KL/TW", "01/KL-TW" -> "1-kl-tw";
    "35/2023/NĐ-CP" -> "35-2023-nd-cp". "" when it has no digit or no letter."""
    tokens = number_tokens(number)
    if not any(t.isdigit() for t in tokens) or not any(t.isalpha() for t in tokens):
        return ""
    return "-".join(tokens)


def number_value(number: str) -> int | None:
    """The leading number ("01-KL/TW" -> 1), indexed to find a document by number quickly."""
    for token in number_tokens(number):
        if token.isdigit():
            return int(token) if len(token) <= 9 else None
    return None


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, "Văn bản")


# --- finding a document by its number in a search query ------------------------------------------
# Words that may stand around a number without saying anything about it.
_FILLER = frozenset({"so", "ky", "hieu", "van", "ban", "ngay", "cua", "nam"})


@dataclass(frozen=True)
class NumberQuery:
    number: int
    kind: str | None = None  # from words such as "kết luận"
    parts: frozenset[str] = field(default_factory=frozenset)  # other parts: "kl", "tw", "2023"


def parse_number_query(text: str) -> NumberQuery | None:
    """What a query says about a document number, or None when it is not (only) a number:
    "01-KL/TW", "01 KL TW", "01/KL-TW", "KL 01", "kết luận 01", "ket luan so 01",
    "35/2023/NĐ-CP", "Nghị định 35/2023"."""
    folded = " ".join(_fold(text).split())
    kind = None
    found = re.search(rf"(?<![a-z])(?:{_KIND_ALTERNATIVES})(?![a-z])", folded)
    if found:
        kind = _KIND_BY_FOLDED[" ".join(found.group(0).split())]
        folded = folded[: found.start()] + " " + folded[found.end() :]
    tokens = [t for t in _TOKEN_RE.findall(folded) if t not in _FILLER]
    digits = [t for t in tokens if t.isdigit()]
    if not digits or len(digits[0]) > 9:
        return None
    letters = [t for t in tokens if t.isalpha()]
    if kind is None and not letters:
        return None  # a bare number says too little
    if any(len(t) > 10 for t in letters) or len(tokens) > 8:
        return None  # words, not a number
    parts = frozenset(str(int(t)) if t.isdigit() else t for t in tokens)
    return NumberQuery(number=int(digits[0]), kind=kind, parts=parts - {str(int(digits[0]))})


CENTRAL = "tw"  # the symbol of the Party's central bodies ("01-KL/TW")


def number_lookup(queryset, text: str) -> list[Any]:
    """The documents of `queryset` (already narrowed to what may be shown) that `text` names
    by number, best first: same number, same kind if one was said, every other part found in
    the document's number; among those, central documents ("/TW") before local ones. Works
    alike on every database (an indexed equality, then Python)."""
    query = parse_number_query(text)
    if query is None:
        return []
    candidates = queryset.filter(number_value=query.number)
    if query.kind:
        candidates = candidates.filter(kind=query.kind)
    found = []
    for document in candidates.order_by("-issued_on", "-pk")[:50]:
        tokens = set(document.number_key.split("-"))
        if query.parts <= tokens:
            found.append((CENTRAL in tokens, document.issued_on, document.pk, document))
    # Equally good matches ("KL 01": 01-KL/TW and a city's 01-KL/TU): the central (Trung ương)
    # document first, then the most recent.
    return [row[-1] for row in sorted(found, key=lambda row: row[:3], reverse=True)]


# --- links in article bodies ---------------------------------------------------------------------
# A number as written in a text: digits, then parts that are letters or a four-digit year.
_NUMBER = r"(?<![\w/.-])(?P<num>\d{1,6}(?:[ \t]?[/-][ \t]?(?:\d{4}(?!\d)|[a-z]{1,10}(?![a-z])))+)"
_NUMBER_RE = re.compile(_NUMBER + r"(?!\w)")
# The kind said just before a number: "Kết luận số 01-KL/TW", "Chỉ thị 05-CT/TW".
_KIND_BEFORE_RE = re.compile(rf"(?P<kind>{_KIND_ALTERNATIVES})[ \t]+(?:so[ \t]*:?[ \t]*)?$")
_LOOK_BEHIND = 40
# Cheap test on the text as written: a digit, then "/" or "-" (else there is no number at all).
_MAYBE_NUMBER_RE = re.compile(r"\d[ \t]?[/-]")
_TAG_RE = re.compile(r"<[^>]*>")
_TAG_NAME_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6"}
_DOCUMENT_PATH = "/van-ban/"


@dataclass(frozen=True)
class Target:
    kind: str
    url: str
    pk: int


class DocumentIndex:
    """The published documents by normalised number (built once, used for many bodies)."""

    def __init__(self, rows: Iterable[tuple[str, str, str, int]]):
        self.by_key: dict[str, list[Target]] = {}
        for key, kind, slug, pk in rows:
            if key:
                url = reverse("articles:document_detail", kwargs={"slug": slug})
                self.by_key.setdefault(key, []).append(Target(kind, url, pk))

    @classmethod
    def load(cls) -> DocumentIndex:
        from articles.models import Document

        rows = (
            Document.objects.published()
            .order_by("-issued_on", "-pk")
            .values_list("number_key", "kind", "slug", "pk")
        )
        return cls(rows)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def find(self, number: str, kind: str | None) -> Target | None:
        targets = self.by_key.get(number_key(number))
        if not targets:
            return None
        if kind:  # "Chỉ thị 01-KL/TW" is a typo: trust the number, prefer the kind said
            for target in targets:
                if target.kind == kind:
                    return target
        return targets[0]  # the most recently issued of the same number


def _link_text(text: str, index: DocumentIndex) -> str:
    if not _MAYBE_NUMBER_RE.search(text):
        return text
    folded = fold_same_length(text)
    if len(folded) != len(text):  # not NFC: leave it alone rather than cut it wrongly
        return text
    out, cursor = [], 0
    for m in _NUMBER_RE.finditer(folded):
        before = _KIND_BEFORE_RE.search(folded, max(cursor, m.start() - _LOOK_BEHIND), m.start())
        said_kind = _KIND_BY_FOLDED[" ".join(before.group("kind").split())] if before else None
        target = index.find(m.group("num"), said_kind)
        if target is None:
            continue
        start = before.start() if before and said_kind == target.kind else m.start()
        out.append(text[cursor:start])
        out.append(f'<a href="{target.url}" rel="noopener noreferrer">{text[start : m.end()]}</a>')
        cursor = m.end()
    if not out:
        return text
    out.append(text[cursor:])
    return "".join(out)


def link_body(html: str, index: DocumentIndex) -> str:
    """`html` (sanitised) with every mention of an indexed document linked, outside links and
    headings. Returns `html` itself when nothing changes."""
    if not html or not index:
        return html
    out, cursor, skip_depth, changed = [], 0, 0, False
    for tag in _TAG_RE.finditer(html):
        text = html[cursor : tag.start()]
        if text and not skip_depth:
            linked = _link_text(text, index)
            changed = changed or linked is not text
            text = linked
        out.append(text)
        out.append(tag.group(0))
        name = _TAG_NAME_RE.match(tag.group(0))
        if name and name.group(2).lower() in _SKIPPED:
            skip_depth = max(0, skip_depth + (-1 if name.group(1) else 1))
        cursor = tag.end()
    tail = html[cursor:]
    if tail and not skip_depth:
        linked = _link_text(tail, index)
        changed = changed or linked is not tail
        tail = linked
    out.append(tail)
    if not changed:
        return html
    from portal.richtext import sanitize_html

    return sanitize_html("".join(out))


def link_documents(article: Article, save_kwargs: dict[str, Any]) -> None:
    """Run before each save of an article (registered by `connect()`): link the body's
    mentions."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and "body" not in update_fields:
        return
    article.body = link_body(article.body, DocumentIndex.load())


# --- which documents an article cites -----------------------------------------------------------
_HREF_RE = re.compile(r'href="/van-ban/([a-z0-9-]+)/"')


def linked_slugs(html: str) -> set[str]:
    """The slugs of the document pages `html` links to."""
    if not html or _DOCUMENT_PATH not in html:
        return set()
    return set(_HREF_RE.findall(html))


def sync_citations(article: Article) -> None:
    """Record the documents the article's body links to (and only those)."""
    from articles.models import Document, DocumentCitation

    slugs = linked_slugs(article.body)
    wanted = set(Document.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    have = set(
        DocumentCitation.objects.filter(article=article).values_list("document_id", flat=True)
    )
    if have - wanted:
        DocumentCitation.objects.filter(article=article, document_id__in=have - wanted).delete()
    if wanted - have:
        DocumentCitation.objects.bulk_create(
            [DocumentCitation(article=article, document_id=pk) for pk in wanted - have],
            ignore_conflicts=True,
        )


def _after_article_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    sync_citations(instance)


def _after_attachment_delete(sender, instance, **kwargs) -> None:
    from articles.document_services import delete_attachment_file

    delete_attachment_file(instance.file.name, instance.file.storage)


def derive_number(document, save_kwargs: dict[str, Any]) -> None:
    """Run before each save of a document: the normalised number and its leading value."""
    document.number_key = number_key(document.number)
    document.number_value = number_value(document.number)
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and "number" in update_fields:
        save_kwargs["update_fields"] = {*update_fields, "number_key", "number_value"}


def connect() -> None:
    """Called from `articles.apps`: article bodies are linked before each save (and their
    citations recorded after it); a document's number and search document are derived before
    each save; a deleted attachment's file goes once the deletion is committed."""
    from django.db.models.signals import post_delete, post_save

    from articles import search_documents  # noqa: F401 - registers the search document
    from articles.models import Article, Document
    from portal.editorial.models import register_deriver

    register_deriver(Article, link_documents)
    register_deriver(Document, derive_number)

    post_save.connect(_after_article_save, sender="articles.Article",
                      dispatch_uid="articles.documents.citations")  # fmt: skip
    post_delete.connect(_after_attachment_delete, sender="articles.DocumentAttachment",
                        dispatch_uid="articles.documents.attachment_files")  # fmt: skip


# --- relinking every article ---------------------------------------------------------------------
@dataclass
class RelinkReport:
    articles: int = 0  # articles read
    changed: int = 0  # articles whose body got new links
    citations_added: int = 0
    citations_removed: int = 0


def relink_articles(
    *, dry_run: bool = False, chunk_size: int = 1000, progress=None
) -> RelinkReport:
    """Link every article's body to the published documents and bring the citations in step
    (after documents were added or published). Works in chunks of `chunk_size` articles, each
    in one transaction with its rows locked, so an editor's save in between is never lost.
    `progress(done, total)` is called after each chunk. A dry run writes nothing."""
    from django.db import transaction

    from articles.models import Article, Document, DocumentCitation

    index = DocumentIndex.load()
    slug_to_pk = dict(Document.objects.values_list("slug", "pk"))
    manager = Article._base_manager
    pks = list(manager.order_by("pk").values_list("pk", flat=True))
    report = RelinkReport()
    for start in range(0, len(pks), chunk_size):
        chunk = pks[start : start + chunk_size]
        with transaction.atomic():
            rows = manager.filter(pk__in=chunk)
            if not dry_run:
                rows = rows.select_for_update()
            changed, wanted = [], {}
            for pk, body in rows.values_list("pk", "body"):
                linked = link_body(body, index)
                if linked != body:
                    changed.append(Article(pk=pk, body=linked))
                wanted[pk] = {slug_to_pk[s] for s in linked_slugs(linked) if s in slug_to_pk}
            have: dict[int, set[int]] = {}
            for article_id, document_id in DocumentCitation.objects.filter(
                article_id__in=chunk
            ).values_list("article_id", "document_id"):
                have.setdefault(article_id, set()).add(document_id)
            add = [
                DocumentCitation(article_id=pk, document_id=doc)
                for pk, docs in wanted.items()
                for doc in docs - have.get(pk, set())
            ]
            remove = [
                (pk, doc) for pk, docs in have.items() for doc in docs - wanted.get(pk, set())
            ]
            report.articles += len(wanted)
            report.changed += len(changed)
            report.citations_added += len(add)
            report.citations_removed += len(remove)
            if not dry_run:
                if changed:
                    manager.bulk_update(changed, ["body"], batch_size=500)
                if add:
                    DocumentCitation.objects.bulk_create(add, ignore_conflicts=True)
                for pk, doc in remove:
                    DocumentCitation.objects.filter(article_id=pk, document_id=doc).delete()
        if progress is not None:
            progress(min(start + chunk_size, len(pks)), len(pks))
    return report
