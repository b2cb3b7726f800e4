"""Import a list of documents from a CSV or XLSX sheet (admin: "Nhập từ tệp").

The sheet is read with tablib (django-import-export's own reader); one row is one document, with
the Vietnamese headers of `COLUMNS` (matched regardless of case, spacing and diacritics). Every
upload is first checked whole (`read_sheet`): the report names the file problem, or lists per
spreadsheet line (line 1 is the header) the column and what is wrong. Only a sheet without any
problem is imported (`import_rows`): in one transaction, as drafts through the editorial core, for
an editor to publish. Import only adds documents; it never changes or deletes one.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from articles.documents import KINDS, number_key
from portal.text import clean_line, clean_text, search_fold

# (header, key, required)
COLUMNS = [
    ("Loại văn bản", "kind", True),
    ("Số, ký hiệu", "number", True),
    ("Cơ quan ban hành", "issuing_body", True),
    ("Ngày ban hành", "issued_on", True),
    ("Trích yếu", "abstract", True),
    ("Người ký", "signer", False),
    ("Tóm tắt", "summary", False),
    ("Hiệu lực", "validity", False),
]
HEADERS = [header for header, _key, _required in COLUMNS]
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def _key(value) -> str:
    return " ".join(search_fold(str(value if value is not None else "")).replace(",", " ").split())


class SheetError(ValueError):
    """The file cannot be read as a list of documents (Vietnamese message)."""


@dataclass
class SheetReport:
    rows: list[dict] = field(default_factory=list)  # valid rows, ready to import
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, message)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def _dataset(content: bytes, filename: str):
    import tablib

    if len(content) > MAX_BYTES:
        raise SheetError("Tệp quá lớn: tối đa 5 MB.")
    if not content.strip():
        raise SheetError("Tệp trống: không có dòng nào để nhập.")
    is_xlsx = content.startswith(b"PK\x03\x04")
    if filename.lower().endswith(".xlsx") and not is_xlsx:
        raise SheetError("Tệp có đuôi .xlsx nhưng không phải bảng tính Excel.")
    try:
        if is_xlsx:
            _check_archive(content)
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        if b"\x00" in content:
            raise SheetError("Tệp này không phải tệp CSV hay XLSX (có dữ liệu nhị phân).")
        text = content.decode("utf-8-sig")
        return tablib.Dataset().load(text, format="csv")
    except SheetError:
        raise
    except UnicodeDecodeError as exc:
        raise SheetError("Tệp CSV không đọc được: hãy lưu tệp với bảng mã UTF-8.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, StopIteration) as exc:
        raise SheetError(
            "Tệp không đọc được: hãy lưu lại dưới dạng CSV (UTF-8) hoặc XLSX."
        ) from exc
    except Exception as exc:  # tablib and openpyxl raise many kinds for a damaged file
        raise SheetError(
            "Tệp không đọc được: hãy lưu lại dưới dạng CSV (UTF-8) hoặc XLSX."
        ) from exc


def _check_archive(content: bytes) -> None:
    """An XLSX is a ZIP: refuse one that unpacks to far more than a list of documents needs (a
    "zip bomb") before anything parses it."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise SheetError("Bảng tính quá lớn khi giải nén: hãy chia thành nhiều tệp nhỏ hơn.")


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial date
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = clean_line(str(value or ""))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def read_sheet(content: bytes, filename: str) -> SheetReport:
    """Check a whole sheet. Raises SheetError for a file problem; row problems are reported."""
    dataset = _dataset(content, filename)
    columns = _columns(dataset)
    known = _Known.load()
    seen: dict[tuple, int] = {}
    report = SheetReport()
    for line, raw_row in enumerate(dataset, start=2):
        cells = {key: raw_row[i] for i, key in enumerate(columns) if key}
        if all(clean_line(str(v if v is not None else "")) == "" for v in cells.values()):
            continue  # an empty line in the sheet
        row = _check_row(_Row(cells, line), known)
        if not row.errors:
            _check_identity(row, known, seen)
        if not row.errors:
            report.rows.append(row.values)
        report.errors.extend(row.errors)
    if not report.rows and not report.errors:
        raise SheetError("Tệp chỉ có dòng tiêu đề, không có văn bản nào để nhập.")
    return report


def _columns(dataset) -> list[str | None]:
    """The key of each column of the sheet (None for a nameless one), after checking the header
    line names only known columns, each once, the required ones all present."""
    headers = [_key(h) for h in (dataset.headers or [])]
    wanted = {_key(header): (header, key) for header, key, _required in COLUMNS}
    unknown = [
        str(raw)
        for h, raw in zip(headers, dataset.headers or [], strict=False)
        if h and h not in wanted
    ]
    if unknown:
        raise SheetError(
            f"Cột không có trong mẫu: {', '.join(unknown)}. Các cột dùng được: "
            f"{', '.join(HEADERS)}."
        )
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        raise SheetError("Cột bị lặp: " + ", ".join(wanted[h][0] for h in repeated) + ".")
    missing = [h for h, _k, required in COLUMNS if required and _key(h) not in headers]
    if missing:
        raise SheetError("Thiếu cột bắt buộc: " + ", ".join(missing) + ".")
    if dataset.height == 0:
        raise SheetError("Tệp chỉ có dòng tiêu đề, không có văn bản nào để nhập.")
    if dataset.height > MAX_ROWS:
        raise SheetError(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS} văn bản một lần.")
    return [wanted[h][1] if h in wanted else None for h in headers]


