"""The documents registry in the admin: the seed article saved through the Article admin links
every registered document; documents with their attachments (checked), relations and citing
articles; search by number; the CSV import with its dry run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Document, DocumentAttachment, DocumentCitation
from tests.articles.document_factories import DocumentFactory, IssuingBodyFactory, pdf_file
from tests.articles.test_documents import SEED_BODY, SEED_NUMBERS, _links, _registry
from tests.factories import ARTICLE_ADMIN_INLINES, CategoryFactory

pytestmark = pytest.mark.django_db

DOCUMENT_ADD = reverse("admin:articles_document_add")
INLINES = {
    "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0",
    "citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0",
}  # fmt: skip


def _article_form(**overrides):
    data = {
        "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "slug": "", "summary": "Sapo.", "body": SEED_BODY,
        "category": CategoryFactory().pk, "tags": "", "source": "",
        "publish_at_0": "", "publish_at_1": "", "expire_at_0": "", "expire_at_1": "",
        "featured_image_alt": "", "featured_image_caption": "",
        **ARTICLE_ADMIN_INLINES,
    }  # fmt: skip
    data.update(overrides)
    return data


def _document_form(**overrides):
    data = {
        "kind": "ket-luan", "number": "01-KL/TW", "issuing_body": IssuingBodyFactory().pk,
        "issued_on": "18/05/2021", "signer": "", "validity": "in_force", "slug": "",
        "abstract": "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW", "summary": "",
        "publish_at_0": "", "publish_at_1": "", "expire_at_0": "", "expire_at_1": "",
        **INLINES,
    }  # fmt: skip
    data.update(overrides)
    return data


def _with_file(upload, title="Toàn văn"):
    return {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-file": upload,
        "attachments-0-title": title,
        "attachments-0-order": "0",
    }


def test_seed_article_saved_in_the_admin_links_every_registered_document(client, editor):
    docs = _registry()
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_add"), _article_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert {href for href, _ in _links(article.body)} == {
        docs[n].get_absolute_url() for n in SEED_NUMBERS
    }
    assert (docs["01-KL/TW"].get_absolute_url(), "Kết luận số 01-KL/TW") in _links(article.body)
    assert "Kế hoạch số 142-KH/TU" in article.body
    # Saving the form again (as an editor reopening it would) changes nothing.
    body = article.body
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(change, _article_form(body=body, base_version=article.version))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == body
    # Published, it is listed on every document page it cites, and in the admin's list.
    client.post(reverse("admin:articles_article_transition", args=[article.pk, "publish"]), {})
    assert Article.objects.published().filter(pk=article.pk).exists()
    for number in SEED_NUMBERS:
        page = client.get(docs[number].get_absolute_url()).content.decode()
        assert article.get_absolute_url() in page, number
    admin_page = client.get(reverse("admin:articles_document_change", args=[docs["21-KL/TW"].pk]))
    assert article.title in admin_page.content.decode()


def test_document_created_with_a_pdf_through_the_admin(client, writer, settings):
    client.force_login(writer)
    data = _document_form(**_with_file(pdf_file("Toan van ket luan")))
    response = client.post(DOCUMENT_ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert document.status == "draft" and document.created_by == writer
    attachment = document.attachments.get()
    assert attachment.file_type == "pdf" and "Toan van ket luan" in attachment.text
    document.refresh_from_db()
    assert "toan" in (document.search_text or document.search_vector or "")


BAD = [
    ("renamed executable", lambda: SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\0" * 300),
     "không phải văn bản PDF, DOC, DOCX hay ODT"),
    ("broken PDF", lambda: SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%garbage" * 20),
     "Tệp PDF bị hỏng"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_attachment_in_the_admin_is_refused_and_nothing_is_kept(
    client, editor, settings, case, make, message
):
    client.force_login(editor)
    response = client.post(DOCUMENT_ADD, _document_form(**_with_file(make())))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists() and not DocumentAttachment.objects.exists()
    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_oversized_attachment_in_the_admin(client, editor, settings):
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(editor)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(DOCUMENT_ADD, _document_form(**_with_file(big)))
    assert response.status_code == 200 and "Tệp quá lớn" in response.content.decode()
    assert not Document.objects.exists()


def test_admin_search_by_number_in_any_form(client, editor):
    docs = _registry()
    client.force_login(editor)
    changelist = reverse("admin:articles_document_changelist")
    for form in ("KL 01", "01/KL-TW", "kết luận 01", "ket luan so 01"):
        page = client.get(changelist, {"q": form}).content.decode()
        found = set(re.findall(r"/admin/articles/document/(\d+)/change/", page))
        assert found == {str(docs["01-KL/TW"].pk)}, form


def test_writer_cannot_publish_a_document(client, writer, editor):
    client.force_login(writer)
    assert client.post(DOCUMENT_ADD, _document_form()).status_code == 302
    document = Document.objects.get()
    transition = reverse("admin:articles_document_transition", args=[document.pk, "publish"])
    client.post(transition, {})
    document.refresh_from_db()
    assert document.status == "draft"
    client.force_login(editor)
    client.post(transition, {})
    document.refresh_from_db()
    assert Document.objects.published().filter(pk=document.pk).exists()


def test_csv_import_dry_run_then_confirm(client, editor):
    IssuingBodyFactory(name="Bộ Chính trị")
    client.force_login(editor)
    url = reverse("admin:articles_document_import")
    good = (
        '"Loại văn bản","Số, ký hiệu","Cơ quan ban hành","Ngày ban hành","Trích yếu"\n'
        "Kết luận,01-KL/TW,Bộ Chính trị,18/05/2021,Về tiếp tục thực hiện\n"
        "Chỉ thị,05-CT/TW,Bộ Chính trị,15/05/2016,Về đẩy mạnh học tập\n"
    ).encode()
    bad = good + b"Ch\xe1\xbb\x89 th\xe1\xbb\x8b,abc,Ban X,32/13/2016,\n"
    page = client.post(url, {"file": SimpleUploadedFile("a.csv", bad)}).content.decode()
    assert "<td>4</td><td>Số, ký hiệu</td>" in page and "<td>4</td><td>Ngày ban hành</td>" in page
    assert "không có văn bản nào được ghi" in page and not Document.objects.exists()
    page = client.post(url, {"file": SimpleUploadedFile("a.csv", good)})
    html = page.content.decode()
    assert "Xác nhận nhập" in html and not Document.objects.exists()
    token = page.context["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert sorted(Document.objects.values_list("number", "status")) == [
        ("01-KL/TW", "draft"), ("05-CT/TW", "draft"),
    ]  # fmt: skip
    assert not DocumentCitation.objects.exists()


def test_staff_preview_of_a_draft_document(client, writer, editor):
    draft = DocumentFactory(kind="ket-luan", number="09-KL/TW", created_by=writer)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_document_preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Bản xem trước" in html
    assert '<h1 class="article-title">Kết luận số 09-KL/TW</h1>' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_replacing_an_attachment_removes_the_old_file(
    client, editor, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DOCUMENT_ADD, _document_form(**_with_file(pdf_file("Ban dau"))))
    document = Document.objects.get()
    old = document.attachments.get()
    old_path = Path(settings.MEDIA_ROOT) / old.file.name
    assert old_path.exists()
    data = _document_form(
        issuing_body=document.issuing_body_id, base_version=document.version,
        **{**_with_file(pdf_file("Ban thay the")), "attachments-INITIAL_FORMS": "1",
           "attachments-0-id": str(old.pk), "attachments-0-document": str(document.pk)},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_document_change", args=[document.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = document.attachments.get()
    assert "Ban thay the" in new.text and new.file.name != old.file.name
    assert not old_path.exists() and (Path(settings.MEDIA_ROOT) / new.file.name).exists()


def test_a_writer_cannot_change_the_files_of_a_published_document(client, writer, editor):
    client.force_login(writer)
    client.post(DOCUMENT_ADD, _document_form())
    document = Document.objects.get()
    change = reverse("admin:articles_document_change", args=[document.pk])
    assert 'name="attachments-__prefix__-file"' in client.get(change).content.decode()
    client.force_login(editor)
    client.post(reverse("admin:articles_document_transition", args=[document.pk, "publish"]), {})
    client.force_login(writer)
    page = client.get(change).content.decode()
    assert "Kết luận số 01-KL/TW" in page  # the writer still opens it (to propose a change)
    assert 'name="attachments-__prefix__-file"' not in page


def test_document_admin_pages_are_in_vietnamese(client, editor):
    from tests.portal.test_admin_language import _problems, visible_text

    docs = _registry()
    client.force_login(editor)
    document = docs["01-KL/TW"]
    pages = [
        reverse("admin:articles_document_changelist"),
        reverse("admin:articles_document_change", args=[document.pk]),
        reverse("admin:articles_document_history", args=[document.pk]),
        reverse("admin:articles_issuingbody_changelist"),
        reverse("admin:articles_issuingbody_change", args=[document.issuing_body_id]),
    ]
    failures = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        failures[url] = _problems(visible_text(response.content.decode()))
    report = client.post(
        reverse("admin:articles_document_import"),
        {"file": SimpleUploadedFile("a.csv", b'"Lo\xe1\xba\xa1i v\xc4\x83n b\xe1\xba\xa3n"\nx\n')},
    )
    failures["import"] = _problems(visible_text(report.content.decode()))
    assert not any(failures.values()), failures
