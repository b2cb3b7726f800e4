"""Edit conflicts resolved in place: when a save is refused because someone else saved after the
form was opened, the form shows, per text field, the text that was opened, theirs and yours, and
offers three ways on: take theirs (reload), merge (theirs kept, your changes added, shown again to
check before saving) or keep yours over theirs (an explicit, recorded choice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from portal.editorial import snapshots
from portal.editorial.models import Revision
from portal.richtext import html_to_text

MERGE, OVERRIDE = "merge", "override"


@dataclass
class Row:
    name: str
    label: str
    opened: str
    theirs: str
    yours: str

    @property
    def both_changed(self) -> bool:
        return (
            self.yours != self.opened and self.theirs != self.opened and self.yours != (self.theirs)
        )


def _text_fields(form) -> list[models.Field]:
    model = form._meta.model
    found = []
    for name in model.editorial.revised_fields:
        field = model._meta.get_field(name)
        if name in form.fields and isinstance(field, models.CharField | models.TextField):
            found.append(field)
    return found


def opened_content(item, base_revision: int | None) -> dict:
    """The text the form was opened on. An item opened before it had any revision: its first
    revision, which the first save records from the state before that save."""
    found = Revision.for_item(item).values_list("content", flat=True)
    found = found.filter(number=base_revision) if base_revision else found.order_by("number")
    return found.first() or {}


def rows(form, current, base_revision: int | None) -> list[Row]:
    """The text fields where the opened text, theirs and yours are not all the same."""
    opened = opened_content(current, base_revision)
    theirs = snapshots.take(current)
    found = []
    for field in _text_fields(form):
        mine = form.data.get(form.add_prefix(field.name), "")
        row = Row(
            name=field.name,
            label=str(field.verbose_name).capitalize(),
            opened=str(opened.get(field.name, theirs.get(field.name)) or ""),
            theirs=str(theirs.get(field.name) or ""),
            yours=str(mine),
        )
        if not snapshots._same_markup(row.theirs, row.yours):
            found.append(row)
    return found


def readable(value: str) -> str:
    return html_to_text(value) if "<" in value else value


def merged_data(form, current, base_revision: int | None):
    """The form's data with theirs kept and your changes added: a field only you changed takes
    yours; one only they changed takes theirs; one both changed keeps theirs followed by yours
    (text) so nothing typed is lost."""
    data = form.data.copy()
    for row in rows(form, current, base_revision):
        key = form.add_prefix(row.name)
        if snapshots._same_markup(row.yours, row.opened):
            data[key] = row.theirs
        elif row.both_changed:
            field = form._meta.model._meta.get_field(row.name)
            long_text = isinstance(field, models.TextField)
            data[key] = f"{row.theirs}\n{row.yours}" if long_text else row.theirs
    data[form.add_prefix("base_version")] = str(current.version)
    data[form.add_prefix("base_revision")] = str(_latest_number(current))
    return data


def _latest_number(item) -> int:
    found = Revision.for_item(item).order_by("-number").values_list("number", flat=True).first()
    return found or 0
