"""Business actions on articles: the one place where an article is created, saved, changes state
or goes to the trash. The admin (single and bulk actions), the demo loader and commands all call
these functions; none of them sets `status` by itself.

Each action runs in a transaction, locks the article's row, checks the user's role on the
server, records what happened (ArticleEvent, ArticleRevision), then saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import notifications
from articles.models import Article, ArticleEvent, ArticleRevision, Author, Category
from portal import audit, images
from portal.text import clean_text, person_name

Status = Article.Status
REVISED_FIELDS = ("title", "summary", "body", "featured_image")


class WorkflowError(Exception):
    """An action that is not allowed; `message` is shown to the user as it is (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EditConflict(WorkflowError):
    """Someone else saved the article after the form was opened."""

    def __init__(self, article: Article):
        who = person_name(article.updated_by) if article.updated_by_id else "một người khác"
        when = timezone.localtime(article.updated_at).strftime("%H:%M:%S ngày %d/%m/%Y")
        super().__init__(
            f"Bài viết vừa được {who} sửa lúc {when}, sau khi bạn mở trang này. "
            "Nội dung bạn nhập vẫn còn bên dưới và chưa được lưu: hãy mở bài ở một thẻ khác "
            "để xem thay đổi, chép phần của bạn vào rồi lưu lại."
        )


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str
    editor_only: bool
    note_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition("Gửi duyệt", frozenset({Status.DRAFT, Status.REJECTED}), Status.PENDING,
                         editor_only=False),
    "withdraw": Transition("Rút lại", frozenset({Status.PENDING}), Status.DRAFT,
                           editor_only=False),
    "publish": Transition("Duyệt và xuất bản",
                          frozenset({Status.PENDING, Status.DRAFT, Status.REJECTED}),
                          Status.PUBLISHED, editor_only=True),
    "reject": Transition("Trả lại", frozenset({Status.PENDING}), Status.REJECTED,
                         editor_only=True, note_required=True),
    "unpublish": Transition("Gỡ bài", frozenset({Status.PUBLISHED}), Status.UNPUBLISHED,
                            editor_only=True),
    "republish": Transition("Xuất bản lại", frozenset({Status.UNPUBLISHED}), Status.PUBLISHED,
                            editor_only=True),
}  # fmt: skip


