"""Post an admin change form as a person would: what the page shows, with some fields changed."""

from __future__ import annotations

from django.forms import BoundField


def _value(bound: BoundField):
    value = bound.value()
    widget = bound.field.widget
    if value is None:
        return ""
    if hasattr(widget, "widgets"):  # a split date/time: one input per part (below)
        return None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if hasattr(value, "name") and not isinstance(value, str):  # a stored file: keep it
        return None
    if isinstance(value, bool):
        return "on" if value else None
    return str(value)


def _form_fields(form, data: dict) -> None:
    for name in form.fields:
        bound = form[name]
        value = _value(bound)
        if value is None and hasattr(bound.field.widget, "widgets"):
            raw = bound.value()  # a bound form already holds the parts
            parts = raw if isinstance(raw, list | tuple) else bound.field.widget.decompress(raw)
            for i, part in enumerate(parts):
                data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
            continue
        if value is None:
            continue
        if bound.field.__class__.__name__ == "TagField" and isinstance(bound.value(), list):
            value = ", ".join(f'"{t.name}"' for t in bound.value())
        data[bound.html_name] = value


def change_form_data(response, **changes) -> dict:
    """The POST data of the change page in `response`, with `changes` applied."""
    data: dict = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value())
        for form in formset.forms:
            _form_fields(form, data)
    data.update(changes)
    return data
