"""django-import-export widgets of the showcase spreadsheet (models_campaign.resources).

Each widget reads one cell (`clean`) and writes it back the same way on export (`render`):
Vietnamese choice labels, dates as day/month/year, whole numbers with dotted thousands
("12.500.000"), names from the portal's catalogues whatever their case or spacing. A cell that
cannot be read raises ValueError with the Vietnamese message that the import report shows in
that cell's column; django-import-export collects them per row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.encoding import force_str
from import_export.widgets import ForeignKeyWidget, Widget

from portal.text import clean_line, clean_text, search_fold

REQUIRED = "Ô này không được để trống."
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def fold(value) -> str:
    """What two cells share when they name the same thing (case, spacing, tone-mark style)."""
    return search_fold(str(value if value is not None else ""), keep_diacritics=True)


def present(value) -> bool:
    return value is not None and str(value).strip() != ""


class Cell(Widget):
    """The rules for an empty cell, shared by the widgets below: `required` cells may not be
    empty; `required_with` names the other columns that make this one required when any of them
    is filled in (the four columns of a recognition), with the message `missing`."""

    empty = None

    def __init__(self, *args, required=False, required_with=(), missing=REQUIRED, **kwargs):
        super().__init__(*args, **kwargs)
        self.required, self.required_with, self.missing = required, required_with, missing

    def is_empty(self, value, row) -> bool:
        if present(value):
            return False
        if self.required or any(present((row or {}).get(h)) for h in self.required_with):
            raise ValueError(self.missing)
        return True

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else force_str(value)


class TextCell(Cell):
    """Text on one line, or several (`multiline`: a summary), invisible characters removed."""

    empty = ""

    def __init__(self, *, multiline=False, **kwargs):
        super().__init__(**kwargs)
        self.multiline = multiline

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value, row):
            return self.empty
        return clean_text(str(value)).strip() if self.multiline else clean_line(str(value))


def whole_number(value) -> int:
    """A cell's whole, non-negative number: 2100, "2.100", "54.000.000", "1,250", 2100.0;
    "12,5" is twelve and a half, hence refused."""
    if isinstance(value, bool):
        raise ValueError(f"“{value}” không phải là một số.")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        raw = clean_line(str(value)).replace(" ", "")
        # Vietnamese spreadsheets group thousands with dots (12.500.000 đồng), others with
        # commas (1,250); a comma before anything but groups of three digits is a decimal one.
        for separator in ".,":
            if separator in raw and all(len(part) == 3 for part in raw.split(separator)[1:]):
                raw = raw.replace(separator, "")
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValueError(f"“{clean_line(str(value))}” không phải là một số.")
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise ValueError(f"“{value}” phải là một số nguyên không âm.")
    return int(number)


class WholeNumberCell(Cell):
    """A count or an amount; `bounds` (lowest, highest) with its message `out_of_bounds`."""

    def __init__(self, *, bounds=None, out_of_bounds="", **kwargs):
        super().__init__(**kwargs)
        self.bounds, self.out_of_bounds = bounds, out_of_bounds

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value, row):
            return None
        number = whole_number(value)
        if self.bounds and not self.bounds[0] <= number <= self.bounds[1]:
            raise ValueError(self.out_of_bounds)
        return number


class ChoiceCell(Cell):
    """One of a model's choices, by its Vietnamese label (or its code), exported as the label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value, row):
            return None
        text = clean_line(str(value))
        for code, label in self.choices.choices:
            if fold(text) in {fold(code), fold(label)}:
                return code
        allowed = ", ".join(f"“{label}”" for label in self.choices.labels)
        raise ValueError(f"Giá trị “{text}” không hợp lệ; chọn một trong: {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices.choices).get(value, "") if value else ""


class PastDateCell(Cell):
    """A date cell of the spreadsheet, or text as day/month/year; never in the future."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value, row):
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            text, parsed = f"{value:%d/%m/%Y}", value
        else:
            text, parsed = clean_line(str(value)), self.parse(clean_line(str(value)))
        if parsed > timezone.localdate():
            raise ValueError(f"Ngày “{text}” ở trong tương lai.")
        return parsed

    @staticmethod
    def parse(text: str) -> date:
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
        raise ValueError(
            f"“{text}” không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 02/09/2023."
        )

    def render(self, value, obj=None, **kwargs):
        return f"{value:%d/%m/%Y}" if value else ""


class CatalogueCell(Cell, ForeignKeyWidget):
    """A row of one of the portal's catalogues (units, localities, fields), named in the cell by
    any of `names` (a unit by its name or its short name), whatever the case and spacing.

    The catalogue is read once per import (`prepare()`, called by the resource's
    `before_import`), not once per row; `what` names it in the message."""

    def __init__(self, model, *, names=("name",), what: str, **kwargs):
        super().__init__(model, field=names[0], **kwargs)
        self.names, self.what, self.table = names, what, {}

    def prepare(self) -> None:
        self.table = {}
        items = list(self.model.objects.all())
        for name in self.names:  # the later names win (a unit's short name over a long one)
            self.table.update({self.key(getattr(i, name)): i for i in items if getattr(i, name)})

    def key(self, value):
        return fold(value)

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value, row):
            return None
        return super().clean(clean_line(str(value)), row, **kwargs)

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        found = self.table.get(self.key(value))
        if found is None:
            raise ValueError(self.unknown(value))
        return found

    def unknown(self, value) -> str:
        return f"Không có {self.what} “{value}” trong danh mục của cổng thông tin."

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else force_str(getattr(value, self.field))


class ThemeCell(CatalogueCell):
    """An annual theme, by its year."""

    def __init__(self, model, **kwargs):
        super().__init__(model, names=("year",), what="chuyên đề năm", **kwargs)

    def key(self, value):
        return whole_number(value)

    def unknown(self, value) -> str:
        return f"Chưa có chuyên đề năm {self.key(value)}."
