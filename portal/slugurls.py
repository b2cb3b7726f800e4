"""`reverse()` for the addresses the public pages print most: slugs and keys in named URLs.

A list page prints dozens of article, category, tag and author addresses; `reverse()` walks
the URL resolver for each (about a tenth of an article page's CPU). Here each URL name is
reversed once per script prefix and URL configuration with a placeholder, and every later
address is the slug put in its place. A slug outside `[-a-zA-Z0-9_]` (which `<slug:...>`
would refuse or quote) goes through `reverse()` as before.
"""

from __future__ import annotations

import re

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "url-placeholder-{}x"
_SAFE = re.compile(r"[-a-zA-Z0-9_]+")
_templates: dict[tuple, list[str] | None] = {}


def slug_url(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, without walking the resolver each time."""
    return cached_reverse(viewname, slug=slug)


def cached_reverse(viewname: str, **kwargs: str) -> str:
    """`reverse(viewname, kwargs=kwargs)`: the name is reversed once per script prefix and URL
    configuration with placeholders, and every later address is the values put in their
    places. A value outside `[-a-zA-Z0-9_]` (which a converter might refuse or quote) goes
    through `reverse()` as before, as does a URL whose converters refuse the placeholders.

    For URLs whose converters write a value as it is (`slug`, `str`): a converter that checks
    or rewrites a value in `to_url` is not consulted for later values."""
    if not all(isinstance(value, str) and _SAFE.fullmatch(value) for value in kwargs.values()):
        return reverse(viewname, kwargs=kwargs)
    names = tuple(sorted(kwargs))
    key = (viewname, names, get_script_prefix(), get_urlconf())
    try:
        parts = _templates[key]
    except KeyError:
        parts = _templates[key] = _template(viewname, names)
    if parts is None:
        return reverse(viewname, kwargs=kwargs)
    # parts: literal, name, literal, name, ..., literal
    return "".join(kwargs[part] if i % 2 else part for i, part in enumerate(parts))


def _template(viewname: str, names: tuple[str, ...]) -> list[str] | None:
    placeholders = {name: _PLACEHOLDER.format(i) for i, name in enumerate(names)}
    try:
        url = reverse(viewname, kwargs=placeholders)
    except NoReverseMatch:
        return None
    by_placeholder = {value: name for name, value in placeholders.items()}
    pieces = re.split("(" + "|".join(map(re.escape, by_placeholder)) + ")", url)
    if len(pieces) != 2 * len(names) + 1:  # a placeholder missing from or repeated in the URL
        return None
    return [by_placeholder[piece] if i % 2 else piece for i, piece in enumerate(pieces)]


def clear(**kwargs) -> None:
    _templates.clear()


# The suite may swap the URL configuration (override_settings(ROOT_URLCONF=...)).
setting_changed.connect(clear, dispatch_uid="portal.slugurls.clear")
