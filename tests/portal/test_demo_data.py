"""The demo content's data files: each one has the shape its loader expects, and a mistake in
one stops `load_demo` with a message naming the file and the entry."""

import pytest

from articles import demo_documents as documents
from models_campaign import demo as showcase
from models_campaign.contests import demo as contests
from portal.demo import channels, content, datafile
from portal.demo.datafile import DemoDataError
from portal.text import slugify_vi

DATA_FILES = [
    (content.DATA_FILE, content.SCHEMA),
    (channels.DATA_FILE, channels.SCHEMA),
    (showcase.DATA_FILE, showcase.SCHEMA),
    (contests.DATA_FILE, contests.SCHEMA),
    (documents.DATA_FILE, documents.SCHEMA),
]


@pytest.mark.parametrize(("path", "schema"), DATA_FILES, ids=lambda v: getattr(v, "name", ""))
def test_each_data_file_has_the_shape_its_loader_expects(path, schema):
    assert path.is_file()  # found from the checkout, next to its loader
    data = datafile.read(path, schema)
    assert all(data[section] for section in schema)


def test_rows_refer_to_rows_that_exist():
    demo = content.data()
    categories = {row["slug"] or slugify_vi(row["name"]) for row in demo["categories"]}
    authors = {row["name"] for row in demo["authors"]}
    for row in demo["articles"] + demo["unpublished"]:
        assert row["category"] in categories
        assert set(row["authors"]) <= authors
    entries = showcase.data()
    fields = {row["name"] for row in entries["fields"]}
    names = [row["name"] for row in entries["entries"]]
    for index, row in enumerate(entries["entries"]):
        assert row["field"] in fields
        assert row["replicated_from"] is None or row["replicated_from"] in names[:index]


def _write(tmp_path, text: str):
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SHAPE = {"articles": content.SCHEMA["articles"], "paragraphs": content.SCHEMA["paragraphs"]}
GOOD = """
articles:
  - title: Bài thứ nhất
    category: kinh-te
    summary: Tóm tắt.
    tags: []
    authors: [Trương Văn An]
  - title: Làng hoa Sa Đéc tất bật chuẩn bị vụ Tết
    category: kinh-te
    {line}
    tags: []
    authors: [Trương Văn An]
paragraphs: [Một đoạn.]
"""


def test_optional_keys_get_their_default(tmp_path):
    data = datafile.read(_write(tmp_path, GOOD.format(line="summary: Tóm tắt.")), SHAPE)
    assert [row["is_featured"] for row in data["articles"]] == [False, False]


def test_a_missing_key_names_the_file_and_the_entry(tmp_path):
    path = _write(tmp_path, GOOD.format(line="is_featured: true"))
    with pytest.raises(DemoDataError) as error:
        datafile.read(path, SHAPE)
    assert str(error.value) == (
        "Tệp dữ liệu mẫu content.yaml, phần articles, mục 2 "
        "(“Làng hoa Sa Đéc tất bật chuẩn bị vụ Tết”): thiếu khóa summary."
    )


def test_an_unknown_key_names_the_file_the_entry_and_the_known_keys(tmp_path):
    path = _write(tmp_path, GOOD.format(line="summary: Tóm tắt.\n    sumary: Lỗi gõ."))
    with pytest.raises(DemoDataError, match=r"content\.yaml, phần articles, mục 2 .*: "
                       r"khóa không nhận ra sumary \(dùng: title, category, summary"):  # fmt: skip
        datafile.read(path, SHAPE)


def test_a_missing_or_unknown_section_and_bad_yaml_are_reported(tmp_path):
    with pytest.raises(DemoDataError, match="content.yaml: thiếu phần paragraphs"):
        datafile.read(_write(tmp_path, "articles: []\n"), SHAPE)
    text = GOOD.format(line="summary: x") + "papers: []\n"
    with pytest.raises(DemoDataError, match="content.yaml: phần không nhận ra papers"):
        datafile.read(_write(tmp_path, text), SHAPE)
    with pytest.raises(DemoDataError, match="content.yaml không đúng cú pháp YAML"):
        datafile.read(_write(tmp_path, "articles: [\n"), SHAPE)


def test_nested_rows_are_checked_too(tmp_path):
    entry = showcase.SCHEMA["entries"]
    recognition = {"level": "city", "decision_number": "1/QĐ", "issuer": "x"}
    row = {"name": "Mô hình", "kind": "person", "organization": "x", "locality": "x",
           "field": "x", "year_started": 2020, "status": "registered", "summary": "x",
           "recognitions": [recognition]}  # fmt: skip
    with pytest.raises(DemoDataError, match="recognitions, mục 1 .*: thiếu khóa decided_on"):
        entry.check([row], "showcase.yaml, phần entries")


@pytest.mark.django_db
def test_load_demo_stops_on_a_broken_file_and_writes_nothing(tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    from articles.models import Category

    text = content.DATA_FILE.read_text(encoding="utf-8").replace("    order: 2\n", "", 1)
    broken = tmp_path / "content.yaml"
    broken.write_text(text, encoding="utf-8")
    monkeypatch.setattr(content, "DATA_FILE", broken)
    with pytest.raises(CommandError, match=r"content\.yaml, phần categories, mục 2 "
                       r"\(“Xây dựng Đảng”\): thiếu khóa order\."):  # fmt: skip
        call_command("load_demo", force=True)
    assert not Category.objects.exists()
