"""Unique, Vietnamese-derived slugs for any model with a `slug` field."""

from __future__ import annotations

from django.db import models

from portal.text import slugify_vi


def unique_slug(instance: models.Model, source: str, *, fallback: str, field: str = "slug") -> str:
    """A slug made from `source` that no other row of the instance's model uses.

    `fallback` is used when `source` has nothing to make a slug of (only punctuation or emoji).
    Collisions get "-2", "-3", ... appended, keeping within the field's max_length.
    """
    max_length = instance._meta.get_field(field).max_length or 50
    base = slugify_vi(source, max_length=max_length - 8) or fallback
    others = type(instance)._default_manager.all()
    if instance.pk:
        others = others.exclude(pk=instance.pk)
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
