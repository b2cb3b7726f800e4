"""Import and export of the showcase list as CSV and XLSX (django-import-export).

Units report their models in spreadsheets. One row is one entry; the columns are `COLUMNS`
below, with Vietnamese headers. Import only adds new entries (as drafts, to be published by an
editor); it never updates or deletes. The admin always runs a dry run first and shows a report:
when any row is invalid, or the file itself is not usable, nothing is written.

What is checked, with a Vietnamese message for each:
- the file, before it is parsed, within bounded time and memory: its size
  (`IMPORT_MAX_BYTES`); for .xlsx, the archive's total unpacked size and each member's
  compression ratio (zip bombs), XML with a DOCTYPE (entity bombs), and the sheet's declared
  dimensions (`IMPORT_MAX_ROWS`, `IMPORT_MAX_COLUMNS`); then rows are read one by one and
  reading stops as soon as there are more than `IMPORT_MAX_ROWS`;
- the file: readable as the chosen format, not empty, headers known and complete;
- each row: required values, kind and status among the choices, unit, locality, field and
  annual theme known to the portal, years and numbers that are numbers, dates that are dates,
  no duplicate of another row of the file nor of an entry already stored.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export import fields, resources
from import_export.formats import base_formats
from openpyxl.utils.exceptions import InvalidFileException

from models_campaign.models import (
    FIRST_YEAR,
    LAST_YEAR,
    AnnualTheme,
    Field,
    Locality,
    Recognition,
    ShowcaseEntry,
)
from portal.editorial import workflow
from portal.models import Organization
from portal.text import clean_line, clean_text, search_fold

# (column header, model attribute or "" for recognition columns, required)
COLUMNS = [
    ("Tên mô hình", "name", True),
    ("Loại", "kind", True),
    ("Đơn vị thực hiện", "organization", True),
    ("Địa bàn", "locality", True),
    ("Lĩnh vực", "field", True),
    ("Năm bắt đầu", "year_started", True),
    ("Tình trạng", "status", True),
    ("Chuyên đề năm", "theme", False),
    ("Tóm tắt", "summary", False),
    ("Số người được hưởng lợi", "people_reached", False),
    ("Giá trị huy động (đồng)", "value_raised", False),
    ("Kết quả nổi bật", "results", False),
    ("Cấp công nhận", "recognition_level", False),
    ("Số quyết định", "recognition_decision", False),
    ("Ngày quyết định", "recognition_date", False),
    ("Cơ quan ban hành", "recognition_issuer", False),
]
HEADERS = [header for header, _attr, _req in COLUMNS]
REQUIRED = [header for header, _attr, req in COLUMNS if req]
LABELS = {attr: header for header, attr, _req in COLUMNS}
RECOGNITION_COLUMNS = [
    "recognition_level",
    "recognition_decision",
    "recognition_date",
    "recognition_issuer",
]
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def _fold(value) -> str:
    return search_fold(str(value if value is not None else ""), keep_diacritics=True)


class ImportFileError(ValueError):
    """The uploaded file cannot be read as a list of entries (message in Vietnamese)."""


_EXPIRED = "Tệp đã tải lên không còn được lưu tạm (quá 24 giờ hoặc máy chủ đã khởi động lại)."

# --- formulae: a cell that starts with one of these is run by Excel/LibreOffice as a formula ---
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def escape_formula(value):
    """For CSV: a text cell that a spreadsheet would run (`=HYPERLINK(...)`, `+cmd|...`, `@SUM`)
    gets a leading apostrophe, which spreadsheets show as text and do not evaluate."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    """Import reads back what export wrote: the apostrophe added by `escape_formula` goes."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:].lstrip(" ").startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def _limits() -> tuple[int, int, int]:
    return settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS


def _check_size(in_stream) -> None:
    max_bytes = settings.IMPORT_MAX_BYTES
    size = len(in_stream.encode("utf-8") if isinstance(in_stream, str) else in_stream)
    if size > max_bytes:
        raise ImportFileError(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB): chỉ nhận tệp đến "
            f"{max_bytes / 1024 / 1024:.0f} MB. Hãy chia danh sách thành nhiều tệp nhỏ hơn."
        )


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        f"Tệp có hơn {max_rows} dòng dữ liệu: mỗi lần chỉ nhập được tối đa {max_rows} mô hình. "
        "Hãy chia danh sách thành nhiều tệp nhỏ hơn."
    )


