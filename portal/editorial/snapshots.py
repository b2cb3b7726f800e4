"""What a revision holds, how it is put back, and how two are compared.

A snapshot is a JSON-able dict of the fields, relations and child rows that the item's type
declares in `editorial` (`revised_fields`, `revised_relations`, `revised_children`). Older
snapshots may hold fewer keys: whatever a snapshot does not hold is left as it is.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.managers import TaggableManager

from portal.richtext import html_to_text


# --- one value ---------------------------------------------------------------------------------
def _dump(field: models.Field, obj: models.Model) -> Any:
    if isinstance(field, models.ForeignKey):
        return getattr(obj, field.attname)
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name or "" if value else ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _load(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return parse_datetime(value) if isinstance(value, str) else value
    if isinstance(field, models.DateField):
        return parse_date(value) if isinstance(value, str) else value
    return value


def _fields(model: type[models.Model], names) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


# --- taking and putting back -------------------------------------------------------------------
def _relation_value(obj: models.Model, name: str) -> list:
    field = obj._meta.get_field(name)
    if isinstance(field, TaggableManager):
        return sorted(getattr(obj, name).names())
    return sorted(getattr(obj, name).values_list("pk", flat=True))


def _child_rows(obj: models.Model, name: str, fields: tuple[str, ...]) -> list[dict]:
    manager = getattr(obj, name)
    child_fields = _fields(manager.model, fields)
    return [{f.name: _dump(f, child) for f in child_fields} for child in manager.all()]


def take(obj: models.Model) -> dict[str, Any]:
    """The snapshot of `obj` as it is now (saved relations and children included)."""
    options = obj.editorial
    content: dict[str, Any] = {
        f.name: _dump(f, obj) for f in _fields(type(obj), options.revised_fields)
    }
    if obj.pk:
        for name in options.revised_relations:
            content[name] = _relation_value(obj, name)
        for name, fields in options.revised_children.items():
            content[name] = _child_rows(obj, name, fields)
    return content


def apply_fields(obj: models.Model, content: dict[str, Any]) -> None:
    """Put the snapshot's own fields on `obj` (in memory; the caller saves)."""
    for f in _fields(type(obj), obj.editorial.revised_fields):
        if f.name not in content:
            continue
        value = _load(f, content[f.name])
        if isinstance(f, models.FileField):
            setattr(obj, f.name, value or "")
        else:
            setattr(obj, f.attname, value)


def apply_related(obj: models.Model, content: dict[str, Any]) -> list[str]:
    """Put the snapshot's relations and child rows on the saved `obj`. Returns the names of
    files that child rows no longer use (the caller decides what happens to them)."""
    options = obj.editorial
    for name in options.revised_relations:
        if name in content and _relation_value(obj, name) != sorted(content[name]):
            getattr(obj, name).set(content[name])
    dropped: list[str] = []
    for name, fields in options.revised_children.items():
        if name not in content or _child_rows(obj, name, fields) == content[name]:
            continue
        manager = getattr(obj, name)
        child_model = manager.model
        fk_name = obj._meta.get_field(name).field.name
        child_fields = _fields(child_model, fields)
        file_fields = [f.name for f in child_fields if isinstance(f, models.FileField)]
        kept = {row.get(n) for row in content[name] for n in file_fields}
        for child in manager.all():
            dropped += [getattr(child, n).name for n in file_fields
                        if getattr(child, n) and getattr(child, n).name not in kept]  # fmt: skip
        manager.all().delete()
        for row in content[name]:
            child = child_model(**{fk_name: obj})
            for f in child_fields:
                if f.name in row:
                    value = _load(f, row[f.name])
                    setattr(child, f.attname if not isinstance(f, models.FileField) else f.name,
                            value)  # fmt: skip
            child.save()
    return dropped


def file_names(model: type[models.Model], content: dict[str, Any]) -> set[str]:
    """Every stored file a snapshot names (own file fields and child rows')."""
    names = {
        content.get(f.name) or ""
        for f in _fields(model, model.editorial.revised_fields)
        if isinstance(f, models.FileField)
    }
    for rel, fields in model.editorial.revised_children.items():
        child_model = model._meta.get_field(rel).related_model
        for f in _fields(child_model, fields):
            if isinstance(f, models.FileField):
                names |= {row.get(f.name) or "" for row in content.get(rel, [])}
    return {n for n in names if n}


# --- comparing ---------------------------------------------------------------------------------
def word_diff(old: str, new: str) -> SafeString:
    """Readable inline diff: removed words struck through, added words highlighted."""
    old_words, new_words = (old or "").split(), (new or "").split()
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(out))  # every piece is escaped above


def _label(field) -> str:
    name = str(getattr(field, "verbose_name", "") or field.name)
    return name[:1].upper() + name[1:]


def _readable(field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(field, models.ForeignKey):
        found = field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Có" if value else "Không"
    if isinstance(field, models.TextField) and "<" in str(value):
        return html_to_text(str(value))
    return str(value)


def _relation_readable(model, name: str, values: list) -> str:
    field = model._meta.get_field(name)
    if isinstance(field, TaggableManager):
        return ", ".join(values)
    found = field.related_model._default_manager.filter(pk__in=values)
    return ", ".join(str(o) for o in found)


def _children_readable(model, name: str, rows: list[dict]) -> str:
    child_model = model._meta.get_field(name).related_model
    lines = []
    for row in rows:
        parts = []
        for fname, value in row.items():
            f = child_model._meta.get_field(fname)
            if isinstance(f, models.PositiveIntegerField) and not f.editable:
                continue  # derived sizes say nothing to a reader
            text = _readable(f, value)
            if text:
                parts.append(text)
        lines.append(" – ".join(parts))
    return " ¶ ".join(lines)


_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACES = re.compile(r"\s+")


def _same_markup(a: Any, b: Any) -> bool:
    """Rich text that differs only in the editor's line breaks and indentation is the same."""
    if not isinstance(a, str) or not isinstance(b, str):
        return a == b

    def squeeze(html: str) -> str:
        return _SPACES.sub(" ", _BETWEEN_TAGS.sub("><", html)).strip()

    return squeeze(a) == squeeze(b)


def diff(model: type[models.Model], old: dict[str, Any], new: dict[str, Any]) -> list[tuple]:
    """(label, inline diff) for each declared piece of content that differs."""
    rows = []
    options = model.editorial
    for f in _fields(model, options.revised_fields):
        if f.name not in new or not f.editable:
            continue
        a, b = old.get(f.name), new.get(f.name)
        if _same_markup(a, b):
            continue
        shown = word_diff(_readable(f, a), _readable(f, b))
        if "<ins>" not in shown and "<del>" not in shown:
            shown = mark_safe(f"{shown} <em>(chữ không đổi; đổi định dạng, liên kết hoặc ảnh)</em>")
        rows.append((_label(f), shown))
    for name in options.revised_relations:
        if name in new and sorted(old.get(name, [])) != sorted(new[name]):
            f = model._meta.get_field(name)
            rows.append(
                (
                    _label(f),
                    word_diff(
                        _relation_readable(model, name, old.get(name, [])),
                        _relation_readable(model, name, new[name]),
                    ),
                )
            )
    for name in options.revised_children:
        if name in new and old.get(name, []) != new[name]:
            f = model._meta.get_field(name)
            plural = str(f.related_model._meta.verbose_name_plural)
            label = plural[:1].upper() + plural[1:]
            rows.append(
                (
                    label,
                    word_diff(
                        _children_readable(model, name, old.get(name, [])),
                        _children_readable(model, name, new[name]),
                    ),
                )
            )
    return rows  # fmt: skip
