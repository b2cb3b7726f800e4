"""Import and export of the showcase list as CSV and XLSX (django-import-export).

Units report their models in spreadsheets. One row is one entry; the columns are the fields of
`ShowcaseEntryResource` below (`HEADERS`, Vietnamese), each cell read and written by its widget
(`models_campaign.widgets`). Import only adds new entries (as drafts, to be published by an
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

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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
from models_campaign.widgets import (
    CatalogueCell,
    Cell,
    ChoiceCell,
    PastDateCell,
    TextCell,
    ThemeCell,
    WholeNumberCell,
    fold,
    present,
)
from portal.editorial import workflow
from portal.models import Organization
from portal.text import clean_line


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
        if sum(1 for row in dataset if any(present(v) for v in row)) > max_rows:
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
                if any(present(value) for value in row):
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
        and not present(headers[width - 1])
        and not any(present(row[width - 1]) for row in dataset)
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
    rows = [row for row in dataset if any(present(value) for value in row)]
    if not dataset.headers or not any(present(h) for h in dataset.headers):
        raise ImportFileError("Tệp trống: không có dòng tiêu đề và không có dữ liệu.")
    if not rows:
        raise ImportFileError("Tệp chỉ có dòng tiêu đề, không có mô hình nào để nhập.")
    return dataset


RECOGNITION_HEADERS = ("Cấp công nhận", "Số quyết định", "Ngày quyết định", "Cơ quan ban hành")


def _recognition(attribute: str, header: str, what: str, widget: type[Cell], *args) -> fields.Field:
    """One of the four columns of an entry's latest recognition: all empty, or all filled in."""
    missing = f"Có thông tin công nhận thì phải ghi {what}."
    cell = widget(*args, required_with=RECOGNITION_HEADERS, missing=missing)
    return fields.Field(attribute=f"recognition__{attribute}", column_name=header, widget=cell)