# --- who may do what ---------------------------------------------------------------------------
def is_editor(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm("articles.publish_article")


def is_owner(user: AbstractBaseUser, article: Article) -> bool:
    return article.created_by_id is not None and article.created_by_id == user.pk


def can_edit(user: AbstractBaseUser, article: Article) -> bool:
    """Editors edit any article; a writer edits only their own draft or returned article."""
    if article.deleted_at is not None or not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    return is_owner(user, article) and article.status in (Status.DRAFT, Status.REJECTED)


def can_transition(user: AbstractBaseUser, article: Article, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    if transition is None or article.deleted_at is not None:
        return False
    if article.status not in transition.sources:
        return False
    if transition.editor_only:
        return is_editor(user)
    return is_editor(user) or (is_owner(user, article) and user.has_perm("articles.change_article"))


def allowed_transitions(user: AbstractBaseUser, article: Article) -> list[tuple[str, Transition]]:
    return [(name, t) for name, t in TRANSITIONS.items() if can_transition(user, article, name)]


# --- creating and saving -----------------------------------------------------------------------
@transaction.atomic
def article_create(
    *,
    title: str,
    category: Category,
    by: AbstractBaseUser | None,
    summary: str = "",
    body: str = "",
    authors: list[Author] | tuple[Author, ...] = (),
    tags: list[str] | tuple[str, ...] = (),
    source: str = "",
    is_featured: bool = False,
) -> Article:
    """A new draft, with its first revision."""
    article = Article(
        title=title,
        category=category,
        summary=summary,
        body=body,
        source=source,
        is_featured=is_featured,
        status=Status.DRAFT,
    )

    def set_relations() -> None:
        article.authors.set(authors)
        article.tags.set(list(tags))

    return article_save(article=article, by=by, after_save=set_relations)


@transaction.atomic
def article_save(
    *,
    article: Article,
    by: AbstractBaseUser | None,
    base_version: int | None = None,
    after_save=None,
) -> Article:
    """Save the edited `article` (new or existing), refusing a stale or forbidden edit.

    `base_version` is the version the editing form was opened on: if someone saved in between,
    EditConflict is raised and nothing is written. A change to the title, sapo, body or picture
    makes a new revision. Status is never changed here: see `article_transition`.
    """
    old_image = ""
    if article.pk is None:
        if by is not None and not by.has_perm("articles.add_article"):
            raise WorkflowError("Bạn không có quyền tạo bài viết.")
        article.created_by = by
        article.status = Status.DRAFT  # every article starts as a draft
        article.version = 1
        event = "create"
    else:
        current = Article.objects.select_for_update().get(pk=article.pk)
        if by is not None and not can_edit(by, current):
            raise WorkflowError(_edit_refusal(current))
        if base_version is not None and current.version != base_version:
            raise EditConflict(current)
        article.status = current.status  # state changes only through transitions
        article.version = current.version + 1
        old_image = current.featured_image.name or ""
        event = None
    article.updated_by = by
    pixels = _clean_new_picture(article)
    if pixels is not None:
        article.featured_image_width, article.featured_image_height = pixels.size
    elif (article.featured_image.name or "") != old_image:  # restored from a revision, removed
        name = article.featured_image.name
        size = images.stored_size(name) if name else (None, None)
        article.featured_image_width, article.featured_image_height = size
    article.full_clean(exclude=["tags"])
    try:
        article.save()
        new_image = article.featured_image.name or ""
        if new_image and new_image != old_image:
            images.make_renditions(new_image, image=pixels)
    except images.STORAGE_ERRORS as exc:
        # The row is rolled back with the transaction; the files written so far go too.
        written = article.featured_image.name or ""
        if written and written != old_image:
            images.remove_quietly(written, article.featured_image.storage)
        raise WorkflowError(images.ImageStorageError().message) from exc
    if old_image and old_image != new_image:
        # A replaced or removed picture goes with its renditions, once the save is committed.
        transaction.on_commit(lambda: images.delete_image(old_image), robust=True)
    if after_save is not None:
        after_save()
    if event:
        _record_event(article, action=event, by=by, from_status="", to_status=article.status)
    _record_revision(article, by=by)
    return article


def _clean_new_picture(article: Article):
    """A newly attached picture, from whatever caller, is checked and cleaned by portal.images
    before anything is written (the admin form has usually done it already). Returns its
    cleaned pixels (for the renditions), or None when no new picture is attached."""
    image = article.featured_image
    if not image or image._committed:
        return None
    upload = image.file
    if not getattr(upload, "portal_processed", False):
        try:
            upload = images.process_upload(upload, stem=article.slug or article.title)
        except images.ImageRejected as exc:
            raise ValidationError({"featured_image": exc.message}) from None
        article.featured_image = upload
    return upload.image


def _edit_refusal(article: Article) -> str:
    if article.deleted_at is not None:
        return "Bài viết đang ở thùng rác, không sửa được."
    if article.status in (Status.PENDING, Status.PUBLISHED, Status.UNPUBLISHED):
        return (
            f"Bài đang ở trạng thái “{article.get_status_display()}”: chỉ biên tập viên được sửa."
        )
    return "Bạn chỉ được sửa bài viết của chính mình."


# --- state changes -----------------------------------------------------------------------------
@transaction.atomic
def article_transition(
    *,
    article: Article,
    by: AbstractBaseUser,
    action: str,
    note: str = "",
    publish_at: datetime | None = None,
    expire_at: datetime | None = None,
) -> Article:
    """Move an article through the workflow. Refusals raise WorkflowError and change nothing."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError("Thao tác không hợp lệ.")
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.deleted_at is not None:
        raise WorkflowError("Bài viết đang ở thùng rác.")
    if locked.status not in transition.sources:
        raise WorkflowError(
            f"Không thể “{transition.label.lower()}” bài đang ở trạng thái "
            f"“{locked.get_status_display()}”."
        )
    if not can_transition(by, locked, action):
        if transition.editor_only:
            raise WorkflowError(f"Chỉ biên tập viên được “{transition.label.lower()}”.")
        raise WorkflowError("Bạn chỉ được thao tác trên bài viết của chính mình.")
    note = clean_text(note).strip()
    if transition.note_required and not note:
        raise WorkflowError("Hãy ghi rõ lý do trả lại để phóng viên biết cần sửa gì.")

    from_status = locked.status
    locked.status = transition.target
    if transition.target == Status.PUBLISHED:
        if action == "republish" and publish_at is None:
            publish_at = locked.publish_at
        locked.publish_at = publish_at or timezone.now()
        locked.expire_at = expire_at
    locked.updated_by = by
    try:
        locked.full_clean(exclude=["tags"])
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    locked.save()
    _record_event(locked, action=action, by=by, from_status=from_status,
                  to_status=locked.status, note=note)  # fmt: skip
    notifications.after_transition(locked, action=action, by=by, note=note)
    if action in ("publish", "republish", "unpublish"):
        audit.record(action=action, actor=by, target=locked.title, detail=note)
    _refresh(article, locked)
    return locked


def article_submit(*, article: Article, by: AbstractBaseUser) -> Article:
    return article_transition(article=article, by=by, action="submit")


def article_withdraw(*, article: Article, by: AbstractBaseUser) -> Article:
    return article_transition(article=article, by=by, action="withdraw")


def article_publish(
    *,
    article: Article,
    by: AbstractBaseUser,
    at: datetime | None = None,
    expire_at: datetime | None = None,
) -> Article:
    """Approve and publish now, or at `at` (scheduled: public from then on)."""
    return article_transition(
        article=article, by=by, action="publish", publish_at=at, expire_at=expire_at
    )


def article_reject(*, article: Article, by: AbstractBaseUser, note: str) -> Article:
    return article_transition(article=article, by=by, action="reject", note=note)


def article_unpublish(*, article: Article, by: AbstractBaseUser, note: str = "") -> Article:
    return article_transition(article=article, by=by, action="unpublish", note=note)


def article_republish(*, article: Article, by: AbstractBaseUser) -> Article:
    return article_transition(article=article, by=by, action="republish")


# --- trash -------------------------------------------------------------------------------------
@transaction.atomic
def article_trash(*, article: Article, by: AbstractBaseUser) -> Article:
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if not by.has_perm("articles.delete_article"):
        raise WorkflowError("Bạn không có quyền xóa bài viết.")
    if locked.deleted_at is not None:
        raise WorkflowError("Bài viết đã ở trong thùng rác.")
    locked.deleted_at = timezone.now()
    locked.deleted_by = by
    locked.save(update_fields=["deleted_at", "deleted_by"])
    _record_event(locked, action="trash", by=by, from_status=locked.status,
                  to_status=locked.status)  # fmt: skip
    audit.record(action="trash", actor=by, target=locked.title)
    _refresh(article, locked)
    return locked


@transaction.atomic
def article_restore(*, article: Article, by: AbstractBaseUser) -> Article:
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if not is_editor(by):
        raise WorkflowError("Chỉ biên tập viên được khôi phục bài từ thùng rác.")
    if locked.deleted_at is None:
        raise WorkflowError("Bài viết không ở trong thùng rác.")
    locked.deleted_at = None
    locked.deleted_by = None
    locked.save(update_fields=["deleted_at", "deleted_by"])
    _record_event(locked, action="restore", by=by, from_status=locked.status,
                  to_status=locked.status)  # fmt: skip
    audit.record(action="restore", actor=by, target=locked.title)
    _refresh(article, locked)
    return locked


@transaction.atomic
def article_purge(*, article: Article, by: AbstractBaseUser) -> None:
    """Delete for good (with its history and picture). Only `Quản trị`, only from the trash."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if not by.has_perm("articles.empty_trash"):
        raise WorkflowError("Chỉ quản trị được xóa vĩnh viễn bài trong thùng rác.")
    if locked.deleted_at is None:
        raise WorkflowError("Chỉ xóa vĩnh viễn được bài đã ở trong thùng rác.")
    names = {locked.featured_image.name} | set(
        locked.revisions.exclude(featured_image="").values_list("featured_image", flat=True)
    )
    audit.record(action="purge", actor=by, target=locked.title)
    locked.delete()
    for name in sorted(n for n in names if n):
        # The picture and its renditions (and any older picture a revision still named).
        transaction.on_commit(lambda name=name: images.delete_image(name), robust=True)


# --- revisions ---------------------------------------------------------------------------------
@transaction.atomic
def revision_restore(
    *, revision: ArticleRevision, by: AbstractBaseUser, base_version: int | None = None
) -> Article:
    """Bring back a revision's text and picture. This is a save: it makes a new revision."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    article.title = revision.title
    article.summary = revision.summary
    article.body = revision.body
    wanted = revision.featured_image or ""
    if wanted != article.featured_image.name and (
        not wanted or article.featured_image.storage.exists(wanted)
    ):
        article.featured_image = wanted  # article_save records its size
    # A picture replaced since that revision was deleted with its files: keep the current one.
    saved = article_save(article=article, by=by, base_version=base_version)
    ArticleRevision.objects.filter(article=saved, number=_latest_number(saved)).update(
        note=f"Khôi phục từ phiên bản {revision.number}"
    )
    _record_event(
        saved,
        action="restore_revision",
        by=by,
        from_status=saved.status,
        to_status=saved.status,
        note=f"Khôi phục phiên bản {revision.number}",
    )
    return saved


def _latest_number(article: Article) -> int:
    latest = article.revisions.order_by("-number").values_list("number", flat=True).first()
    return latest or 0


def _record_revision(article: Article, *, by) -> ArticleRevision | None:
    snapshot = {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "featured_image": article.featured_image.name or "",
    }
    latest = article.revisions.order_by("-number").first()
    if latest and all(getattr(latest, key) == value for key, value in snapshot.items()):
        return None
    return ArticleRevision.objects.create(
        article=article,
        number=(latest.number + 1) if latest else 1,
        created_by=by,
        **snapshot,
    )


def _record_event(article, *, action, by, from_status, to_status, note="") -> ArticleEvent:
    return ArticleEvent.objects.create(
        article=article,
        action=action,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _refresh(article: Article, locked: Article) -> None:
    if article is not locked:
        article.refresh_from_db()


ACTION_LABELS = {
    "create": "Tạo bài",
    "trash": "Chuyển vào thùng rác",
    "restore": "Khôi phục từ thùng rác",
    "restore_revision": "Khôi phục phiên bản",
    **{name: t.label for name, t in TRANSITIONS.items()},
}
