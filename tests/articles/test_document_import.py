"""Importing a documents list from CSV or XLSX: a whole-sheet check with a report per line, then
an all-or-nothing import of drafts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from articles.document_import import SheetError, import_rows, read_sheet
from articles.models import Document
from tests.articles.document_factories import DocumentFactory, IssuingBodyFactory

HEADER = 'Loại văn bản,"Số, ký hiệu",Cơ quan ban hành,Ngày ban hành,Trích yếu,Người ký,Hiệu lực\n'
CSV_HEADER = '"loai van ban","SỐ,  KÝ HIỆU","Cơ quan ban hành","Ngày ban hành","Trích yếu","Người ký","Hiệu lực"\n'  # noqa: E501


def _csv(*lines: str) -> bytes:
    return (CSV_HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


@pytest.fixture
def bodies(db):
    return IssuingBodyFactory(name="Bộ Chính trị"), IssuingBodyFactory(name="Thành ủy")


def test_a_clean_csv_is_imported_as_drafts(bodies, editor):
    report = read_sheet(
        _csv(
            'Kết luận,01-KL/TW,bo chinh tri,18/5/2021,"Về tiếp tục thực hiện Chỉ thị 05",,',
            'Kế hoạch,142-KH/TU,Thành uỷ,02/03/2022,"Về tuyên truyền",Nguyễn Văn A,Hết hiệu lực',
        ),
        "van-ban.csv",
    )
    assert report.ok and report.errors == [] and len(report.rows) == 2
    created = import_rows(report.rows, by=editor)
    assert [d.heading for d in created] == ["Kết luận số 01-KL/TW", "Kế hoạch số 142-KH/TU"]
    assert all(d.status == "draft" for d in Document.objects.all())
    plan = Document.objects.get(number="142-KH/TU")
    assert plan.issuing_body == bodies[1] and plan.validity == "expired"
    assert plan.issued_on == date(2022, 3, 2) and plan.signer == "Nguyễn Văn A"


def test_every_bad_row_is_reported_by_line_and_column_and_nothing_is_kept(bodies):
    DocumentFactory(kind="ket-luan", number="01-KL/TW", issuing_body=bodies[0])
    report = read_sheet(
        _csv(
            "Kết luận,01/KL-TW,Bộ Chính trị,18/5/2021,Trùng văn bản đã có,,",
            "Tờ trình,02-TTr/TU,Thành ủy,18/5/2021,Loại lạ,,",
            "Chỉ thị,Chỉ thị,Ủy ban xã,31/02/2021,,,Còn",
            "Kế hoạch,150-KH/TU,Thành ủy,01/01/2099,Ngày tương lai,,",
            "Kế hoạch,151-KH/TU,Thành ủy,01/01/2022,Lần một,,",
            "Kế hoạch,151-KH/TU,Thành ủy,01/01/2022,Lần hai,,",
        ),
        "van-ban.csv",
    )
    assert not report.ok
    messages = {(line, column) for line, column, _message in report.errors}
    assert (2, "Số, ký hiệu") in messages  # already stored
    assert (3, "Loại văn bản") in messages
    assert {(4, "Số, ký hiệu"), (4, "Cơ quan ban hành"), (4, "Ngày ban hành"),
            (4, "Trích yếu"), (4, "Hiệu lực")} <= messages  # fmt: skip
    assert (5, "Ngày ban hành") in messages
    assert (7, "Số, ký hiệu") in messages and "Trùng với dòng 6." in str(report.errors)
    assert Document.objects.count() == 1


def test_xlsx_with_excel_dates(bodies, editor):
    book = Workbook()
    sheet = book.active
    sheet.append(["Loại văn bản", "Số, ký hiệu", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"])
    sheet.append(["Chỉ thị", "05-CT/TW", "Bộ Chính trị", date(2016, 5, 15), "Về đẩy mạnh"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = read_sheet(buffer.getvalue(), "van-ban.xlsx")
    assert report.ok
    (document,) = import_rows(report.rows, by=editor)
    assert document.issued_on == date(2016, 5, 15) and document.slug == "chi-thi-so-05-ct-tw"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "Tệp trống"),
        (CSV_HEADER.encode(), "a.csv", "chỉ có dòng tiêu đề"),
        (b"MZ\x90\x00\x03" + b"\x00" * 64, "a.xlsx", "không phải bảng tính Excel"),
        (b"MZ\x90\x00\x03" + b"\x00" * 64, "a.csv", "dữ liệu nhị phân"),
        ("Loại,Số\n".encode("utf-16"), "a.csv", None),
        (
            HEADER.replace("Trích yếu", "Ghi chú").encode(),
            "a.csv",
            "Cột không có trong mẫu: Ghi chú",
        ),
        ("Loại văn bản,Số, ký hiệu\n".encode(), "a.csv", "Cột không có trong mẫu"),
        ('"Loại văn bản","Số, ký hiệu","Loại văn bản"\n'.encode(), "a.csv", "Cột bị lặp"),
        ('"Loại văn bản","Số, ký hiệu"\n'.encode(), "a.csv", "Thiếu cột bắt buộc"),
    ],
)
def test_file_problems_are_named(bodies, content, name, message):
    with pytest.raises(SheetError) as refused:
        read_sheet(content, name)
    assert refused.value.args[0]
    if message:
        assert message in refused.value.args[0]


def test_a_spreadsheet_that_unpacks_to_too_much_is_refused_before_parsing(bodies):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024  # small on disk, 60 MB unpacked
    with pytest.raises(SheetError) as refused:
        read_sheet(buffer.getvalue(), "bom.xlsx")
    assert "quá lớn khi giải nén" in refused.value.args[0]
