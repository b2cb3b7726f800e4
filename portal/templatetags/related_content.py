"""Template helpers that gather from several apps for one page (site-wide, like home and search).

They live in `portal` so that an app's template does not load another app's library: the article
page lists the showcase entries that name it without `articles` depending on `models_campaign`.
As in portal's views, the other app is imported inside the helper only.
"""

from __future__ import annotations

from django import template

from portal.cache import per_generation

register = template.Library()

RELATED_SHOWCASE_LIMIT = 6


@register.simple_tag
def related_showcase_entries(article) -> list[dict]:
    """The published entries that name `article` as related ("Mô hình liên quan"), newest
    first: what the article page shows of them (name, address, field, locality), read for
    every article at once, once per content generation (portal.cache.per_generation)."""
    return per_generation("showcase:related-to-articles", _related_to_articles).get(article.pk, [])


def _related_to_articles() -> dict[int, list[dict]]:
    """{article id: its related entries, newest first, at most RELATED_SHOWCASE_LIMIT}: one
    query."""
    from models_campaign.models import ShowcaseEntry

    through = ShowcaseEntry.related_articles.through
    rows = (
        through.objects.filter(showcaseentry__in=ShowcaseEntry.objects.published())
        .select_related("showcaseentry__field", "showcaseentry__locality")
        .order_by("-showcaseentry__publish_at", "-showcaseentry__pk")
    )
    related: dict[int, list[dict]] = {}
    for row in rows:
        entries = related.setdefault(row.article_id, [])
        if len(entries) < RELATED_SHOWCASE_LIMIT:
            entry = row.showcaseentry
            entries.append({
                "name": entry.name,
                "url": entry.get_absolute_url(),
                "field": entry.field.name,
                "locality": entry.locality.name,
            })  # fmt: skip
    return related
