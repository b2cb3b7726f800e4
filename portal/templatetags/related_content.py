"""Template helpers that gather from several apps for one page (site-wide, like home and search).

They live in `portal` so that an app's template does not load another app's library: the article
page lists the showcase entries that name it without `articles` depending on `models_campaign`.
As in portal's views, the other app is imported inside the helper only.
"""

from __future__ import annotations

from django import template

register = template.Library()

RELATED_SHOWCASE_LIMIT = 6


@register.simple_tag
def related_showcase_entries(article) -> list:
    """The published entries that name `article` as related ("Mô hình liên quan"): one query."""
    from models_campaign.models import ShowcaseEntry

    return list(
        ShowcaseEntry.objects.published()
        .filter(related_articles=article)
        .select_related("field", "locality")
        .order_by("-publish_at", "-pk")[:RELATED_SHOWCASE_LIMIT]
    )