@dataclass
class _Known:
    """What each row is checked against: the choices, and what the registry already holds."""

    kinds: dict[str, str]
    validities: dict[str, str]
    validity_labels: str  # for the message naming the accepted values
    bodies: dict[str, object]  # folded name -> IssuingBody
    stored: set[tuple]  # (kind, number key, issuing body id) of every stored document
    today: date

    @classmethod
    def load(cls) -> _Known:
        from articles.models import Document, IssuingBody

        kinds = {_key(label): value for value, label, _abbr in KINDS}
        kinds.update({_key(value): value for value, _label, _abbr in KINDS})
        return cls(
            kinds=kinds,
            validities={_key(label): value for value, label in Document.Validity.choices},
            validity_labels=", ".join(label for _v, label in Document.Validity.choices),
            bodies={_key(body.name): body for body in IssuingBody.objects.all()},
            stored=set(Document.objects.values_list("kind", "number_key", "issuing_body_id")),
            today=timezone.localdate(),
        )


class _Row:
    """One line of the sheet being checked: its cells, the values read and its problems."""

    def __init__(self, cells: dict, line: int):
        self.cells, self.line = cells, line
        self.values: dict = {}
        self.errors: list[tuple[int, str, str]] = []

    def error(self, header: str, message: str) -> None:
        self.errors.append((self.line, header, message))

    def need(self, key: str, header: str) -> str:
        value = clean_line(str(self.cells.get(key) if self.cells.get(key) is not None else ""))
        if not value:
            self.error(header, "Ô bắt buộc đang trống.")
        return value


def _check_row(row: _Row, known: _Known) -> _Row:
    """Read and check every cell of the row, in the order of the columns."""
    _pick(
        row,
        "kind",
        "Loại văn bản",
        known.kinds,
        "“{}” không phải loại văn bản trong danh sách (Nghị quyết, Chỉ thị, Kết luận, ...).",
    )
    number = row.need("number", "Số, ký hiệu")
    if number:
        row.values["number"] = number
        if not number_key(number):
            row.error(
                "Số, ký hiệu", f"“{number}” thiếu phần số hoặc phần chữ viết tắt (ví dụ 01-KL/TW)."
            )
    _pick(
        row,
        "issuing_body",
        "Cơ quan ban hành",
        known.bodies,
        "“{}” chưa có trong danh sách cơ quan ban hành: hãy thêm trước khi nhập.",
    )
    _check_issued_on(row, known.today)
    row.values["abstract"] = row.need("abstract", "Trích yếu")
    row.values["signer"] = clean_line(str(row.cells.get("signer") or ""))
    row.values["summary"] = clean_text(str(row.cells.get("summary") or "")).strip()
    validity = clean_line(str(row.cells.get("validity") or ""))
    row.values["validity"] = known.validities.get(_key(validity)) if validity else "in_force"
    if row.values["validity"] is None:
        row.error("Hiệu lực", f"“{validity}” không phải một trong: {known.validity_labels}.")
    return row


def _pick(row: _Row, key: str, header: str, choices: dict, refusal: str) -> None:
    """A required cell naming one of `choices` (matched regardless of case and diacritics);
    `refusal` is the message for a name not among them ("{}" is the name as written)."""
    name = row.need(key, header)
    if name:
        row.values[key] = choices.get(_key(name))
        if row.values[key] is None:
            row.error(header, refusal.format(name))


def _check_issued_on(row: _Row, today: date) -> None:
    raw_date = row.cells.get("issued_on")
    if raw_date in (None, ""):
        row.error("Ngày ban hành", "Ô bắt buộc đang trống.")
        return
    issued = _parse_date(raw_date)
    if issued is None or not 1930 <= issued.year <= 2100:
        row.error(
            "Ngày ban hành",
            f"“{clean_line(str(raw_date))}” không "
            "phải ngày hợp lệ (viết theo dạng ngày/tháng/năm).",
        )
    elif issued > today:
        row.error("Ngày ban hành", "Ngày ban hành ở tương lai.")
    else:
        row.values["issued_on"] = issued


def _check_identity(row: _Row, known: _Known, seen: dict[tuple, int]) -> None:
    """A document is imported once: not already in the registry, not twice in the sheet."""
    values = row.values
    identity = (values["kind"], number_key(values["number"]), values["issuing_body"].pk)
    if identity in known.stored:
        row.error("Số, ký hiệu", "Văn bản này đã có trong kho văn bản.")
    elif identity in seen:
        row.error("Số, ký hiệu", f"Trùng với dòng {seen[identity]}.")
    else:
        seen[identity] = row.line


@transaction.atomic
def import_rows(rows: list[dict], *, by) -> list:
    """Add the checked rows as drafts (through the editorial core), all or none."""
    from articles.document_services import document_save
    from articles.models import Document

    return [document_save(document=Document(**row), by=by) for row in rows]
