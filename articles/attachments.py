"""Files attached to documents: checked by content, size-limited, their text extracted for search.

`check_attachment(uploaded)` reads the file itself, not its name or the browser's content type:

- PDF: starts with "%PDF-" and opens with pypdf (every page's text is extracted);
- DOCX and ODT: a ZIP archive holding a Word document (`word/document.xml`) or an OpenDocument
  text (`mimetype` = application/vnd.oasis.opendocument.text, `content.xml`); the text is read
  from that XML (each member's size is checked before it is read: no ZIP bomb);
- DOC: an OLE2 compound file (the old Word format) with a "WordDocument" stream; kept for
  download, its text is not read.

Anything else (a renamed executable, an image, an empty file), a file over
`DOCUMENT_ATTACHMENT_MAX_BYTES`, or a PDF that pypdf cannot parse is refused with an
`AttachmentRejected` whose message is shown to staff as it is (Vietnamese).
"""

from __future__ import annotations

import io
import logging
import secrets
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.utils import timezone

from portal.text import clean_text, slugify_vi

log = logging.getLogger(__name__)

TYPE_LABELS = {
    "pdf": "PDF",
    "doc": "Word (DOC)",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument (ODT)",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ACCEPT = ".pdf,.doc,.docx,.odt," + ",".join(CONTENT_TYPES.values())
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# The text kept for search (a long decree's text is far below this).
MAX_TEXT_CHARS = 500_000
# An XML member larger than this when unpacked is not a document a person wrote.
MAX_XML_BYTES = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class AttachmentRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedAttachment:
    file_type: str  # pdf, doc, docx, odt
    size: int
    text: str


def max_bytes() -> int:
    return settings.DOCUMENT_ATTACHMENT_MAX_BYTES


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB".replace(".", ",")


def check_attachment(uploaded) -> CheckedAttachment:
    """Check an uploaded file (any file-like object with `size` or seekable) and read its text."""
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if size > max_bytes():
        raise AttachmentRejected(
            f"Tệp quá lớn ({_megabytes(size)}): mỗi tệp đính kèm tối đa {_megabytes(max_bytes())}."
        )
    if size == 0:
        raise AttachmentRejected("Tệp rỗng, không có nội dung.")
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if data.startswith(b"%PDF-"):
        return CheckedAttachment("pdf", size, _pdf_text(data))
    if data.startswith(OLE2_MAGIC):
        # Installers (.msi) and old Excel files are OLE2 files too: a Word file has a stream
        # named "WordDocument" (its name is stored in UTF-16 in the file's directory).
        if WORD_STREAM not in data:
            raise AttachmentRejected(
                "Tệp không phải văn bản Word (DOC) dù có dạng tệp Office cũ. Hãy lưu lại văn bản "
                "dưới dạng PDF hoặc DOCX rồi tải lên."
            )
        return CheckedAttachment("doc", size, "")
    if data.startswith(b"PK\x03\x04"):
        file_type, text = _zip_document(data)
        return CheckedAttachment(file_type, size, text)
    raise AttachmentRejected(
        "Tệp không phải văn bản PDF, DOC, DOCX hay ODT (nội dung tệp không đúng định dạng, dù "
        "tên tệp có thể có đuôi như vậy). Hãy lưu lại văn bản dưới dạng PDF rồi tải lên."
    )


def _clip(text: str) -> str:
    return clean_text(text)[:MAX_TEXT_CHARS]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    refused = AttachmentRejected(
        "Tệp PDF bị hỏng hoặc không đọc được, nên không được lưu. Hãy xuất lại tệp PDF từ văn "
        "bản gốc rồi tải lên."
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise AttachmentRejected(
                "Tệp PDF có đặt mật khẩu nên không đọc được. Hãy tải lên bản không đặt mật khẩu."
            )
        pages = reader.pages
        if len(pages) == 0:
            raise refused
        parts, total = [], 0
        for page in pages:
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
            if total > MAX_TEXT_CHARS:
                break
    except AttachmentRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError) as exc:  # fmt: skip
        log.info("PDF refused: %s", exc)
        raise refused from exc
    return _clip("\n".join(parts))


def _zip_document(data: bytes) -> tuple[str, str]:
    refused = AttachmentRejected(
        "Tệp nén không phải văn bản Word (DOCX) hay OpenDocument (ODT), hoặc đã bị hỏng."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx", _xml_text(archive, "word/document.xml", paragraph=f"{_W}p", run=f"{_W}t")
        if "mimetype" in names and "content.xml" in names:
            if archive.read("mimetype").strip() != ODT_MIMETYPE:
                raise refused
            return "odt", _xml_text(archive, "content.xml", paragraph=None, run=None)
    except AttachmentRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, OSError,
            EOFError, ValueError, KeyError) as exc:  # fmt: skip
        log.info("Archive refused: %s", exc)
        raise refused from exc
    raise refused


def _xml_text(archive: zipfile.ZipFile, member: str, *, paragraph, run) -> str:
    info = archive.getinfo(member)
    if info.file_size > MAX_XML_BYTES:
        raise AttachmentRejected("Văn bản trong tệp quá lớn để đọc.")
    root = ElementTree.fromstring(archive.read(member))
    lines = []
    if paragraph:  # DOCX: the runs of each paragraph
        for p in root.iter(paragraph):
            lines.append("".join(t.text or "" for t in p.iter(run)))
    else:  # ODT: paragraphs and headings
        for element in root.iter():
            if element.tag in (f"{_TEXT_NS}p", f"{_TEXT_NS}h"):
                lines.append("".join(element.itertext()))
    return _clip("\n".join(line for line in lines if line.strip()))


def storage_name(stem: str, filename: str) -> str:
    """`van-ban/YYYY/<slug>-<random>.<ext>`: nothing of the uploaded name but a known extension."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in CONTENT_TYPES:
        ext = "bin"
    stem = slugify_vi(stem or "", max_length=60) or "van-ban"
    return f"van-ban/{timezone.localdate():%Y}/{stem}-{secrets.token_hex(6)}.{ext}"