_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\""
)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def check_xlsx_archive(data: bytes) -> None:
    """Refuse, before openpyxl reads anything, an .xlsx that would cost too much to open."""
    _max_bytes, max_rows, max_columns = _limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(
            "Tệp này không phải là bảng tính Excel (.xlsx) hợp lệ. "
            "Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
        ) from exc
    bomb = ImportFileError(
        "Tệp .xlsx này khi giải nén lớn bất thường (có thể là “bom nén”) nên không được đọc. "
        "Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
    )
    if len(members) > settings.IMPORT_MAX_ZIP_MEMBERS:
        raise bomb
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise bomb
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > settings.IMPORT_MAX_ZIP_RATIO:
            raise bomb
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        # zipfile never unpacks more than a member declares, so this read is bounded too.
        with archive.open(member) as handle:
            head = handle.read(64 * 1024)
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise ImportFileError("Tệp .xlsx có nội dung XML không được phép (DOCTYPE/ENTITY).")
        if member.filename.startswith("xl/worksheets/"):
            found = _DIMENSION.search(head)
            if found and found.group(3):
                rows = int(found.group(4))
                columns = _column_number(found.group(3))
            elif found:
                rows, columns = int(found.group(2) or 1), _column_number(found.group(1) or b"A")
            else:
                continue
            if rows > max_rows + 1 or columns > max_columns:
                raise ImportFileError(
                    f"Bảng tính khai báo vùng dữ liệu {rows} dòng × {columns} cột, vượt giới hạn "
                    f"{max_rows} dòng và {max_columns} cột của một lần nhập. Hãy chép riêng các "
                    "dòng mô hình sang một bảng tính mới rồi lưu lại."
                )


class ShowcaseCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_dataset(dataset, escape_formula), **kwargs)

    def create_dataset(self, in_stream):
        if in_stream is None:
            raise ImportFileError(_EXPIRED)
        _check_size(in_stream)
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    "Tệp CSV không đọc được: hãy lưu tệp với bảng mã UTF-8."
                ) from exc
        if "\x00" in in_stream:
            raise ImportFileError("Tệp này không phải là tệp CSV (có dữ liệu nhị phân).")
        max_rows = settings.IMPORT_MAX_ROWS
        if in_stream.count("\n") > 5 * (max_rows + 1):
            raise _too_many_rows(max_rows)
        try:
            dataset = super().create_dataset(in_stream.lstrip("\ufeff"))
        except (csv.Error, UnicodeError) as exc:
            raise ImportFileError("Tệp CSV không đúng định dạng.") from exc
        if sum(1 for row in dataset if any(_present(v) for v in row)) > max_rows:
            raise _too_many_rows(max_rows)
        return _not_empty(_map_dataset(dataset, unescape_formula))


class ShowcaseXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        """Every text cell is written as text: `=HYPERLINK(...)` in a name stays a name, never
        a live formula, and nothing of it is lost."""
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Mô hình"
        for row in [dataset.headers or [], *dataset]:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def create_dataset(self, in_stream):
        if in_stream is None:
            raise ImportFileError(_EXPIRED)
        if not in_stream:
            raise ImportFileError("Tệp trống: không có dòng nào để nhập.")
        _check_size(in_stream)
        check_xlsx_archive(in_stream)
        try:
            dataset = self._read_rows(in_stream)
        except ImportFileError:
            raise
        except StopIteration as exc:
            raise ImportFileError("Tệp trống: không có dòng nào để nhập.") from exc
        except (
            zipfile.BadZipFile,
            InvalidFileException,
            KeyError,
            OSError,
            ValueError,
            TypeError,
        ) as exc:
            raise ImportFileError(
                "Tệp này không phải là bảng tính Excel (.xlsx) hợp lệ. "
                "Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
            ) from exc
        return _not_empty(dataset)

    @staticmethod
    def _read_rows(data: bytes):
        """The first sheet, row by row, never more than the limits allow."""
        import openpyxl
        import tablib

        _max_bytes, max_rows, max_columns = _limits()
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.active
            # Never trust the dimension the file declares (already checked above) for padding.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True, max_col=max_columns)
            dataset = tablib.Dataset()
            dataset.headers = list(next(rows))
            read = filled = 0
            for row in rows:
                read += 1
                if any(_present(value) for value in row):
                    filled += 1
                if filled > max_rows or read > 5 * (max_rows + 1):
                    raise _too_many_rows(max_rows)
                dataset.append(list(row))
        finally:
            book.close()
        return _trim_columns(dataset)


