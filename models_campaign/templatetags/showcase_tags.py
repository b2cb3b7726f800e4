"""Template helpers of the showcase, usable from any app's templates without a Python import."""

from __future__ import annotations

from django import template

from models_campaign.models import ShowcaseEntry

register = template.Library()

RELATED_LIMIT = 6


@register.simple_tag
def related_showcase_entries(article) -> list[dict]:
    """The published entries that name `article` as related ("Mô hình liên quan"), newest
    first: what the article page shows of them (name, address, field, locality), read for
    every article at once, once per content generation (portal.cache.per_generation)."""
    from portal.cache import per_generation

    return per_generation("showcase:related-to-articles", _related_to_articles).get(article.pk, [])


def _related_to_articles() -> dict[int, list[dict]]:
    """{article id: its related entries, newest first, at most RELATED_LIMIT}: one query."""
    through = ShowcaseEntry.related_articles.through
    rows = (
        through.objects.filter(showcaseentry__in=ShowcaseEntry.objects.published())
        .select_related("showcaseentry__field", "showcaseentry__locality")
        .order_by("-showcaseentry__publish_at", "-showcaseentry__pk")
    )
    related: dict[int, list[dict]] = {}
    for row in rows:
        entries = related.setdefault(row.article_id, [])
        if len(entries) < RELATED_LIMIT:
            entry = row.showcaseentry
            entries.append({
                "name": entry.name,
                "url": entry.get_absolute_url(),
                "field": entry.field.name,
                "locality": entry.locality.name,
            })  # fmt: skip
    return related


@register.filter
def vn_number(value) -> str:
    """12500000 -> "12.500.000" (Vietnamese thousands separator); "" for None."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter
def vn_percent(value) -> str:
    """33.3 -> "33,3%" (Vietnamese decimal comma)."""
    if value is None:
        return ""
    text = f"{float(value):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"
