"""Public pages of the showcase. Every queryset here starts from `ShowcaseEntry.objects.published()`
(and `Article.objects.published()` for articles)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article
from models_campaign import stats
from models_campaign.models import AnnualTheme, ShowcaseEntry
from portal.cache import use_params
from portal.pagination import SafePaginationMixin

THEME_ENTRIES = 48
THEME_ARTICLES = 24


@dataclass(frozen=True)
class Facet:
    """One filter of the list: its query parameter, what it filters and how values are named."""

    param: str
    label: str
    lookup: str
    label_lookup: str | None = None
    choices: dict[str, str] | None = None
    numeric: bool = False
    order_by: tuple[str, ...] = ()

    def condition(self, raw: str) -> Q:
        if self.numeric:
            # Not a number: a condition that matches nothing (still one query, same count).
            value = int(raw) if raw.isdigit() and len(raw) <= 4 else -1
            return Q(**{self.lookup: value})
        return Q(**{self.lookup: raw})

    def options(self, queryset: QuerySet, selected: str) -> list[dict]:
        keys = [self.lookup] + ([self.label_lookup] if self.label_lookup else [])
        rows = (
            queryset.filter(**{f"{self.lookup}__isnull": False})
            .values(*keys)
            .annotate(n=Count("pk"))
            .order_by(*(self.order_by or keys))
        )
        options = []
        for row in rows:
            value = str(row[self.lookup])
            if self.choices is not None:
                name = self.choices.get(value, value)
            elif self.label_lookup:
                name = row[self.label_lookup]
            else:
                name = value
            options.append(
                {"value": value, "label": name, "count": row["n"], "selected": value == selected}
            )
        return options


FACETS = [
    Facet(
        "linh-vuc",
        "Lĩnh vực",
        "field__slug",
        "field__name",
        order_by=("field__order", "field__name"),
    ),
    Facet(
        "dia-ban",
        "Địa bàn",
        "locality__slug",
        "locality__name",
        order_by=("locality__order", "locality__name"),
    ),
    Facet("nam", "Năm bắt đầu", "year_started", numeric=True, order_by=("-year_started",)),
    Facet(
        "chuyen-de",
        "Chuyên đề năm",
        "theme__year",
        "theme__title",
        numeric=True,
        order_by=("-theme__year",),
    ),
    Facet(
        "tinh-trang",
        "Tình trạng",
        "status",
        choices=dict(ShowcaseEntry.Status.choices),
        order_by=("status",),
    ),
    Facet("loai", "Loại", "kind", choices=dict(ShowcaseEntry.Kind.choices), order_by=("kind",)),
]


def active_filters(params) -> dict[str, str]:
    """The filters a visitor asked for: known parameters with a non-empty value."""
    active = {}
    for facet in FACETS:
        raw = (params.get(facet.param) or "").strip()[:100]
        if raw:
            active[facet.param] = raw
    return active


def filter_entries(queryset: QuerySet, active: dict[str, str], *, skip: str = "") -> QuerySet:
    condition = Q()
    for facet in FACETS:
        if facet.param in active and facet.param != skip:
            condition &= facet.condition(active[facet.param])
    return queryset.filter(condition)


class EntryListView(SafePaginationMixin, ListView):
    """`/mo-hinh/`: published entries, filtered, with counts per filter value.

    Queries: one per filter (its counts under the other filters), the count, the page, the
    photos of the page — a fixed number whatever the data.
    """

    template_name = "models_campaign/showcaseentry_list.html"
    context_object_name = "entries"
    paginate_by = 12
    cache_params = ("page", *(facet.param for facet in FACETS))

    def get_queryset(self):
        self.active = active_filters(self.request.GET)
        published = ShowcaseEntry.objects.published()
        return filter_entries(published, self.active).for_listing().order_by("-publish_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = ShowcaseEntry.objects.published()
        context["facets"] = [
            {
                "param": facet.param,
                "label": facet.label,
                "selected": self.active.get(facet.param, ""),
                "options": facet.options(
                    filter_entries(published, self.active, skip=facet.param),
                    self.active.get(facet.param, ""),
                ),
            }
            for facet in FACETS
        ]
        context["active_filters"] = self.active
        # Only filter values that name something real let the page be stored in the cache.
        use_params(
            self.request,
            **{
                facet["param"]: facet["selected"]
                for facet in context["facets"]
                if any(option["selected"] for option in facet["options"])
            },
        )
        return context


class EntryDetailView(DetailView):
    template_name = "models_campaign/showcaseentry_detail.html"
    cache_params = ()
    context_object_name = "entry"

    def get_queryset(self):
        return (
            ShowcaseEntry.objects.published()
            .select_related("field", "locality", "organization", "theme")
            .prefetch_related(
                "photos",
                "recognitions",
                Prefetch(
                    "related_articles",
                    queryset=Article.objects.published()
                    .select_related("category")
                    .order_by("-publish_at", "-pk"),
                    to_attr="public_articles",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["replication_tree"] = replication_tree(self.object)
        return context


def replication_tree(entry: ShowcaseEntry) -> dict | None:
    """The published entries linked to `entry` by replication, as a tree from its origin.

    One query: the (id, parent) pairs of published entries. None when `entry` stands alone.
    """
    nodes = {
        row["pk"]: row
        for row in ShowcaseEntry.objects.published().values(
            "pk", "name", "slug", "replicated_from_id", "locality__name"
        )
    }
    if entry.pk not in nodes:
        return None
    children: dict[int, list[int]] = {}
    for pk, row in nodes.items():
        parent = row["replicated_from_id"]
        if parent in nodes:
            children.setdefault(parent, []).append(pk)
    root, seen = entry.pk, {entry.pk}
    while (parent := nodes[root]["replicated_from_id"]) in nodes and parent not in seen:
        seen.add(parent)
        root = parent

    def build(pk: int, visited: set[int]) -> dict:
        visited.add(pk)
        kids = sorted(
            (c for c in children.get(pk, []) if c not in visited), key=lambda c: nodes[c]["name"]
        )
        return {
            **nodes[pk],
            "current": pk == entry.pk,
            "children": [build(child, visited) for child in kids],
        }

    tree = build(root, set())
    if not tree["children"]:
        return None
    return tree


class ThemeView(TemplateView):
    """`/mo-hinh/chuyen-de/<year>/`: an annual theme, its published articles and entries."""

    template_name = "models_campaign/annualtheme_detail.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(AnnualTheme, year=kwargs["year"])
        entries = (
            ShowcaseEntry.objects.published()
            .filter(theme=theme)
            .for_listing()
            .order_by("-publish_at", "-pk")
        )
        articles = Article.objects.published().filter(annual_themes=theme).for_cards()
        return super().get_context_data(
            theme=theme,
            entries=list(entries[:THEME_ENTRIES]),
            articles=list(articles[:THEME_ARTICLES]),
            **kwargs,
        )


class StatsView(TemplateView):
    """`/mo-hinh/thong-ke/`: charts drawn on the server as SVG, each with its data table."""

    template_name = "models_campaign/stats.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=stats.report(), **kwargs)
