"""Template helpers of the showcase's pages: Vietnamese number and percent formats."""

from __future__ import annotations

from django import template

register = template.Library()


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
