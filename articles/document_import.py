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
    from articles.models import Document, IssuingBody

    dataset = _dataset(content, filename)
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

    kinds = {_key(label): value for value, label, _abbr in KINDS}
    kinds.update({_key(value): value for value, _label, _abbr in KINDS})
    validities = {_key(label): value for value, label in Document.Validity.choices}
    bodies = {}
    for body in IssuingBody.objects.all():
        bodies[_key(body.name)] = body
    stored = set(Document.objects.values_list("kind", "number_key", "issuing_body_id"))
    seen: dict[tuple, int] = {}
    today = timezone.localdate()
    report = SheetReport()
    for offset, raw_row in enumerate(dataset, start=2):
        cells = {wanted[h][1]: raw_row[i] for i, h in enumerate(headers) if h in wanted}
        if all(clean_line(str(v if v is not None else "")) == "" for v in cells.values()):
            continue  # an empty line in the sheet
        errors = []
        row = {}

        def need(key: str, header: str, cells=cells, errors=errors, line=offset) -> str:
            value = clean_line(str(cells.get(key) if cells.get(key) is not None else ""))
            if not value:
                errors.append((line, header, "Ô bắt buộc đang trống."))
            return value

        kind = need("kind", "Loại văn bản")
        if kind:
            row["kind"] = kinds.get(_key(kind))
            if row["kind"] is None:
                errors.append(
                    (
                        offset,
                        "Loại văn bản",
                        f"“{kind}” không phải loại văn bản "
                        "trong danh sách (Nghị quyết, Chỉ thị, Kết luận, ...).",
                    )
                )
        number = need("number", "Số, ký hiệu")
        if number:
            row["number"] = number
            if not number_key(number):
                errors.append(
                    (
                        offset,
                        "Số, ký hiệu",
                        f"“{number}” thiếu phần số hoặc phần chữ viết tắt (ví dụ 01-KL/TW).",
                    )
                )
        body_name = need("issuing_body", "Cơ quan ban hành")
        if body_name:
            row["issuing_body"] = bodies.get(_key(body_name))
            if row["issuing_body"] is None:
                errors.append(
                    (
                        offset,
                        "Cơ quan ban hành",
                        f"“{body_name}” chưa có trong danh "
                        "sách cơ quan ban hành: hãy thêm trước khi nhập.",
                    )
                )
        raw_date = cells.get("issued_on")
        if raw_date in (None, ""):
            errors.append((offset, "Ngày ban hành", "Ô bắt buộc đang trống."))
        else:
            issued = _parse_date(raw_date)
            if issued is None or not 1930 <= issued.year <= 2100:
                errors.append(
                    (
                        offset,
                        "Ngày ban hành",
                        f"“{clean_line(str(raw_date))}” không "
                        "phải ngày hợp lệ (viết theo dạng ngày/tháng/năm).",
                    )
                )
            elif issued > today:
                errors.append((offset, "Ngày ban hành", "Ngày ban hành ở tương lai."))
            else:
                row["issued_on"] = issued
        row["abstract"] = need("abstract", "Trích yếu")
        row["signer"] = clean_line(str(cells.get("signer") or ""))
        row["summary"] = clean_text(str(cells.get("summary") or "")).strip()
        validity = clean_line(str(cells.get("validity") or ""))
        row["validity"] = validities.get(_key(validity)) if validity else "in_force"
        if row["validity"] is None:
            errors.append(
                (
                    offset,
                    "Hiệu lực",
                    f"“{validity}” không phải một trong: "
                    + ", ".join(label for _v, label in Document.Validity.choices)
                    + ".",
                )
            )
        if not errors:
            identity = (row["kind"], number_key(row["number"]), row["issuing_body"].pk)
            if identity in stored:
                errors.append((offset, "Số, ký hiệu", "Văn bản này đã có trong kho văn bản."))
            elif identity in seen:
                errors.append((offset, "Số, ký hiệu", f"Trùng với dòng {seen[identity]}."))
            else:
                seen[identity] = offset
                report.rows.append(row)
        report.errors.extend(errors)
    if not report.rows and not report.errors:
        raise SheetError("Tệp chỉ có dòng tiêu đề, không có văn bản nào để nhập.")
    return report


@transaction.atomic
def import_rows(rows: list[dict], *, by) -> list:
    """Add the checked rows as drafts (through the editorial core), all or none."""
    from articles.document_services import document_save
    from articles.models import Document

    return [document_save(document=Document(**row), by=by) for row in rows]