class ShowcaseEntryResource(resources.ModelResource):
    """One row per entry, with its latest recognition. Export writes the same columns that
    import reads; every cell is read and written by its widget (models_campaign.widgets)."""

    name = fields.Field("name", "Tên mô hình", TextCell(required=True))
    kind = fields.Field("kind", "Loại", ChoiceCell(ShowcaseEntry.Kind, required=True))
    organization = fields.Field(
        "organization", "Đơn vị thực hiện",
        CatalogueCell(Organization, names=("name", "short_name"), what="đơn vị", required=True),
    )  # fmt: skip
    locality = fields.Field(
        "locality", "Địa bàn", CatalogueCell(Locality, what="địa bàn", required=True)
    )
    field = fields.Field("field", "Lĩnh vực", CatalogueCell(Field, what="lĩnh vực", required=True))
    year_started = fields.Field(
        "year_started", "Năm bắt đầu",
        WholeNumberCell(required=True, bounds=(FIRST_YEAR, LAST_YEAR),
                        out_of_bounds=f"Năm bắt đầu phải từ {FIRST_YEAR} đến {LAST_YEAR}."),
    )  # fmt: skip
    status = fields.Field("status", "Tình trạng", ChoiceCell(ShowcaseEntry.Status, required=True))
    theme = fields.Field("theme", "Chuyên đề năm", ThemeCell(AnnualTheme))
    summary = fields.Field("summary", "Tóm tắt", TextCell(multiline=True))
    people_reached = fields.Field("people_reached", "Số người được hưởng lợi", WholeNumberCell())
    value_raised = fields.Field("value_raised", "Giá trị huy động (đồng)", WholeNumberCell())
    results = fields.Field("results", "Kết quả nổi bật", TextCell(multiline=True))
    recognition_level = _recognition(
        "level", "Cấp công nhận", "cấp công nhận", ChoiceCell, Recognition.Level
    )
    recognition_decision = _recognition(
        "decision_number", "Số quyết định", "số quyết định", TextCell
    )
    recognition_date = _recognition(
        "decided_on", "Ngày quyết định", "ngày quyết định", PastDateCell
    )
    recognition_issuer = _recognition("issuer", "Cơ quan ban hành", "cơ quan ban hành", TextCell)

    class Meta:
        model = ShowcaseEntry
        fields = (
            "name", "kind", "organization", "locality", "field", "year_started", "status",
            "theme", "summary", "people_reached", "value_raised", "results",
            "recognition_level", "recognition_decision", "recognition_date",
            "recognition_issuer",
        )  # fmt: skip
        import_order = export_order = fields
        import_id_fields = ()
        skip_diff = True
        store_row_values = True
        store_instance = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if getattr(user, "pk", None) else None

    # --- export -------------------------------------------------------------------------------
    def get_queryset(self):
        return (
            ShowcaseEntry.objects.select_related("organization", "locality", "field", "theme")
            .prefetch_related("recognitions")
            .order_by("name", "pk")
        )

    def export_resource(self, instance, selected_fields=None, **kwargs):
        instance.recognition = next(iter(instance.recognitions.all()), None)  # the latest
        return super().export_resource(instance, selected_fields, **kwargs)

    # --- import -------------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """Check the headers; read the catalogues and the stored entries once (a fixed number
        of queries, whatever the number of rows)."""
        _check_headers(dataset)
        for field_ in self.get_import_fields():
            if isinstance(field_.widget, CatalogueCell):
                field_.widget.prepare()
        stored = ShowcaseEntry.objects.values_list("organization_id", "name").iterator()
        self.existing = {(org_id, fold(name)) for org_id, name in stored}
        self.seen: dict[tuple[int, str], int] = {}

    def get_or_init_instance(self, instance_loader, row):
        # Import only adds entries, as drafts; it never changes one that exists.
        entry = ShowcaseEntry(created_by=self.user, publication=ShowcaseEntry.Publication.DRAFT)
        entry.recognition = Recognition()
        return entry, True

    def import_instance(self, instance: ShowcaseEntry, row, **kwargs):
        """The widgets read the cells; then a row may still repeat another (one error a row)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.error_dict
        if "name" not in errors and "organization" not in errors:
            duplicate = self._duplicate(instance, line=kwargs.get("row_number", 0) + 1)
            if duplicate:
                errors[NON_FIELD_ERRORS] = [ValidationError(duplicate, code="invalid")]
        if errors:
            raise ValidationError(errors)

    def _duplicate(self, entry: ShowcaseEntry, *, line: int) -> str:
        key = (entry.organization.pk, fold(entry.name))
        if key in self.existing:
            return (
                f"Trùng: đơn vị “{entry.organization.name}” đã có mô hình "
                f"“{entry.name}” trên cổng thông tin."
            )
        if key in self.seen:
            return f"Trùng với dòng {self.seen[key]} của tệp (cùng đơn vị, cùng tên mô hình)."
        self.seen[key] = line
        return ""

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
        if instance.recognition.level:
            instance.recognition.entry = instance
            instance.recognition.save()
        # History and audit as for an entry made in the form (rolled back with a dry run).
        workflow.record_import(instance, by=self.user,
                               source=f"dòng {kwargs.get('row_number', 0) + 1}")  # fmt: skip


_COLUMNS = [ShowcaseEntryResource.fields[name] for name in ShowcaseEntryResource._meta.fields]
HEADERS = [f.column_name for f in _COLUMNS]
REQUIRED = [f.column_name for f in _COLUMNS if f.widget.required]
LABELS = {f.attribute: f.column_name for f in _COLUMNS}


def _check_headers(dataset) -> None:
    """The file's headers, matched to `HEADERS` whatever their case and spacing; a missing
    optional column becomes an empty one; blank lines at the end are not entries."""
    known = {fold(h): h for h in HEADERS}
    headers = [clean_line(str(h)) if h is not None else "" for h in dataset.headers or []]
    canonical, unknown, repeated = [], [], []
    for header in headers:
        match = known.get(fold(header))
        if match is None:
            unknown.append(header or "(cột không có tên)")
        elif match in canonical:
            repeated.append(match)
        canonical.append(match or header)
    missing = [h for h in REQUIRED if h not in canonical]
    problems = [
        f"{what}: " + ", ".join(f"“{h}”" for h in names) + "."
        for what, names in (("Thiếu cột bắt buộc", missing), ("Cột không nhận ra", unknown),
                            ("Cột bị lặp", repeated))
        if names
    ]  # fmt: skip
    if problems:
        # Without the right columns no row can be read: report the file, not each row.
        while len(dataset):
            del dataset[0]
        raise ImportFileError(
            " ".join(problems) + " Các cột của tệp phải là: " + ", ".join(HEADERS) + "."
        )
    dataset.headers = canonical
    for index in range(len(dataset) - 1, -1, -1):
        if not any(present(value) for value in dataset[index]):
            del dataset[index]
    for header in HEADERS:
        if header not in canonical:
            dataset.append_col([""] * len(dataset), header=header)
