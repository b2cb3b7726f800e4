"""Public pages of the documents registry: `/van-ban/` (filters and search), `/van-ban/<slug>/`,
the attached files and the RSS feed of new documents. Every queryset starts from
`Document.objects.published()` (and `Article.objects.published()` for the citing articles)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import slugify
from django.views.generic import DetailView, ListView

from articles import attachments
from articles.documents import KINDS, number_lookup
from articles.models import Article, Document, DocumentAttachment, DocumentRelation, IssuingBody
from portal import search
from portal.pagination import SafePaginationMixin

CITING_ARTICLES = 20
FEED_SIZE = 30


@dataclass(frozen=True)
class Filter:
    param: str
    label: str
    lookup: str


FILTERS = (
    Filter("loai", "Loại văn bản", "kind"),
    Filter("co-quan", "Cơ quan ban hành", "issuing_body__slug"),
    Filter("nam", "Năm ban hành", "issued_on__year"),
    Filter("hieu-luc", "Hiệu lực", "validity"),
)


def active_filters(params) -> dict[str, str]:
    active = {}
    for item in FILTERS:
        raw = (params.get(item.param) or "").strip()[:100]
        if raw:
            active[item.param] = raw
    return active


def filter_documents(queryset, active: dict[str, str]):
    condition = Q()
    for item in FILTERS:
        raw = active.get(item.param)
        if raw is None:
            continue
        if item.param == "nam":  # not a year: matches nothing (no error)
            if not (raw.isdigit() and 1900 <= int(raw) <= 2100):
                return queryset.none()
            raw = int(raw)
        condition &= Q(**{item.lookup: raw})
    return queryset.filter(condition)


def filter_options(active: dict[str, str]) -> list[dict]:
    """The choices of each filter (what published documents have), with the selected one."""
    published = Document.objects.published()
    kinds_present = set(published.values_list("kind", flat=True).distinct())
    bodies = IssuingBody.objects.filter(documents__in=published).distinct()
    years = sorted(
        {d.year for d in published.dates("issued_on", "year")}, reverse=True
    )  # fmt: skip
    options = {
        "loai": [(value, label) for value, label, _ in KINDS if value in kinds_present],
        "co-quan": [(body.slug, body.name) for body in bodies.order_by("order", "name")],
        "nam": [(str(year), str(year)) for year in years],
        "hieu-luc": list(Document.Validity.choices),
    }
    return [
        {
            "param": item.param,
            "label": item.label,
            "options": [
                {"value": v, "label": label, "selected": active.get(item.param) == v}
                for v, label in options[item.param]
            ],
        }
        for item in FILTERS
    ]


class DocumentListView(SafePaginationMixin, ListView):
    """`/van-ban/?q=&loai=&co-quan=&nam=&hieu-luc=`: published documents, newest first, or the
    search results (a document named by its number first, then by relevance)."""

    template_name = "articles/document_list.html"
    context_object_name = "documents"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.active = active_filters(request.GET)
        self.query = search.parse_query(request.GET.get("q", ""))
        response = super().get(request, *args, **kwargs)
        if self.query.text:
            # Like /tim-kiem/: every query is a new page, kept out of the shared page cache.
            patch_cache_control(response, private=True, max_age=60)
        return response

    def get_queryset(self):
        documents = filter_documents(Document.objects.published(), self.active)
        if not self.query:
            return documents.for_listing()
        named = [d.pk for d in number_lookup(documents, self.query.text)]
        ranked = (
            search.search(documents, self.query)
            .order_by("-search_exact", "-search_rank", "-issued_on", "-pk")
            .values_list("pk", flat=True)[: settings.SEARCH_MAX_RESULTS]
        )
        pks = named + [pk for pk in ranked if pk not in named]
        return _InOrder(pks)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=filter_options(self.active),
            active_filters=self.active,
            query=self.query,
            document_query=self.query.text,
            searching=bool(self.query),
        )
        return context


class _InOrder(list):
    """Search results: primary keys in order; a page loads its own documents (one query)."""

    def __getitem__(self, index):
        pks = super().__getitem__(index)
        if not isinstance(index, slice):
            return pks
        found = Document.objects.published().for_listing().in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]


class DocumentDetailView(DetailView):
    template_name = "articles/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        published = Document.objects.published()
        return published.select_related("issuing_body").prefetch_related(
            "attachments",
            Prefetch(
                "relations",
                queryset=DocumentRelation.objects.filter(target__in=published)
                .select_related("target")
                .order_by("target__issued_on"),
            ),
            Prefetch(
                "inverse_relations",
                queryset=DocumentRelation.objects.filter(source__in=published)
                .select_related("source")
                .order_by("source__issued_on"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(document_context(self.object))
        return context


def document_context(document: Document) -> dict:
    """What the document page shows besides the document (also used by staff previews)."""
    citing = (
        Article.objects.published()
        .filter(document_citations__document=document)
        .select_related("category")
        .order_by("-publish_at", "-pk")
    )
    return {
        "citing_articles": list(citing[:CITING_ARTICLES]),
        "breadcrumbs_current": document.heading,
    }


def document_file(request, slug: str, pk: int):
    """An attached file of a published document. PDFs open in the browser unless `?tai-ve=1`;
    other files are downloaded. The name given is readable ("ket-luan-so-01-kl-tw.pdf")."""
    document = get_object_or_404(Document.objects.published(), slug=slug)
    attachment = get_object_or_404(DocumentAttachment, pk=pk, document=document)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Tệp không còn.") from exc
    stem = document.slug
    if attachment.title:
        stem = f"{stem}-{slugify(attachment.title)}"
    inline = attachment.is_pdf and request.GET.get("tai-ve") != "1"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=f"{stem}.{attachment.file_type}",
        content_type=attachments.CONTENT_TYPES.get(
            attachment.file_type, "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


class DocumentFeed(Feed):
    """`/van-ban/rss/`: the newest published documents."""

    feed_type = Rss201rev2Feed

    def title(self):
        return f"{settings.SITE_NAME} – Văn bản mới"

    def link(self):
        from django.urls import reverse

        return reverse("articles:document_list")

    def description(self):
        return "Văn bản của Đảng và Nhà nước mới đăng trên cổng thông tin."

    def items(self):
        return (
            Document.objects.published()
            .select_related("issuing_body")
            .order_by("-publish_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.heading}: {item.abstract}"

    def item_description(self, item):
        issued = item.issued_on.strftime("%d/%m/%Y")
        return f"{item.issuing_body.name}, ngày {issued}. {item.summary or item.abstract}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.kind_name]

    def item_guid(self, item):
        return f"van-ban-{item.pk}"

    item_guid_is_permalink = False
