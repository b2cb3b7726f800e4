"""Import and export of the showcase list through the admin (django-import-export)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_campaign.models import Recognition, ShowcaseEntry
from models_campaign.resources import HEADERS
from portal.editorial.models import Revision, WorkflowEvent
from portal.models import AuditEntry, Organization
from tests.factories import OrganizationFactory
from tests.models_campaign.factories import (
    AnnualThemeFactory,
    FieldFactory,
    LocalityFactory,
    RecognitionFactory,
    ShowcaseEntryFactory,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/models_campaign/showcaseentry/import/"
PROCESS_URL = "/admin/models_campaign/showcaseentry/process_import/"
EXPORT_URL = "/admin/models_campaign/showcaseentry/export/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def catalogues():
    OrganizationFactory(name="Hội Liên hiệp Phụ nữ thành phố", short_name="Hội LHPN")
    OrganizationFactory(name="Thành đoàn Sa Đéc")
    FieldFactory(name="Môi trường")
    FieldFactory(name="Chuyển đổi số")
    LocalityFactory(name="Phường 2")
    LocalityFactory(name="Xã Tân Phú Đông")
    AnnualThemeFactory(year=2024)


def _row(**values):
    row = {
        "Tên mô hình": "Ngôi nhà gom rác thải nhựa",
        "Loại": "Mô hình tập thể",
        "Đơn vị thực hiện": "Hội Liên hiệp Phụ nữ thành phố",
        "Địa bàn": "Phường 2",
        "Lĩnh vực": "Môi trường",
        "Năm bắt đầu": "2020",
        "Tình trạng": "Được công nhận",
        "Chuyên đề năm": "",
        "Tóm tắt": "Gom rác nhựa giúp học sinh nghèo.",
        "Số người được hưởng lợi": "2.100",
        "Giá trị huy động (đồng)": "54.000.000",
        "Kết quả nổi bật": "9 tấn rác nhựa mỗi năm.",
        "Cấp công nhận": "Cấp thành phố",
        "Số quyết định": "310/QĐ-UBND",
        "Ngày quyết định": "08/03/2021",
        "Cơ quan ban hành": "Ủy ban nhân dân thành phố",
    }
    row.update(values)
    return row


GOOD_ROWS = [
    _row(),
    _row(
        **{
            "Tên mô hình": "Tổ công nghệ số cộng đồng",
            "Loại": "mô hình tập thể",
            "Đơn vị thực hiện": "Thành đoàn Sa Đéc",
            "Địa bàn": "xã tân phú đông",
            "Lĩnh vực": "Chuyển đổi số",
            "Năm bắt đầu": "2023",
            "Tình trạng": "Đang thực hiện",
            "Chuyên đề năm": "2024",
            "Số người được hưởng lợi": "",
            "Giá trị huy động (đồng)": "",
            "Cấp công nhận": "",
            "Số quyết định": "",
            "Ngày quyết định": "",
            "Cơ quan ban hành": "",
        }
    ),
]


def csv_file(rows, headers=None, name="mo-hinh.csv") -> SimpleUploadedFile:
    headers = headers or list(rows[0].keys()) if rows else headers or HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, headers=None, name="mo-hinh.xlsx") -> SimpleUploadedFile:
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _zip_file() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def dry_run(client, upload, file_format=CSV_FORMAT):
    return client.post(IMPORT_URL, {"format": file_format, "import_file": upload})


def _report(response) -> str:
    return response.content.decode()


def _assert_nothing_written(response):
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not ShowcaseEntry.objects.exists()
    assert not Recognition.objects.exists()


# --- good files --------------------------------------------------------------------------------
@pytest.mark.parametrize("maker,file_format", [(csv_file, CSV_FORMAT), (xlsx_file, XLSX_FORMAT)])
def test_dry_run_previews_then_confirm_imports_drafts(
    client, editor, catalogues, maker, file_format
):
    client.force_login(editor)
    response = dry_run(client, maker(GOOD_ROWS), file_format)
    assert response.status_code == 200
    html = _report(response)
    assert "Xem trước: 2 mô hình sẽ được thêm" in html
    assert "Ngôi nhà gom rác thải nhựa" in html
    # The dry run wrote nothing.
    assert not ShowcaseEntry.objects.exists() and not Recognition.objects.exists()
    assert not WorkflowEvent.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()

    confirm = response.context["confirm_form"]
    response = client.post(PROCESS_URL, {**confirm.initial})
    assert response.status_code == 302
    assert ShowcaseEntry.objects.count() == 2
    entry = ShowcaseEntry.objects.get(name="Ngôi nhà gom rác thải nhựa")
    assert entry.publication == ShowcaseEntry.Publication.DRAFT and not entry.is_published
    assert entry.created_by == editor
    assert (entry.people_reached, entry.value_raised) == (2100, 54_000_000)
    assert entry.status == "recognised" and entry.kind == "collective"
    assert entry.locality.name == "Phường 2" and entry.field.name == "Môi trường"
    recognition = entry.recognitions.get()
    assert (recognition.level, recognition.decision_number, str(recognition.decided_on)) == (
        "city",
        "310/QĐ-UBND",
        "2021-03-08",
    )
    digital = ShowcaseEntry.objects.get(name="Tổ công nghệ số cộng đồng")
    assert digital.theme.year == 2024 and digital.locality.name == "Xã Tân Phú Đông"
    assert not digital.recognitions.exists()
    assert client.get(response["Location"]).status_code == 200
    # Imported entries have a history like entries made in the form, and are audited.
    event = WorkflowEvent.for_item(entry).get()
    assert (event.action, event.actor) == ("import", editor)
    assert Revision.for_item(entry).get().content["recognitions"][0]["decision_number"] == (
        "310/QĐ-UBND"
    )
    assert AuditEntry.objects.filter(action="import", actor=editor).count() == 2


def test_xlsx_with_real_date_and_number_cells(client, editor, catalogues):
    from datetime import datetime

    client.force_login(editor)
    row = _row(
        **{
            "Năm bắt đầu": 2020,
            "Ngày quyết định": datetime(2021, 3, 8),  # noqa: DTZ001 (a spreadsheet cell)
            "Số người được hưởng lợi": 2100,
        }
    )
    response = dry_run(client, xlsx_file([row]), XLSX_FORMAT)
    assert "Xem trước: 1 mô hình sẽ được thêm" in _report(response)


def test_csv_with_excel_bom_and_unit_short_name(client, editor, catalogues):
    client.force_login(editor)
    upload = csv_file([_row(**{"Đơn vị thực hiện": "Hội LHPN"})])
    upload = SimpleUploadedFile("bom.csv", b"\xef\xbb\xbf" + upload.read())
    response = dry_run(client, upload)
    assert "Xem trước: 1 mô hình sẽ được thêm" in _report(response)


# --- bad files: a Vietnamese report, nothing written -------------------------------------------
def test_wrong_columns(client, editor, catalogues):
    client.force_login(editor)
    headers = [h for h in HEADERS if h != "Địa bàn"] + ["Ghi chú"]
    response = dry_run(client, csv_file(GOOD_ROWS, headers=headers))
    _assert_nothing_written(response)
    html = _report(response)
    assert "Tệp không nhập được" in html
    assert '<li class="import-error">Thiếu cột bắt buộc: “Địa bàn”. ' in html
    assert "Cột không nhận ra: “Ghi chú”." in html
    assert "Traceback" not in html


def test_unrelated_spreadsheet(client, editor, catalogues):
    client.force_login(editor)
    upload = csv_file([{"Họ tên": "Nguyễn Văn A", "Lớp": "5A"}])
    response = dry_run(client, upload)
    _assert_nothing_written(response)
    assert "Thiếu cột bắt buộc: “Tên mô hình”, “Loại”" in _report(response)


def test_bad_dates_and_years(client, editor, catalogues):
    client.force_login(editor)
    rows = [
        _row(),
        _row(**{"Tên mô hình": "Mô hình B", "Ngày quyết định": "31/02/2021"}),
        _row(**{"Tên mô hình": "Mô hình C", "Ngày quyết định": "hôm qua"}),
        _row(**{"Tên mô hình": "Mô hình D", "Năm bắt đầu": "năm ngoái"}),
        _row(**{"Tên mô hình": "Mô hình E", "Năm bắt đầu": "1890"}),
        _row(**{"Tên mô hình": "Mô hình F", "Ngày quyết định": "01/01/2999"}),
    ]
    response = dry_run(client, csv_file(rows))
    _assert_nothing_written(response)
    html = _report(response)
    assert "Có 5 dòng lỗi – không có mô hình nào được ghi" in html
    # Line numbers as in the spreadsheet: the header is line 1, the first entry line 2.
    assert "<td>3</td><td>Ngày quyết định</td><td>“31/02/2021” không phải là ngày hợp lệ" in html
    assert "<td>4</td><td>Ngày quyết định</td><td>“hôm qua” không phải là ngày hợp lệ" in html
    assert "<td>5</td><td>Năm bắt đầu</td><td>“năm ngoái” không phải là một số.</td>" in html
    assert "<td>6</td><td>Năm bắt đầu</td><td>Năm bắt đầu phải từ 2006 đến 2100.</td>" in html
    assert "<td>7</td><td>Ngày quyết định</td><td>Ngày “01/01/2999” ở trong tương lai.</td>" in html


def test_a_recognition_is_all_four_columns_or_none(client, editor, catalogues):
    client.force_login(editor)
    rows = [
        _row(**{"Số quyết định": "", "Cơ quan ban hành": ""}),
        _row(**{"Tên mô hình": "Mô hình B", "Cấp công nhận": "", "Ngày quyết định": ""}),
    ]
    response = dry_run(client, csv_file(rows))
    _assert_nothing_written(response)
    html = _report(response)
    for line, column, what in [
        (2, "Số quyết định", "số quyết định"),
        (2, "Cơ quan ban hành", "cơ quan ban hành"),
        (3, "Cấp công nhận", "cấp công nhận"),
        (3, "Ngày quyết định", "ngày quyết định"),
    ]:
        assert (
            f"<td>{line}</td><td>{column}</td><td>Có thông tin công nhận thì phải ghi {what}."
            in html
        )


def test_numbers_must_be_whole_and_not_negative(client, editor, catalogues):
    client.force_login(editor)
    rows = [
        _row(**{"Số người được hưởng lợi": "-5"}),
        _row(**{"Tên mô hình": "Mô hình B", "Giá trị huy động (đồng)": "12,5"}),
        _row(**{"Tên mô hình": "Mô hình C", "Số người được hưởng lợi": "nhiều"}),
    ]
    html = _report(dry_run(client, csv_file(rows)))
    assert "<td>2</td><td>Số người được hưởng lợi</td><td>“-5” phải là một số nguyên" in html
    assert "<td>3</td><td>Giá trị huy động (đồng)</td><td>“12,5” phải là một số nguyên" in html
    assert "<td>4</td><td>Số người được hưởng lợi</td><td>“nhiều” không phải là một số." in html
    assert not ShowcaseEntry.objects.exists()


def test_xlsx_date_cell_in_the_future_is_refused(client, editor, catalogues):
    from datetime import datetime

    client.force_login(editor)
    row = _row(**{"Ngày quyết định": datetime(2999, 1, 1)})  # noqa: DTZ001 (a spreadsheet cell)
    response = dry_run(client, xlsx_file([row]), XLSX_FORMAT)
    _assert_nothing_written(response)
    assert "<td>2</td><td>Ngày quyết định</td><td>Ngày “01/01/2999” ở trong tương lai." in (
        _report(response)
    )


def test_unknown_fields_localities_units_and_choices(client, editor, catalogues):
    client.force_login(editor)
    rows = [
        _row(**{"Lĩnh vực": "Thể thao"}),
        _row(**{"Tên mô hình": "Mô hình B", "Địa bàn": "Phường 99"}),
        _row(**{"Tên mô hình": "Mô hình C", "Đơn vị thực hiện": "Hội không có"}),
        _row(**{"Tên mô hình": "Mô hình D", "Tình trạng": "Xuất sắc", "Loại": "Nhóm"}),
        _row(**{"Tên mô hình": "Mô hình E", "Chuyên đề năm": "2030"}),
        _row(**{"Tên mô hình": ""}),
    ]
    response = dry_run(client, csv_file(rows))
    _assert_nothing_written(response)
    html = _report(response)
    assert "<td>2</td><td>Lĩnh vực</td><td>Không có lĩnh vực “Thể thao” trong danh mục" in html
    assert "<td>3</td><td>Địa bàn</td><td>Không có địa bàn “Phường 99” trong danh mục" in html
    assert "<td>4</td><td>Đơn vị thực hiện</td><td>Không có đơn vị “Hội không có”" in html
    assert (
        "<td>5</td><td>Tình trạng</td><td>Giá trị “Xuất sắc” không hợp lệ; chọn một trong:" in html
    )
    assert "<td>5</td><td>Loại</td><td>Giá trị “Nhóm” không hợp lệ" in html
    assert "<td>6</td><td>Chuyên đề năm</td><td>Chưa có chuyên đề năm 2030.</td>" in html
    assert "<td>7</td><td>Tên mô hình</td><td>Ô này không được để trống.</td>" in html


def test_duplicates_in_the_file_and_with_stored_entries(client, editor, catalogues):
    client.force_login(editor)
    ShowcaseEntryFactory(
        name="Tổ công nghệ số cộng đồng",
        organization=Organization.objects.get(name="Thành đoàn Sa Đéc"),
    )
    rows = [
        _row(),
        _row(**{"Tên mô hình": "ngôi nhà gom rác thải nhựa "}),  # same, other case and spaces
        GOOD_ROWS[1],
    ]
    response = dry_run(client, csv_file(rows))
    assert response.status_code == 200 and response.context.get("confirm_form") is None
    assert ShowcaseEntry.objects.count() == 1  # only the one stored before
    html = _report(response)
    assert "<td>3</td><td>(cả dòng)</td><td>Trùng với dòng 2 của tệp" in html
    assert "Đơn vị này đã có một mô hình cùng tên." not in html  # one message per problem
    assert (
        "<td>4</td><td>(cả dòng)</td><td>Trùng: đơn vị “Thành đoàn Sa Đéc” đã có mô hình "
        "“Tổ công nghệ số cộng đồng”" in html
    )


@pytest.mark.parametrize(
    ("upload", "file_format", "message"),
    [
        (SimpleUploadedFile("rong.csv", b""), CSV_FORMAT, "Tập tin"),  # Django: empty upload
        (SimpleUploadedFile("rong.xlsx", b""), XLSX_FORMAT, "Tập tin"),
        (SimpleUploadedFile("trang.csv", b"\n\n"), CSV_FORMAT, "Tệp trống"),
        (
            SimpleUploadedFile("tieu-de.csv", (",".join(HEADERS) + "\n").encode()),
            CSV_FORMAT,
            "Tệp chỉ có dòng tiêu đề, không có mô hình nào để nhập.",
        ),
        (
            SimpleUploadedFile("gia.xlsx", b"%PDF-1.4 day khong phai bang tinh"),
            XLSX_FORMAT,
            "Tệp này không phải là bảng tính Excel (.xlsx) hợp lệ.",
        ),
        (
            SimpleUploadedFile("van-ban.xlsx", _zip_file()),  # a .docx/.zip renamed .xlsx
            XLSX_FORMAT,
            "Tệp này không phải là bảng tính Excel (.xlsx) hợp lệ.",
        ),
        (
            SimpleUploadedFile("anh.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            XLSX_FORMAT,
            "Tệp này không phải là bảng tính Excel (.xlsx) hợp lệ.",
        ),
        (
            SimpleUploadedFile("nhi-phan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"),
            CSV_FORMAT,
            "Tệp CSV không đọc được",
        ),
    ],
)
def test_unusable_files(client, editor, catalogues, upload, file_format, message):
    client.force_login(editor)
    response = dry_run(client, upload, file_format)
    _assert_nothing_written(response)
    errors = response.context["form"].errors["import_file"]
    assert any(message in error for error in errors), errors
    assert message in _report(response)


def test_header_only_xlsx(client, editor, catalogues):
    client.force_login(editor)
    response = dry_run(client, xlsx_file([]), XLSX_FORMAT)
    _assert_nothing_written(response)
    assert "Tệp chỉ có dòng tiêu đề" in _report(response)


def test_one_bad_row_among_good_ones_writes_nothing_even_at_confirmation(
    client, editor, catalogues
):
    """If the data changes between preview and confirmation, the confirmation writes nothing."""
    client.force_login(editor)
    response = dry_run(client, csv_file(GOOD_ROWS))
    confirm = response.context["confirm_form"]
    # Meanwhile someone stores the second entry by hand: the file now holds a duplicate.
    ShowcaseEntryFactory(
        name="Tổ công nghệ số cộng đồng",
        organization=Organization.objects.get(name="Thành đoàn Sa Đéc"),
    )
    response = client.post(PROCESS_URL, {**confirm.initial})
    assert response.status_code == 302
    assert ShowcaseEntry.objects.count() == 1
    assert not ShowcaseEntry.objects.filter(name="Ngôi nhà gom rác thải nhựa").exists()


def test_confirmation_after_the_upload_expired_writes_nothing(client, editor, catalogues):
    from django.core.cache import cache

    client.force_login(editor)
    confirm = dry_run(client, csv_file(GOOD_ROWS)).context["confirm_form"]
    cache.clear()  # the uploaded file waited in the cache; it is gone
    response = client.post(PROCESS_URL, {**confirm.initial}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "Không nhập mô hình nào: Tệp đã tải lên không còn được lưu tạm" in _report(response)
    assert not ShowcaseEntry.objects.exists()


def test_writer_may_import_anonymous_may_not(client, writer, catalogues):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(writer)
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    html = _report(response)
    assert "<title>Nhập mô hình từ tệp" in html
    assert "“Tên mô hình” (bắt buộc)" in html and "Kiểm tra thử" in html
    assert "This importer" not in html


# --- export ----------------------------------------------------------------------------------
def _export(client, file_format):
    # The whole sheet is exported (no column picking: it must stay a valid import file).
    return client.post(EXPORT_URL, {"format": file_format, "resource": "0"})


@pytest.fixture
def stored():
    entry = ShowcaseEntryFactory(
        name="Bếp ăn nghĩa tình",
        organization=OrganizationFactory(name="Hội Liên hiệp Phụ nữ thành phố"),
        locality=LocalityFactory(name="Phường 1"),
        field=FieldFactory(name="An sinh xã hội"),
        year_started=2017,
        status="recognised",
        people_reached=16000,
        published=True,
    )
    RecognitionFactory(
        entry=entry, level="city", decision_number="77/QĐ-UBND", decided_on="2019-01-15"
    )
    return entry


def test_export_csv_has_the_import_columns_and_reimports_as_duplicates(client, editor, stored):
    client.force_login(editor)
    response = _export(client, CSV_FORMAT)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == HEADERS
    assert rows[0]["Tên mô hình"] == "Bếp ăn nghĩa tình"
    assert rows[0]["Tình trạng"] == "Được công nhận"
    assert rows[0]["Loại"] == "Mô hình tập thể"
    assert rows[0]["Ngày quyết định"] == "15/01/2019"
    # The exported file is a valid import file: it is refused only because the entry exists.
    response = dry_run(client, SimpleUploadedFile("xuat.csv", response.content))
    assert "Trùng: đơn vị “Hội Liên hiệp Phụ nữ thành phố” đã có mô hình" in _report(response)


def test_export_page_is_in_vietnamese(client, editor, stored):
    client.force_login(editor)
    html = client.get(EXPORT_URL).content.decode()
    assert "<title>Xuất danh sách mô hình" in html
    assert "Định dạng:" in html and 'value="Xuất tệp"' in html
    assert "This exporter" not in html


def test_export_xlsx(client, editor, stored):
    client.force_login(editor)
    response = _export(client, XLSX_FORMAT)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == HEADERS
    assert values[1][0] == "Bếp ăn nghĩa tình"
