"""Business actions on documents ("văn bản"): the document's own part (its attached files) on top
of the editorial core (`portal.editorial.workflow`), which holds every publication rule. The admin,
the importer and the demo loader call these functions; none of them sets `status` by itself.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import File
from django.db import transaction

from articles import attachments
from articles.models import Document, DocumentAttachment
from articles.search_documents import refresh_search_document
from portal import images
from portal.editorial import workflow
from portal.editorial.workflow import WorkflowError

log = logging.getLogger(__name__)

STORAGE_FAILED = (
    "Không lưu được tệp: kho lưu trữ đang gặp sự cố (ổ đĩa đầy hoặc mất kết nối). Chưa có gì "
    "được lưu; hãy thử lại sau hoặc báo cho quản trị hệ thống."
)


@transaction.atomic
def document_save(
    *, document: Document, by: AbstractBaseUser | None, base_version: int | None = None
) -> Document:
    """Save a new or edited document through the core (version check, revision, events)."""
    return workflow.save_content(item=document, by=by, base_version=base_version)


def document_publish(*, document: Document, by: AbstractBaseUser, at: datetime | None = None):
    return workflow.transition(item=document, by=by, action="publish", publish_at=at)


def prepare_attachment(attachment: DocumentAttachment, uploaded) -> None:
    """Check `uploaded` by its content and put it, its type, size and text on `attachment`
    (unsaved). Raises `attachments.AttachmentRejected` (a Vietnamese message)."""
    checked = attachments.check_attachment(uploaded)
    uploaded.name = (
        f"tep.{checked.file_type}"  # the stored name follows the content, not the upload
    )
    attachment.file = uploaded
    attachment.file_type = checked.file_type
    attachment.size = checked.size
    attachment.text = checked.text


@transaction.atomic
def attachment_add(
    *, document: Document, uploaded: File, by: AbstractBaseUser | None, title: str = ""
) -> DocumentAttachment:
    """Check, store and index one file of `document`. A refused or unstorable file leaves no row
    and no file."""
    if by is not None and not workflow.can_edit(by, document):
        raise WorkflowError("Bạn không được sửa văn bản này.")
    attachment = DocumentAttachment(document=document, title=title)
    try:
        prepare_attachment(attachment, uploaded)
    except attachments.AttachmentRejected as exc:
        raise WorkflowError(exc.message) from exc
    order = document.attachments.count()
    attachment.order = order
    try:
        attachment.save()
    except images.STORAGE_ERRORS as exc:
        remove_file_quietly(attachment.file.name, attachment.file.storage)
        raise WorkflowError(STORAGE_FAILED) from exc
    refresh_search_document(document)
    return attachment


def remove_file_quietly(name: str, storage) -> None:
    if not name:
        return
    try:
        storage.delete(name)
    except images.STORAGE_ERRORS:
        log.warning("Could not remove %s after a failed save", name)


def delete_attachment_file(name: str, storage) -> None:
    """Once a deletion is committed, the file goes too."""
    transaction.on_commit(lambda: remove_file_quietly(name, storage), robust=True)
