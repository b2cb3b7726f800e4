"""The documents registry ("Văn bản"): numbers, links from article bodies, search, attachments,
public pages, visibility and the relink command."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import document_services, services
from articles.documents import (
    DocumentIndex,
    link_body,
    number_key,
    parse_number_query,
)
from articles.models import Article, Document, DocumentAttachment, DocumentCitation
from portal.editorial.workflow import WorkflowError
from portal.richtext import sanitize_html
from tests.articles.document_factories import (
    DocumentFactory,
    IssuingBodyFactory,
    docx_file,
    odt_file,
    pdf_bytes,
    pdf_file,
)
from tests.factories import ArticleFactory, CategoryFactory

# The passage of the seed article that cites documents, as the office typed it: the number
# written in several ways, a kind glued to the word before it, old-style tone marks.
SEED_BODY = (
    "<p>Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khoá XII về đẩy mạnh học "
    "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, Bộ Chính trị đã ban hànhKết luận "
    "số 01-KL/TW ngày 18/5/2021 về tiếp tục thực hiện Chỉ thị số 05-CT/TW.</p>"
    "<p>Qua 15 năm thực hiện Chỉ thị 06-CT/TW, Chỉ thị số 03-CT/TW và Chỉ thị số 05-CT/TW, việc "
    "học tập và làm theo Bác đã trở thành nền nếp trong sinh hoạt của các chi bộ; gắn với Kết "
    "luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương khoá XIII về đẩy mạnh xây "
    "dựng, chỉnh đốn Đảng và hệ thống chính trị.</p>"
    "<p>Thành uỷ chỉ đạo thực hiện Kế hoạch số 142-KH/TU, chưa có trong kho văn bản.</p>"
)
SEED_NUMBERS = ["01-KL/TW", "05-CT/TW", "06-CT/TW", "03-CT/TW", "21-KL/TW"]


def _registry():
    ctw = IssuingBodyFactory(name="Ban Chấp hành Trung ương")
    bct = IssuingBodyFactory(name="Bộ Chính trị")
    docs = {
        "01-KL/TW": DocumentFactory(kind="ket-luan", number="01-KL/TW", issuing_body=bct,
                                    issued_on=date(2021, 5, 18), published=True),
        "05-CT/TW": DocumentFactory(kind="chi-thi", number="05-CT/TW", issuing_body=bct,
                                    issued_on=date(2016, 5, 15), published=True),
        "06-CT/TW": DocumentFactory(kind="chi-thi", number="06-CT/TW", issuing_body=bct,
                                    issued_on=date(2006, 11, 7), published=True),
        "03-CT/TW": DocumentFactory(kind="chi-thi", number="03-CT/TW", issuing_body=bct,
                                    issued_on=date(2011, 5, 14), published=True),
        "21-KL/TW": DocumentFactory(kind="ket-luan", number="21-KL/TW", issuing_body=ctw,
                                    issued_on=date(2021, 10, 25), published=True),
    }  # fmt: skip
    return docs


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="(/van-ban/[^"]+)"[^>]*>([^<]*)</a>', html)


# --- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("01-KL/TW", "1-kl-tw"),
        ("01/KL-TW", "1-kl-tw"),
        ("01 KL TW", "1-kl-tw"),
        ("142-KH/TU", "142-kh-tu"),
        ("35/2023/NĐ-CP", "35-2023-nd-cp"),
        ("35/2023/nđ-cp", "35-2023-nd-cp"),
        ("2021", ""),  # no letters: not a document number
        ("KL/TW", ""),
    ],
)
def test_number_key(written, key):
    assert number_key(written) == key


@pytest.mark.parametrize(
    ("query", "number", "kind"),
    [
        ("01-KL/TW", 1, None),
        ("KL 01", 1, None),
        ("kết luận 01", 1, "ket-luan"),
        ("ket luan so 01", 1, "ket-luan"),
        ("KẾT LUẬN SỐ 01", 1, "ket-luan"),
        ("Nghị định 35/2023", 35, "nghi-dinh"),
    ],
)
def test_parse_number_query(query, number, kind):
    parsed = parse_number_query(query)
    assert parsed is not None and parsed.number == number and parsed.kind == kind


@pytest.mark.parametrize("query", ["01", "học tập và làm theo Bác", "", "2021"])
def test_words_and_bare_numbers_are_not_number_queries(query):
    assert parse_number_query(query) is None


# --- links in article bodies -------------------------------------------------------------------
@pytest.mark.django_db
def test_seed_article_links_every_registered_document_it_mentions(editor):
    docs = _registry()
    article = services.article_create(
        title="Học tập và làm theo Bác", category=CategoryFactory(), by=editor, body=SEED_BODY
    )
    article.refresh_from_db()
    links = _links(article.body)
    linked = {href for href, _text in links}
    assert linked == {docs[n].get_absolute_url() for n in SEED_NUMBERS}
    # The glued kind is part of the link; the text around it is untouched.
    assert (docs["01-KL/TW"].get_absolute_url(), "Kết luận số 01-KL/TW") in links
    assert "ban hành<a href" in article.body
    # A kind written before the number is part of the link.
    assert (docs["06-CT/TW"].get_absolute_url(), "Chỉ thị 06-CT/TW") in links
    assert "Kế hoạch số 142-KH/TU" in article.body  # not registered: left as text
    # Stored body is what the sanitiser would store, and saving again changes nothing.
    assert sanitize_html(article.body) == article.body
    body = article.body
    services.article_save(article=article, by=editor, base_version=article.version)
    article.refresh_from_db()
    assert article.body == body
    assert set(DocumentCitation.objects.filter(article=article).values_list(
        "document__number", flat=True)) == set(SEED_NUMBERS)  # fmt: skip


@pytest.mark.django_db
def test_links_never_inside_a_link_or_a_heading_and_only_to_published_documents():
    docs = _registry()
    draft = DocumentFactory(kind="nghi-quyet", number="35-NQ/TW")
    html = (
        '<h2>Quán triệt Kết luận số 01-KL/TW</h2><p><a href="https://example.org/">Chỉ thị số '
        "05-CT/TW</a> và Nghị quyết số 35-NQ/TW ngày 22/10/2018, KẾT LUẬN SỐ 21-KL/TW.</p>"
    )
    linked = link_body(html, DocumentIndex.load())
    assert _links(linked) == [(docs["21-KL/TW"].get_absolute_url(), "KẾT LUẬN SỐ 21-KL/TW")]
    assert "<h2>Quán triệt Kết luận số 01-KL/TW</h2>" in linked
    assert draft.get_absolute_url() not in linked
    assert link_body(linked, DocumentIndex.load()) == linked  # idempotent


@pytest.mark.django_db
def test_decomposed_and_upper_case_text_is_found():
    central = IssuingBodyFactory(name="Ban Chấp hành Trung ương")
    doc = DocumentFactory(kind="quy-dinh", number="08-QĐi/TW", published=True, issuing_body=central)
    nfd = "Quy \u0111i\u0323nh số 08-QĐi/TW"  # "định" typed with a combining dot below
    article = ArticleFactory(body=f"<p>Theo {nfd} và Quy định 08-QĐI/TW của Trung ương.</p>")
    assert [t for _, t in _links(article.body)] == ["Quy định số 08-QĐi/TW", "Quy định 08-QĐI/TW"]
    assert {h for h, _ in _links(article.body)} == {doc.get_absolute_url()}


@pytest.mark.django_db
def test_document_page_lists_published_citing_articles_only(client):
    docs = _registry()
    shown = ArticleFactory(title="Bài đã đăng", body=SEED_BODY, published=True)
    ArticleFactory(title="Bài nháp", body=SEED_BODY)
    response = client.get(docs["21-KL/TW"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài viết liên quan" in html and shown.get_absolute_url() in html
    assert "Bài nháp" not in html


@pytest.mark.django_db
def test_relink_command_links_articles_written_before_the_document(capsys):
    article = ArticleFactory(body="<p>Thực hiện Kết luận số 01-KL/TW.</p>", published=True)
    assert "<a" not in article.body
    doc = DocumentFactory(kind="ket-luan", number="01-KL/TW", published=True)
    call_command("relink_documents", "--dry-run")
    article.refresh_from_db()
    assert "<a" not in article.body and not DocumentCitation.objects.exists()
    assert "Sẽ gắn liên kết văn bản cho 1 trên 1 bài viết" in capsys.readouterr().out
    call_command("relink_documents")
    article.refresh_from_db()
    assert _links(article.body) == [(doc.get_absolute_url(), "Kết luận số 01-KL/TW")]
    assert DocumentCitation.objects.filter(article=article, document=doc).exists()
    call_command("relink_documents")  # nothing left to do
    assert "cho 0 trên 1 bài viết" in capsys.readouterr().out


# --- search by number ------------------------------------------------------------------------
NUMBER_FORMS = ["01-KL/TW", "01 KL TW", "01/KL-TW", "KL 01", "kết luận 01", "ket luan so 01"]


def _search_registry():
    docs = _registry()
    bct = IssuingBodyFactory(name="Bộ Chính trị")
    # Near misses that share parts of the number, and articles that talk about it at length.
    DocumentFactory(kind="chi-thi", number="01-CT/TW", issuing_body=bct, published=True)
    DocumentFactory(kind="ket-luan", number="10-KL/TW", issuing_body=bct, published=True)
    DocumentFactory(kind="ket-luan", number="01-KL/TU", published=True,
                    issuing_body=IssuingBodyFactory(name="Thành ủy"))  # fmt: skip
    for n in range(3):
        ArticleFactory(
            title=f"Kết luận số 01-KL/TW: kết luận 01 đi vào cuộc sống ({n})",
            summary="KL 01, Kết luận 01-KL/TW, số 01 KL TW.",
            body="<p>Kết luận số 01 KL TW. " * 5 + "</p>",
            published=True,
        )
    government = IssuingBodyFactory(name="Chính phủ")
    nd = DocumentFactory(kind="nghi-dinh", number="35/2023/NĐ-CP", published=True,
                         issuing_body=government, issued_on=date(2023, 6, 12))  # fmt: skip
    DocumentFactory(kind="nghi-dinh", number="35/2022/NĐ-CP", published=True,
                    issuing_body=government, issued_on=date(2022, 3, 28))  # fmt: skip
    return docs, nd


@pytest.mark.django_db
@pytest.mark.parametrize("form", NUMBER_FORMS)
def test_every_number_form_finds_the_document_first(client, form):
    docs, _nd = _search_registry()
    wanted = docs["01-KL/TW"].get_absolute_url()
    page = client.get(reverse("articles:document_list"), {"q": form}).content.decode()
    assert re.findall(r'<h3><a href="([^"]+)"', page)[0] == wanted
    site = client.get(reverse("search"), {"q": form}).content.decode()
    assert re.findall(r'<h2><a href="([^"]+)"', site)[0] == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["35/2023/NĐ-CP", "35/2023/ND-CP", "nghị định 35/2023"])
def test_a_number_with_a_year_finds_that_year(client, form):
    _docs, nd = _search_registry()
    page = client.get(reverse("articles:document_list"), {"q": form}).content.decode()
    assert re.findall(r'<h3><a href="([^"]+)"', page)[0] == nd.get_absolute_url()
    site = client.get(reverse("search"), {"q": form}).content.decode()
    assert re.findall(r'<h2><a href="([^"]+)"', site)[0] == nd.get_absolute_url()


# --- attachments -------------------------------------------------------------------------------
def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_pdf_text_is_searchable(client, editor):
    doc = DocumentFactory(kind="quy-che", number="12-QC/TU", published=True,
                          abstract="Quy chế làm việc")  # fmt: skip
    pdf = pdf_file("Dieu 4. Phoi hop tuyen truyen tren cong thong tin dien tu.")
    attachment = document_services.attachment_add(document=doc, uploaded=pdf, by=editor)
    assert attachment.file_type == "pdf" and "Phoi hop tuyen truyen" in attachment.text
    assert attachment.file.name.endswith(".pdf")
    for url, marker in ((reverse("articles:document_list"), "<h3><a href"),
                        (reverse("search"), "<h2><a href")):  # fmt: skip
        page = client.get(url, {"q": "phối hợp tuyên truyền"}).content.decode()
        assert f'{marker}="{doc.get_absolute_url()}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "file_type", "word"),
    [(docx_file, "docx", "Hướng dẫn"), (odt_file, "odt", "Hướng dẫn")],
)
def test_docx_and_odt_text_is_read(editor, make, file_type, word):
    doc = DocumentFactory(published=True)
    attachment = document_services.attachment_add(
        document=doc, uploaded=make(f"{word} sinh hoạt chi bộ"), by=editor
    )
    assert attachment.file_type == file_type and f"{word} sinh hoạt chi bộ" in attachment.text


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of old Office files (and installers)
BAD_FILES = [
    ("renamed executable", lambda: SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00" + b"\0" * 500),
     "không phải văn bản PDF, DOC, DOCX hay ODT"),
    ("broken PDF", lambda: SimpleUploadedFile("van-ban.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50),
     "Tệp PDF bị hỏng"),
    ("truncated PDF", lambda: SimpleUploadedFile("van-ban.pdf", pdf_bytes("Mot dong")[:120]),
     "Tệp PDF bị hỏng"),
    ("zip that is no document", lambda: SimpleUploadedFile("van-ban.docx", _zip_of("a.txt")),
     "không phải văn bản Word"),
    ("empty file", lambda: SimpleUploadedFile("van-ban.pdf", b""), "Tệp rỗng"),
    ("installer renamed .doc", lambda: SimpleUploadedFile("van-ban.doc", OLE2 + b"\0" * 600),
     "không phải văn bản Word (DOC)"),
]  # fmt: skip


def _zip_of(name: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "xin chào")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_attachments_are_refused_leaving_no_record_or_file(settings, editor, case, make,
                                                               message):  # fmt: skip
    doc = DocumentFactory(published=True)
    with pytest.raises(WorkflowError) as refused:
        document_services.attachment_add(document=doc, uploaded=make(), by=editor)
    assert message in refused.value.message
    assert not DocumentAttachment.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_an_old_word_file_is_kept_for_download(editor):
    doc = DocumentFactory(published=True)
    word = OLE2 + b"\0" * 500 + "WordDocument".encode("utf-16-le") + b"\0" * 500
    attachment = document_services.attachment_add(
        document=doc, uploaded=SimpleUploadedFile("cu.doc", word), by=editor
    )
    assert attachment.file_type == "doc" and attachment.file.name.endswith(".doc")


@pytest.mark.django_db
def test_oversized_attachment_is_refused(settings, editor):
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 1024 * 1024
    doc = DocumentFactory(published=True)
    big = SimpleUploadedFile("lon.pdf", pdf_bytes("x") + b"%" * (1024 * 1024 + 1))
    with pytest.raises(WorkflowError) as refused:
        document_services.attachment_add(document=doc, uploaded=big, by=editor)
    assert "Tệp quá lớn" in refused.value.message and "tối đa 1 MB" in refused.value.message
    assert not DocumentAttachment.objects.exists() and _stored_files(settings) == []


@pytest.mark.django_db
def test_pdf_opens_in_the_browser_or_downloads(client, editor):
    doc = DocumentFactory(kind="ket-luan", number="01-KL/TW", published=True)
    attachment = document_services.attachment_add(
        document=doc, uploaded=pdf_file("Toan van"), by=editor
    )
    url = attachment.get_absolute_url()
    assert url in client.get(doc.get_absolute_url()).content.decode()
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content).startswith(b"%PDF-")
    downloaded = client.get(url, {"tai-ve": "1"})
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert 'filename="ket-luan-so-01-kl-tw.pdf"' in downloaded["Content-Disposition"]


@pytest.mark.django_db
def test_deleting_an_attachment_removes_its_file(
    settings, editor, django_capture_on_commit_callbacks
):
    doc = DocumentFactory(published=True)
    attachment = document_services.attachment_add(
        document=doc, uploaded=pdf_file("Toan van"), by=editor
    )
    assert len(_stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert _stored_files(settings) == []


# --- visibility and public pages ----------------------------------------------------------------
@pytest.mark.django_db
def test_unpublished_documents_are_nowhere_public(client, editor):
    draft = DocumentFactory(
        kind="ket-luan", number="77-KL/TW", abstract="Trích yếu nháp chưa công bố"
    )
    scheduled = DocumentFactory(
        kind="ket-luan", number="78-KL/TW", status="published",
        publish_at=timezone.now() + timedelta(days=1), abstract="Trích yếu hẹn giờ chưa công bố",
    )  # fmt: skip
    attachment = document_services.attachment_add(
        document=draft, uploaded=pdf_file("Bi mat"), by=editor
    )
    for doc in (draft, scheduled):
        assert client.get(doc.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    pages = [
        client.get(reverse("articles:document_list")),
        client.get(reverse("articles:document_list"), {"q": "77-KL/TW"}),
        client.get(reverse("search"), {"q": "trích yếu chưa công bố"}),
        client.get(reverse("search"), {"q": "78-KL/TW"}),
        client.get(reverse("articles:document_feed")),
        client.get("/sitemap.xml"),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Trích yếu nháp" not in html and "Trích yếu hẹn giờ" not in html
        assert "77-kl-tw" not in html and "78-kl-tw" not in html


@pytest.mark.django_db
def test_list_filters_feed_sitemap_and_navigation(client):
    docs = _registry()
    docs["06-CT/TW"].validity = "expired"
    docs["06-CT/TW"].save(update_fields=["validity"])
    listing = reverse("articles:document_list")

    def shown(params) -> set[str]:
        page = client.get(listing, params).content.decode()
        return set(re.findall(r'<h3><a href="/van-ban/([^/"]+)/"', page))

    assert shown({}) == {d.slug for d in docs.values()}
    assert shown({"loai": "chi-thi"}) == {
        docs[n].slug for n in ("05-CT/TW", "06-CT/TW", "03-CT/TW")
    }
    assert shown({"co-quan": docs["21-KL/TW"].issuing_body.slug}) == {docs["21-KL/TW"].slug}
    assert shown({"nam": "2021"}) == {docs["01-KL/TW"].slug, docs["21-KL/TW"].slug}
    assert shown({"hieu-luc": "expired"}) == {docs["06-CT/TW"].slug}
    assert shown({"loai": "chi-thi", "nam": "2016"}) == {docs["05-CT/TW"].slug}
    for nonsense in (
        {"nam": "abc"},
        {"nam": "0000"},
        {"nam": "99999"},
        {"loai": "khong-co"},
        {"page": "999"},
        {"q": "\u200b"},
    ):
        assert client.get(listing, nonsense).status_code == 200
    feed = client.get(reverse("articles:document_feed")).content.decode()
    assert "Kết luận số 21-KL/TW" in feed and "<rss" in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert all(d.get_absolute_url() in sitemap for d in docs.values())
    home = client.get("/").content.decode()
    assert f'href="{listing}"' in home


@pytest.mark.django_db
def test_document_pages_query_counts(client, django_assert_max_num_queries):
    docs = _registry()
    for _ in range(5):
        ArticleFactory(body=SEED_BODY, published=True)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("articles:document_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(docs["01-KL/TW"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_number_must_have_digits_and_letters(editor):
    doc = Document(kind="ket-luan", number="Kết luận", issuing_body=IssuingBodyFactory(),
                   issued_on=date(2021, 1, 1), abstract="Về việc thử")  # fmt: skip
    with pytest.raises(WorkflowError) as refused:
        document_services.document_save(document=doc, by=editor)
    assert "Số, ký hiệu phải có cả số và chữ viết tắt" in refused.value.message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_writer_drafts_editor_publishes(writer, editor):
    doc = document_services.document_save(
        document=Document(kind="chi-thi", number="05-CT/TW", issuing_body=IssuingBodyFactory(),
                          issued_on=date(2016, 5, 15), abstract="Về đẩy mạnh học tập"),
        by=writer,
    )  # fmt: skip
    assert doc.status == "draft" and doc.slug == "chi-thi-so-05-ct-tw"
    with pytest.raises(WorkflowError):
        document_services.document_publish(document=doc, by=writer)
    document_services.document_publish(document=doc, by=editor)
    assert Document.objects.published().filter(pk=doc.pk).exists()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_document_searches_stay_out_of_the_shared_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    _registry()
    searched = client.get(reverse("articles:document_list"), {"q": "KL 01"})
    assert "private" in searched["Cache-Control"]
    listed = client.get(reverse("articles:document_list"))
    assert "public" in listed["Cache-Control"]


@pytest.mark.django_db
def test_a_scheduled_document_appears_on_time_in_cached_pages(client, settings, time_machine):
    settings.PAGE_CACHE_SECONDS = 600
    doc = DocumentFactory(kind="ket-luan", number="88-KL/TW", status="published",
                          publish_at=timezone.now() + timedelta(minutes=5))  # fmt: skip
    listing = reverse("articles:document_list")
    assert doc.get_absolute_url() not in client.get(listing).content.decode()
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert doc.get_absolute_url() in client.get(listing).content.decode()
