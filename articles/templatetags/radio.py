from django import template

from articles.audio import duration_label

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as "3:07" (or "1:02:05")."""
    return duration_label(seconds)
