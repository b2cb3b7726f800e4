from django import template

from portal.sharecards import card_url

register = template.Library()


@register.simple_tag
def share_card_url(article, shape: str = "og") -> str:
    """The URL of an article's share card (no storage access: the key is computed)."""
    return card_url(article, shape)
