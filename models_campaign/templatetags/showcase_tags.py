"""Template helpers of the showcase, usable from any app's templates without a Python import."""

from __future__ import annotations

from django import template

from models_campaign.models import ShowcaseEntry

register = template.Library()

RELATED_LIMIT = 6


@register.simple_tag
def related_showcase_entries(article) -> list[ShowcaseEntry]:
    """The published entries that name `article` as related ("Mô hình liên quan"): one query."""
    return list(
        ShowcaseEntry.objects.published()
        .filter(related_articles=article)
        .select_related("field", "locality")
        .order_by("-publish_at", "-pk")[:RELATED_LIMIT]
    )


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
