"""The one engine that changes what the public can see, for every publishable type.

Each action runs in a transaction, locks the item's row, checks the user's role and ownership on
the server and the item's state, records what happened (WorkflowEvent, Revision, the audit log),
sends notifications after the commit, then returns. Refusals raise WorkflowError (a Vietnamese
message) and change nothing. The admin, bulk actions, commands and the demo loader call these
functions; none of them sets a status by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from portal import audit
from portal.editorial import notifications, previews, snapshots
from portal.editorial.models import Publishable, Revision, Status, WorkflowEvent
from portal.text import clean_text, person_name


class WorkflowError(Exception):
    """An action that is not allowed; `message` is shown to the user as it is (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M:%S ngày %d/%m/%Y")


class EditConflict(WorkflowError):
    """Someone else saved the item after the form was opened."""

    def __init__(self, item: Publishable):
        who = person_name(item.updated_by) if item.updated_by_id else "một người khác"
        super().__init__(
            f"{item.editorial.noun.capitalize()} vừa được {who} sửa lúc {_when(item.updated_at)}, "
            "sau khi bạn mở trang này. Nội dung bạn nhập vẫn còn bên dưới và chưa được lưu: "
            "hãy mở ở một thẻ khác để xem thay đổi, chép phần của bạn vào rồi lưu lại."
        )


class StaleApproval(WorkflowError):
    """The item changed after the editor opened it for approval: nothing is approved."""

    def __init__(self, item: Publishable, latest: Revision | None):
        if latest is not None:
            who = person_name(latest.created_by) if latest.created_by_id else "một người khác"
            when = _when(latest.created_at)
        else:
            who, when = "một người khác", _when(item.updated_at)
        super().__init__(
            f"Không duyệt: {item.editorial.noun} đã được {who} thay đổi lúc {when}, sau khi bạn "
            "mở trang duyệt. Chưa có gì thay đổi trên trang công khai; hãy xem lại phần khác biệt "
            "mới rồi duyệt lại."
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
    "unpublish": Transition("Gỡ xuống", frozenset({Status.PUBLISHED}), Status.UNPUBLISHED,
                            editor_only=True),
    "republish": Transition("Xuất bản lại", frozenset({Status.UNPUBLISHED}), Status.PUBLISHED,
                            editor_only=True),
}  # fmt: skip
# Leaving these states ends every preview link of the item.
ENDS_PREVIEWS = {Status.UNPUBLISHED, Status.REJECTED}

ACTION_LABELS = {
    "create": "Tạo mới",
    "edit": "Sửa",
    "propose": "Đề xuất sửa bản đang xuất bản",
    "approve_change": "Duyệt thay đổi",
    "return_change": "Trả lại thay đổi",
    "withdraw_change": "Rút đề xuất thay đổi",
    "trash": "Chuyển vào thùng rác",
    "restore": "Khôi phục từ thùng rác",
    "restore_revision": "Khôi phục phiên bản",
    "purge": "Xóa vĩnh viễn",
    "import": "Nhập từ tệp",
    **{name: t.label for name, t in TRANSITIONS.items()},
}


# --- who may do what -----------------------------------------------------------------------------
def permission(model: type[Publishable], kind: str) -> str:
    """The permission behind a role of the type: publish, purge, add, change, delete."""
    options, meta = model.editorial, model._meta
    if kind == "publish" and options.publish_permission:
        return options.publish_permission
    if kind == "purge":
        return options.purge_permission or f"{meta.app_label}.empty_trash_{meta.model_name}"
    return f"{meta.app_label}.{kind}_{meta.model_name}"


def is_editor(user: AbstractBaseUser | None, model: type[Publishable]) -> bool:
    return bool(user and user.is_active and user.has_perm(permission(model, "publish")))


def is_owner(user: AbstractBaseUser | None, item: Publishable) -> bool:
    return bool(user and item.created_by_id is not None and item.created_by_id == user.pk)


def edit_is_proposal(user: AbstractBaseUser | None, item: Publishable) -> bool:
    """A writer's edit of published content waits for an editor: a pending change."""
    return (
        item.pk is not None
        and item.publication_status == Status.PUBLISHED
        and not is_editor(user, type(item))
    )


def can_edit(user: AbstractBaseUser | None, item: Publishable) -> bool:
    """Editors edit any item; a writer edits their own draft or returned item, and proposes
    changes to their own published one."""
    model = type(item)
    if user is None or not user.is_active or item.deleted_at is not None:
        return False
    if not user.has_perm(permission(model, "change")):
        return False
    if is_editor(user, model):
        return True
    return is_owner(user, item) and item.publication_status in (
        Status.DRAFT,
        Status.REJECTED,
        Status.PUBLISHED,
    )


def can_transition(user: AbstractBaseUser | None, item: Publishable, action: str) -> bool:
    transition = TRANSITIONS.get(action)
    if transition is None or user is None or item.deleted_at is not None:
        return False
    if item.publication_status not in transition.sources:
        return False
    model = type(item)
    if transition.editor_only:
        return is_editor(user, model)
    return is_editor(user, model) or (
        is_owner(user, item) and user.has_perm(permission(model, "change"))
    )


def allowed_transitions(user, item: Publishable) -> list[tuple[str, Transition]]:
    return [(name, t) for name, t in TRANSITIONS.items() if can_transition(user, item, name)]


def can_trash(user, item: Publishable) -> bool:
    model = type(item)
    return bool(
        user
        and item.deleted_at is None
        and user.has_perm(permission(model, "delete"))
        and (is_editor(user, model) or (is_owner(user, item)
                                        and item.publication_status != Status.PUBLISHED))
    )  # fmt: skip


# --- records -------------------------------------------------------------------------------------
def latest_revision(item: Publishable) -> Revision | None:
    return Revision.for_item(item).order_by("-number").select_related("created_by").first()


def latest_number(item: Publishable) -> int:
    found = Revision.for_item(item).order_by("-number").values_list("number", flat=True).first()
    return found or 0


def record_event(item: Publishable, *, action: str, by, from_status: str = "",
                 to_status: str = "", note: str = "", revision: int | None = None):  # fmt: skip
    return WorkflowEvent.objects.create(
        item=item,
        action=action,
        actor=by if getattr(by, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status or from_status,
        note=note,
        revision_number=revision,
    )


def _audit(item: Publishable, action: str, by, detail: str = "") -> None:
    meta = type(item)._meta
    audit.record(action=action, actor=by, target=f"{meta.verbose_name}: {item.display_title}",
                 detail=detail)  # fmt: skip


def record_revision(item: Publishable, *, by, state: str = Revision.State.SAVED,
                    content: dict | None = None, note: str = "") -> Revision | None:  # fmt: skip
    """A new revision of the item, unless the content is the same as the latest saved one."""
    content = snapshots.take(item) if content is None else content
    latest = latest_revision(item)
    if latest is not None and state == Revision.State.SAVED and latest.content == content:
        return None
    return Revision.objects.create(
        item=item,
        number=(latest.number + 1) if latest else 1,
        content=content,
        state=state,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        note=note[:300],
    )


def record_import(item: Publishable, *, by, source: str = "") -> None:
    """An item created by an import (a spreadsheet): its first revision, event and audit entry."""
    revision = record_revision(item, by=by, note="Nhập từ tệp")
    record_event(item, action="import", by=by, to_status=item.publication_status,
                 revision=revision.number if revision else None, note=source)  # fmt: skip
    _audit(item, "import", by, source)


def _lock(item: Publishable) -> Publishable:
    return type(item)._default_manager.select_for_update().get(pk=item.pk)


def _refresh(item: Publishable, locked: Publishable) -> None:
    if item is not locked:
        item.refresh_from_db()


def _full_clean(item: Publishable, exclude=()) -> None:
    try:
        item.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc


def _edit_refusal(item: Publishable) -> str:
    noun = item.editorial.noun
    if item.deleted_at is not None:
        return f"{noun.capitalize()} đang ở thùng rác, không sửa được."
    if item.publication_status in (Status.PENDING, Status.UNPUBLISHED):
        return (
            f"{noun.capitalize()} đang ở trạng thái “{item.publication_status_label}”: "
            "chỉ biên tập viên được sửa."
        )
    return f"Bạn chỉ được sửa {noun} của chính mình."


# --- saving content ------------------------------------------------------------------------------
@transaction.atomic
def save_content(
    *,
    item: Publishable,
    by: AbstractBaseUser | None,
    base_version: int | None = None,
    after_save: Callable[[], None] | None = None,
    clean_exclude: tuple[str, ...] = (),
    note: str = "",
) -> Publishable:
    """Save the edited `item` (new or existing), refusing a stale or forbidden edit.

    `base_version` is the version the form was opened on: if someone saved in between,
    EditConflict is raised and nothing is written. A change of content makes a new revision.
    The status never changes here (see `transition`). A writer's edit of published content is
    not saved here: the admin records it as a pending change (`propose_change`).
    """
    model = type(item)
    if item.pk is None:
        if by is not None and not by.has_perm(permission(model, "add")):
            raise WorkflowError(f"Bạn không có quyền tạo {model.editorial.noun}.")
        item.created_by = by
        item.publication_status = Status.DRAFT  # everything starts as a draft
        item.version = 1
        action = "create"
        current = None
    else:
        current = _lock(item)
        if by is not None and not can_edit(by, current):
            raise WorkflowError(_edit_refusal(current))
        if base_version is not None and current.version != base_version:
            raise EditConflict(current)
        if not Revision.for_item(current).exists():
            # Content made before revisions were kept (imports, older data): keep it first, so
            # the edit can be undone.
            record_revision(current, by=None, note="Bản trước khi sửa lần đầu")
        item.publication_status = current.publication_status  # only through transitions
        item.publish_at, item.expire_at = _keep_schedule(by, item, current)
        item.version = current.version + 1
        item.deleted_at = current.deleted_at
        item.pending_revision_id = current.pending_revision_id
        action = "edit"
    item.updated_by = by
    _full_clean(item, exclude=clean_exclude)
    item.save()
    if after_save is not None:
        after_save()
    revision = record_revision(item, by=by, note=note)
    if action == "create":
        record_event(item, action="create", by=by, to_status=item.publication_status,
                     revision=revision.number if revision else None)  # fmt: skip
    elif revision is not None and current.publication_status == Status.PUBLISHED:
        # An editor's edit of live content: recorded, revertible from the history.
        record_event(item, action="edit", by=by, from_status=current.publication_status,
                     note=note, revision=revision.number)  # fmt: skip
        _audit(item, "edit", by, f"Phiên bản {revision.number}")
    return item


def _keep_schedule(by, item: Publishable, current: Publishable):
    """Only editors set when an item goes public or expires."""
    if by is None or is_editor(by, type(item)):
        return item.publish_at, item.expire_at
    return current.publish_at, current.expire_at


# --- pending changes over a live version ---------------------------------------------------------
@transaction.atomic
def propose_change(
    *, item: Publishable, by: AbstractBaseUser, content: dict, base_version: int | None = None
) -> Revision:
    """Record a writer's edit of published content as a change waiting for an editor. The public
    page keeps the live version until an editor approves it."""
    locked = _lock(item)
    if not can_edit(by, locked):
        raise WorkflowError(_edit_refusal(locked))
    if not edit_is_proposal(by, locked):
        raise WorkflowError("Thao tác không hợp lệ.")
    if base_version is not None and locked.version != base_version:
        raise EditConflict(locked)
    unchanged = not snapshots.diff(type(locked), snapshots.take(locked), content)
    if unchanged and locked.pending_revision_id is None:
        raise WorkflowError("Không có thay đổi nào so với bản đang xuất bản.")
    previous = locked.pending_revision
    if previous is not None:
        previous.state = Revision.State.WITHDRAWN
        previous.save(update_fields=["state"])
    revision = record_revision(locked, by=by, state=Revision.State.PROPOSED, content=content,
                               note="Đề xuất sửa bản đang xuất bản")  # fmt: skip
    type(locked)._default_manager.filter(pk=locked.pk).update(pending_revision=revision)
    record_event(locked, action="propose", by=by, from_status=locked.publication_status,
                 revision=revision.number)  # fmt: skip
    _audit(locked, "propose", by, f"Phiên bản {revision.number}")
    notifications.after(locked, action="propose", by=by)
    _refresh(item, locked)
    return revision


def _pending_or_refuse(locked: Publishable, revision_number: int | None) -> Revision:
    pending = locked.pending_revision
    if pending is None:
        raise WorkflowError("Không có thay đổi nào đang chờ duyệt.")
    latest = latest_revision(locked)
    if revision_number is not None and (
        pending.number != revision_number or (latest and latest.number != revision_number)
    ):
        raise StaleApproval(locked, latest)
    return pending


@transaction.atomic
def approve_change(
    *,
    item: Publishable,
    by: AbstractBaseUser,
    revision_number: int | None,
    apply: Callable[[Publishable, dict], None] | None = None,
) -> Publishable:
    """Put a pending change on the live version, if it is still the one the editor reviewed."""
    locked = _lock(item)
    if not is_editor(by, type(locked)):
        raise WorkflowError("Chỉ biên tập viên được duyệt thay đổi.")
    if locked.deleted_at is not None:
        raise WorkflowError(f"{locked.editorial.noun.capitalize()} đang ở thùng rác.")
    pending = _pending_or_refuse(locked, revision_number)
    dropped = apply_content(locked, pending.content, by=by, apply=apply)
    pending.state = Revision.State.APPROVED
    pending.save(update_fields=["state"])
    type(locked)._default_manager.filter(pk=locked.pk).update(pending_revision=None)
    locked.pending_revision = None
    record_event(locked, action="approve_change", by=by, from_status=locked.publication_status,
                 revision=pending.number)  # fmt: skip
    _audit(locked, "approve_change", by, f"Phiên bản {pending.number}")
    notifications.after(locked, action="approve_change", by=by, actor_of=pending.created_by)
    _delete_unused_files(type(locked), dropped)
    _refresh(item, locked)
    return locked


@transaction.atomic
def return_change(*, item: Publishable, by: AbstractBaseUser, note: str) -> Revision:
    locked = _lock(item)
    if not is_editor(by, type(locked)):
        raise WorkflowError("Chỉ biên tập viên được trả lại thay đổi.")
    note = clean_text(note).strip()
    if not note:
        raise WorkflowError("Hãy ghi rõ lý do trả lại để phóng viên biết cần sửa gì.")
    pending = _pending_or_refuse(locked, None)
    return _close_pending(locked, pending, by=by, state=Revision.State.RETURNED,
                          action="return_change", note=note, item=item)  # fmt: skip


@transaction.atomic
def withdraw_change(*, item: Publishable, by: AbstractBaseUser) -> Revision:
    locked = _lock(item)
    pending = _pending_or_refuse(locked, None)
    if not (is_editor(by, type(locked)) or pending.created_by_id == by.pk):
        raise WorkflowError("Bạn chỉ rút được đề xuất của chính mình.")
    return _close_pending(locked, pending, by=by, state=Revision.State.WITHDRAWN,
                          action="withdraw_change", note="", item=item)  # fmt: skip


def _close_pending(locked, pending, *, by, state, action, note, item) -> Revision:
    pending.state = state
    pending.save(update_fields=["state"])
    type(locked)._default_manager.filter(pk=locked.pk).update(pending_revision=None)
    record_event(locked, action=action, by=by, from_status=locked.publication_status, note=note,
                 revision=pending.number)  # fmt: skip
    _audit(locked, action, by, note)
    notifications.after(locked, action=action, by=by, note=note, actor_of=pending.created_by)
    _refresh(item, locked)
    return pending


# A type's own way of saving content put back from a snapshot (an article's picture sizes).
_SAVERS: dict[type, Callable[[Publishable, dict], None]] = {}


def register_saver(model: type[Publishable], saver: Callable[[Publishable, dict], None]) -> None:
    _SAVERS[model] = saver


def apply_content(item: Publishable, content: dict, *, by, apply=None) -> list[str]:
    """Put a snapshot on the (locked) item and save it: fields, relations, child rows. Returns
    the files child rows no longer use. `apply` (or the type's registered saver) is a type's own
    way of saving (pictures)."""
    snapshots.apply_fields(item, content)
    item.updated_by = by
    item.version += 1
    apply = apply or _SAVERS.get(type(item))
    if apply is not None:
        apply(item, content)
    else:
        _full_clean(item)
        item.save()
    dropped = snapshots.apply_related(item, content)
    record_revision(item, by=by, content=snapshots.take(item), state=Revision.State.SAVED)
    return dropped


def _delete_unused_files(model, names: list[str]) -> None:
    from portal import images

    for name in names:
        transaction.on_commit(lambda name=name: images.delete_image(name), robust=True)


# --- state changes -------------------------------------------------------------------------------
@transaction.atomic
def transition(
    *,
    item: Publishable,
    by: AbstractBaseUser,
    action: str,
    note: str = "",
    publish_at: datetime | None = None,
    expire_at: datetime | None = None,
    revision_number: int | None = None,
) -> Publishable:
    """Move an item through the workflow. `revision_number` is the revision the editor reviewed:
    an approval is refused if the item changed since."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise WorkflowError("Thao tác không hợp lệ.")
    locked = _lock(item)
    _refuse_transition(locked, by=by, action=action, step=step)
    note = clean_text(note).strip()
    if step.note_required and not note:
        raise WorkflowError("Hãy ghi rõ lý do trả lại để phóng viên biết cần sửa gì.")
    latest = latest_revision(locked)
    if revision_number is not None and (latest.number if latest else 0) != revision_number:
        raise StaleApproval(locked, latest)

    from_status = locked.publication_status
    locked.publication_status = step.target
    if step.target == Status.PUBLISHED:
        if action == "republish" and publish_at is None:
            publish_at = locked.publish_at
        locked.publish_at = publish_at or timezone.now()
        locked.expire_at = expire_at
    locked.updated_by = by
    _full_clean(locked, exclude=("tags",))
    locked.save()
    if step.target == Status.PUBLISHED and latest is not None:
        latest.state = Revision.State.APPROVED
        latest.save(update_fields=["state"])
    detail = _publication_detail(locked, note) if step.target == Status.PUBLISHED else note
    record_event(locked, action=action, by=by, from_status=from_status,
                 to_status=locked.publication_status, note=detail,
                 revision=latest.number if latest else None)  # fmt: skip
    _audit(locked, action, by, detail)
    if step.target in ENDS_PREVIEWS:
        previews.revoke_all(locked, reason=step.label)
    notifications.after(locked, action=action, by=by, note=note)
    _refresh(item, locked)
    return locked


def _refuse_transition(locked: Publishable, *, by, action: str, step: Transition) -> None:
    """Raise WorkflowError if the (locked) item cannot take the step: trashed, in a state the
    step does not start from, or the user's role or ownership does not allow it."""
    noun = locked.editorial.noun
    if locked.deleted_at is not None:
        raise WorkflowError(f"{noun.capitalize()} đang ở thùng rác.")
    if locked.publication_status not in step.sources:
        raise WorkflowError(
            f"Không thể “{step.label.lower()}” {noun} đang ở trạng thái "
            f"“{locked.publication_status_label}”."
        )
    if not can_transition(by, locked, action):
        if step.editor_only:
            raise WorkflowError(f"Chỉ biên tập viên được “{step.label.lower()}”.")
        raise WorkflowError(f"Bạn chỉ được thao tác trên {noun} của chính mình.")


def _publication_detail(item: Publishable, note: str) -> str:
    """The history and the audit log say when it goes (or went) public, schedules included."""
    when = timezone.localtime(item.publish_at).strftime("%H:%M %d/%m/%Y")
    moment = "Hẹn giờ xuất bản lúc" if item.is_scheduled else "Xuất bản lúc"
    return f"{moment} {when}" + (f". {note}" if note else "")


# --- trash ---------------------------------------------------------------------------------------
def _set_trashed(item: Publishable, *, by, trashed: bool) -> Publishable:
    """Move the (locked) item into the trash or out of it, with its event and audit entry."""
    item.deleted_at = timezone.now() if trashed else None
    item.deleted_by = by if trashed else None
    item.save(update_fields=["deleted_at", "deleted_by"])
    action = "trash" if trashed else "restore"
    record_event(item, action=action, by=by, from_status=item.publication_status)
    _audit(item, action, by)
    return item


@transaction.atomic
def trash(*, item: Publishable, by: AbstractBaseUser) -> Publishable:
    locked = _lock(item)
    noun = locked.editorial.noun
    if locked.deleted_at is not None:
        raise WorkflowError(f"{noun.capitalize()} đã ở trong thùng rác.")
    if not can_trash(by, locked):
        raise WorkflowError(f"Bạn không có quyền xóa {noun} này.")
    _set_trashed(locked, by=by, trashed=True)
    previews.revoke_all(locked, reason="Chuyển vào thùng rác")
    _refresh(item, locked)
    return locked


@transaction.atomic
def restore(*, item: Publishable, by: AbstractBaseUser) -> Publishable:
    locked = _lock(item)
    noun = locked.editorial.noun
    if not is_editor(by, type(locked)):
        raise WorkflowError(f"Chỉ biên tập viên được khôi phục {noun} từ thùng rác.")
    if locked.deleted_at is None:
        raise WorkflowError(f"{noun.capitalize()} không ở trong thùng rác.")
    _set_trashed(locked, by=by, trashed=False)
    _refresh(item, locked)
    return locked


def stored_files(item: Publishable) -> set[str]:
    """Every file the item and any of its revisions names."""
    model = type(item)
    names = snapshots.file_names(model, snapshots.take(item))
    for content in Revision.for_item(item).values_list("content", flat=True):
        names |= snapshots.file_names(model, content or {})
    return names


@transaction.atomic
def purge(*, item: Publishable, by: AbstractBaseUser) -> None:
    """Delete for good, with history and pictures. Only site admins, only from the trash."""
    from portal import images

    locked = _lock(item)
    noun = locked.editorial.noun
    if not by.has_perm(permission(type(locked), "purge")):
        raise WorkflowError(f"Chỉ quản trị được xóa vĩnh viễn {noun} trong thùng rác.")
    if locked.deleted_at is None:
        raise WorkflowError(f"Chỉ xóa vĩnh viễn được {noun} đã ở trong thùng rác.")
    names = stored_files(locked)
    _audit(locked, "purge", by)
    locked.delete()  # revisions, events and preview links go with it (generic relations)
    for name in sorted(names):
        transaction.on_commit(lambda name=name: images.delete_image(name), robust=True)


# --- revisions -----------------------------------------------------------------------------------
@transaction.atomic
def restore_revision(
    *,
    revision: Revision,
    by: AbstractBaseUser,
    base_version: int | None = None,
    apply: Callable[[Publishable, dict], None] | None = None,
) -> Publishable | Revision:
    """Bring back a revision's content. For editors it is a save (a new revision); for a writer
    on published content it becomes a pending change."""
    item = revision.item
    locked = _lock(item)
    if not can_edit(by, locked):
        raise WorkflowError(_edit_refusal(locked))
    if base_version is not None and locked.version != base_version:
        raise EditConflict(locked)
    content = _without_missing_files(type(locked), revision.content)
    if edit_is_proposal(by, locked):
        return propose_change(item=locked, by=by, content=content)
    dropped = apply_content(locked, content, by=by, apply=apply)
    latest = latest_revision(locked)
    if latest is not None:
        Revision.objects.filter(pk=latest.pk).update(
            note=f"Khôi phục từ phiên bản {revision.number}"
        )
    record_event(locked, action="restore_revision", by=by,
                 from_status=locked.publication_status,
                 note=f"Khôi phục phiên bản {revision.number}",
                 revision=latest.number if latest else None)  # fmt: skip
    _audit(locked, "restore_revision", by, f"Phiên bản {revision.number}")
    _delete_unused_files(type(locked), dropped)
    _refresh(item, locked)
    return locked


def _without_missing_files(model, content: dict) -> dict:
    """A picture deleted since the revision was made stays as it is now (not emptied)."""
    content = dict(content)
    for f in model._meta.concrete_fields:
        if isinstance(f, models.FileField) and content.get(f.name):
            if not f.storage.exists(content[f.name]):
                content.pop(f.name)
    return content
