from django import template
from django.urls import reverse

from portal.text import person_name

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """Vietnamese full name, else username, else "" (for a deleted account)."""
    return person_name(user)


@register.simple_tag
def editorial_url(prefix: str, view: str, *args) -> str:
    """The URL of one of a publishable type's staff screens ("articles_article", "pending")."""
    return reverse(f"admin:{prefix}_{view}", args=args)


@register.filter
def verbose_name_of(model) -> str:
    return str(model._meta.verbose_name).capitalize()
