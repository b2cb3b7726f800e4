"""Test data for the documents registry: documents, issuing bodies and files made on the spot."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Document, IssuingBody


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingBody
        django_get_or_create = ("name",)

    name = "Bộ Chính trị"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` for a public one."""

    class Meta:
        model = Document

    kind = "ket-luan"
    number = factory.Sequence(lambda n: f"{n + 100}-KL/TW")
    issuing_body = factory.SubFactory(IssuingBodyFactory)
    issued_on = date(2021, 5, 18)
    abstract = "Về tiếp tục thực hiện một chỉ thị"
    status = "draft"

    class Params:
        published = factory.Trait(
            status="published",
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(*lines: str) -> bytes:
    """A valid one-page PDF showing `lines` (ASCII) in Helvetica, with a correct xref table."""
    stream = (
        "BT /F1 12 Tf 72 740 Td 14 TL "
        + " ".join(f"({_escape(line)}) Tj T*" for line in lines)
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def pdf_file(*lines: str, name: str = "van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(*lines), content_type="application/pdf")


def docx_file(text: str, name: str = "van-ban.docx") -> SimpleUploadedFile:
    """A minimal Word document (the parts Word needs to open it) with one paragraph."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body><w:p>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return SimpleUploadedFile(name, buffer.getvalue())


def odt_file(text: str, name: str = "van-ban.odt") -> SimpleUploadedFile:
    ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
            f'"{office}" xmlns:text="{ns}"><office:body><office:text><text:p>{text}</text:p>'
            "</office:text></office:body></office:document-content>",
        )
    return SimpleUploadedFile(name, buffer.getvalue())