def _trim_columns(dataset):
    """Empty columns on the right (formatting only) are not columns of the file."""
    headers = list(dataset.headers or [])
    width = len(headers)
    while (
        width
        and not _present(headers[width - 1])
        and not any(_present(row[width - 1]) for row in dataset)
    ):
        width -= 1
    if width == len(headers):
        return dataset
    import tablib

    trimmed = tablib.Dataset(headers=headers[:width])
    for row in dataset:
        trimmed.append(list(row)[:width])
    return trimmed


def _map_dataset(dataset, function):
    import tablib

    mapped = tablib.Dataset(headers=list(dataset.headers) if dataset.headers else None)
    for row in dataset:
        mapped.append([function(value) for value in row])
    return mapped


def _not_empty(dataset):
    rows = [row for row in dataset if any(_present(value) for value in row)]
    if not dataset.headers or not any(_present(h) for h in dataset.headers):
        raise ImportFileError("Tệp trống: không có dòng tiêu đề và không có dữ liệu.")
    if not rows:
        raise ImportFileError("Tệp chỉ có dòng tiêu đề, không có mô hình nào để nhập.")
    return dataset


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


class ShowcaseEntryResource(resources.ModelResource):
    """One row per entry. Export writes the same columns that import reads."""

    name = fields.Field(column_name="Tên mô hình", attribute="name")
    kind = fields.Field(column_name="Loại")
    organization = fields.Field(column_name="Đơn vị thực hiện", attribute="organization__name")
    locality = fields.Field(column_name="Địa bàn", attribute="locality__name")
    field = fields.Field(column_name="Lĩnh vực", attribute="field__name")
    year_started = fields.Field(column_name="Năm bắt đầu", attribute="year_started")
    status = fields.Field(column_name="Tình trạng")
    theme = fields.Field(column_name="Chuyên đề năm", attribute="theme__year")
    summary = fields.Field(column_name="Tóm tắt", attribute="summary")
    people_reached = fields.Field(column_name="Số người được hưởng lợi", attribute="people_reached")
    value_raised = fields.Field(column_name="Giá trị huy động (đồng)", attribute="value_raised")
    results = fields.Field(column_name="Kết quả nổi bật", attribute="results")
    recognition_level = fields.Field(column_name="Cấp công nhận")
    recognition_decision = fields.Field(column_name="Số quyết định")
    recognition_date = fields.Field(column_name="Ngày quyết định")
    recognition_issuer = fields.Field(column_name="Cơ quan ban hành")

    class Meta:
        model = ShowcaseEntry
        fields = tuple(attr for _h, attr, _r in COLUMNS)
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        store_row_values = True
        store_instance = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    # --- export -------------------------------------------------------------------------------
    def get_queryset(self):
        return (
            ShowcaseEntry.objects.select_related("organization", "locality", "field", "theme")
            .prefetch_related("recognitions")
            .order_by("name", "pk")
        )

    def _latest_recognition(self, entry: ShowcaseEntry) -> Recognition | None:
        recognitions = list(entry.recognitions.all())
        return recognitions[0] if recognitions else None

    def dehydrate_kind(self, entry: ShowcaseEntry) -> str:
        return entry.get_kind_display()

    def dehydrate_status(self, entry: ShowcaseEntry) -> str:
        return entry.get_status_display()

    def dehydrate_recognition_level(self, entry: ShowcaseEntry) -> str:
        found = self._latest_recognition(entry)
        return found.get_level_display() if found else ""

    def dehydrate_recognition_decision(self, entry: ShowcaseEntry) -> str:
        found = self._latest_recognition(entry)
        return found.decision_number if found else ""

    def dehydrate_recognition_date(self, entry: ShowcaseEntry) -> str:
        found = self._latest_recognition(entry)
        return f"{found.decided_on:%d/%m/%Y}" if found else ""

    def dehydrate_recognition_issuer(self, entry: ShowcaseEntry) -> str:
        found = self._latest_recognition(entry)
        return found.issuer if found else ""

    # --- import: the file ---------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """Check the headers; load the lookup tables once (a fixed number of queries)."""
        known = {_fold(h): h for h in HEADERS}
        headers = [clean_line(str(h)) if h is not None else "" for h in dataset.headers or []]
        canonical, unknown, repeated = [], [], []
        for header in headers:
            match = known.get(_fold(header))
            if match is None:
                unknown.append(header or "(cột không có tên)")
            elif match in canonical:
                repeated.append(match)
            canonical.append(match or header)
        missing = [h for h in REQUIRED if h not in canonical]
        problems = []
        if missing:
            problems.append("Thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + ".")
        if unknown:
            problems.append("Cột không nhận ra: " + ", ".join(f"“{h}”" for h in unknown) + ".")
        if repeated:
            problems.append("Cột bị lặp: " + ", ".join(f"“{h}”" for h in repeated) + ".")
        if problems:
            # Without the right columns no row can be read: report the file, not each row.
            while len(dataset):
                del dataset[0]
            raise ImportFileError(
                " ".join(problems) + " Các cột của tệp phải là: " + ", ".join(HEADERS) + "."
            )
        dataset.headers = canonical
        # Blank lines at the end of a spreadsheet are not entries.
        for index in range(len(dataset) - 1, -1, -1):
            if not any(_present(value) for value in dataset[index]):
                del dataset[index]

        self.organizations = {_fold(o.name): o for o in Organization.objects.all()}
        self.organizations.update(
            {_fold(o.short_name): o for o in Organization.objects.exclude(short_name="")}
        )
        self.localities = {_fold(x.name): x for x in Locality.objects.all()}
        self.fields_by_name = {_fold(x.name): x for x in Field.objects.all()}
        self.themes = {x.year: x for x in AnnualTheme.objects.all()}
        self.existing = set(ShowcaseEntry.objects.values_list("organization_id", "name").iterator())
        self.existing = {(org_id, _fold(name)) for org_id, name in self.existing}
        self.seen: dict[tuple[int, str], int] = {}

    def get_or_init_instance(self, instance_loader, row):
        # Import only adds entries; it never changes one that exists.
        return self.init_instance(row), True

    # --- import: each row ---------------------------------------------------------------------
    def import_instance(self, instance: ShowcaseEntry, row, **kwargs):
        errors: dict[str, str] = {}
        line = kwargs.get("row_number", 0) + 1  # line 1 of the file is the header

        def text(header: str) -> str:
            value = row.get(header)
            return clean_line(str(value)) if _present(value) else ""

        def required(header: str, attr: str) -> str:
            value = text(header)
            if not value:
                errors[attr] = "Ô này không được để trống."
            return value

        instance.name = required("Tên mô hình", "name")
        instance.summary = clean_text(str(row.get("Tóm tắt") or "")).strip()
        instance.results = clean_text(str(row.get("Kết quả nổi bật") or "")).strip()
        instance.created_by = self.user if getattr(self.user, "pk", None) else None
        instance.publication = ShowcaseEntry.Publication.DRAFT

        kind = required("Loại", "kind")
        if kind:
            instance.kind = self._choice(ShowcaseEntry.Kind, kind, "kind", "Loại", errors)
        status = required("Tình trạng", "status")
        if status:
            instance.status = self._choice(
                ShowcaseEntry.Status, status, "status", "Tình trạng", errors
            )

        for header, attr, table, what in (
            ("Đơn vị thực hiện", "organization", self.organizations, "đơn vị"),
            ("Địa bàn", "locality", self.localities, "địa bàn"),
            ("Lĩnh vực", "field", self.fields_by_name, "lĩnh vực"),
        ):
            value = required(header, attr)
            if value:
                found = table.get(_fold(value))
                if found is None:
                    errors[attr] = f"Không có {what} “{value}” trong danh mục của cổng thông tin."
                else:
                    setattr(instance, attr, found)

        year = self._integer(row.get("Năm bắt đầu"), "year_started", errors, required=True)
        if year is not None:
            if FIRST_YEAR <= year <= LAST_YEAR:
                instance.year_started = year
            else:
                errors["year_started"] = f"Năm bắt đầu phải từ {FIRST_YEAR} đến {LAST_YEAR}."

        theme_year = self._integer(row.get("Chuyên đề năm"), "theme", errors)
        if theme_year is not None:
            theme = self.themes.get(theme_year)
            if theme is None:
                errors["theme"] = f"Chưa có chuyên đề năm {theme_year}."
            instance.theme = theme

        instance.people_reached = self._integer(
            row.get("Số người được hưởng lợi"), "people_reached", errors
        )
        instance.value_raised = self._integer(
            row.get("Giá trị huy động (đồng)"), "value_raised", errors
        )

        self.recognition = self._recognition(row, errors)

        if "name" not in errors and "organization" not in errors:
            key = (instance.organization.pk, _fold(instance.name))
            if key in self.existing:
                errors[NON_FIELD_ERRORS] = (
                    f"Trùng: đơn vị “{instance.organization.name}” đã có mô hình "
                    f"“{instance.name}” trên cổng thông tin."
                )
            elif key in self.seen:
                errors[NON_FIELD_ERRORS] = (
                    f"Trùng với dòng {self.seen[key]} của tệp (cùng đơn vị, cùng tên mô hình)."
                )
            else:
                self.seen[key] = line
        if errors:
            raise ValidationError(
                {key: ValidationError(message, code="invalid") for key, message in errors.items()}
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The row's own errors plus the model's `full_clean()`, named by column.

        When the row is already reported as a duplicate, the database constraint on
        (unit, name) is not checked again: one message per problem.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[key for key in errors if key != NON_FIELD_ERRORS],
                validate_unique=validate_unique,
                validate_constraints=NON_FIELD_ERRORS not in errors,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            # Name each error by its column, as the unit's spreadsheet does.
            raise ValidationError({LABELS.get(key, key): value for key, value in errors.items()})

    def after_save_instance(self, instance, row, **kwargs):
        if self.recognition is not None:
            self.recognition.entry = instance
            self.recognition.save()
        # History and audit as for an entry made in the form (rolled back with a dry run).
        workflow.record_import(instance, by=self.user if getattr(self.user, "pk", None) else None,
                               source=f"dòng {kwargs.get('row_number', 0) + 1}")  # fmt: skip

    # --- parsing helpers -----------------------------------------------------------------------
    @staticmethod
    def _choice(choices, value: str, attr: str, header: str, errors: dict) -> str | None:
        folded = _fold(value)
        for code, label in choices.choices:
            if folded in {_fold(code), _fold(label)}:
                return code
        allowed = ", ".join(f"“{label}”" for label in choices.labels)
        errors[attr] = f"Giá trị “{value}” không hợp lệ; chọn một trong: {allowed}."
        return None

    @staticmethod
    def _integer(value, attr: str, errors: dict, *, required: bool = False) -> int | None:
        if not _present(value):
            if required:
                errors[attr] = "Ô này không được để trống."
            return None
        if isinstance(value, bool):
            errors[attr] = f"“{value}” không phải là một số."
            return None
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
        else:
            raw = clean_line(str(value)).replace(" ", "")
            # Vietnamese spreadsheets group thousands with dots: 12.500.000 đồng.
            if raw.count(".") >= 1 and all(len(part) == 3 for part in raw.split(".")[1:]):
                raw = raw.replace(".", "")
            raw = raw.replace(",", "")
            try:
                number = Decimal(raw)
            except InvalidOperation:
                errors[attr] = f"“{clean_line(str(value))}” không phải là một số."
                return None
        if number != number.to_integral_value() or number < 0:
            errors[attr] = f"“{value}” phải là một số nguyên không âm."
            return None
        return int(number)

    def _recognition(self, row, errors: dict) -> Recognition | None:
        level_text = clean_line(str(row.get("Cấp công nhận") or ""))
        decision = clean_line(str(row.get("Số quyết định") or ""))
        raw_date = row.get("Ngày quyết định")
        issuer = clean_line(str(row.get("Cơ quan ban hành") or ""))
        if not any([level_text, decision, _present(raw_date), issuer]):
            return None
        level = None
        if level_text:
            level = self._choice(
                Recognition.Level, level_text, "recognition_level", "Cấp công nhận", errors
            )
        else:
            errors["recognition_level"] = "Có thông tin công nhận thì phải ghi cấp công nhận."
        if not decision:
            errors["recognition_decision"] = "Có thông tin công nhận thì phải ghi số quyết định."
        if not issuer:
            errors["recognition_issuer"] = "Có thông tin công nhận thì phải ghi cơ quan ban hành."
        decided_on = self._date(raw_date, errors)
        if level and decision and issuer and decided_on:
            return Recognition(
                level=level, decision_number=decision, decided_on=decided_on, issuer=issuer
            )
        return None

    @staticmethod
    def _date(value, errors: dict) -> date | None:
        if not _present(value):
            errors["recognition_date"] = "Có thông tin công nhận thì phải ghi ngày quyết định."
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        raw = clean_line(str(value))
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
            if parsed > timezone.localdate():
                errors["recognition_date"] = f"Ngày “{raw}” ở trong tương lai."
                return None
            return parsed
        errors["recognition_date"] = (
            f"“{raw}” không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 02/09/2023."
        )
        return None
