from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@register.filter
def vn_datetime(value: datetime | None) -> str:
    """ "Thứ Năm, 26/11/2026 07:25" in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


@register.filter
def vn_date(value: datetime | None) -> str:
    """ "26/11/2026" in the site's time zone."""
    if not value:
        return ""
    return f"{timezone.localtime(value):%d/%m/%Y}"


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL's query string with `page` set to `number` (other filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
