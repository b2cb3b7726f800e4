"""Business actions on showcase entries: the one place where an entry's publication changes.

Same rules as articles: writers create, edit and submit; only a user with the permission
`models_campaign.publish_showcaseentry` (editors, site administrators) publishes or takes down.
Every caller (admin actions, the demo loader) goes through these functions.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from models_campaign.models import EntryPhoto, ShowcaseEntry
from portal import images

PUBLISH_PERMISSION = "models_campaign.publish_showcaseentry"
CHANGE_PERMISSION = "models_campaign.change_showcaseentry"

Publication = ShowcaseEntry.Publication


def can_publish(user: AbstractBaseUser | None) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require(user: AbstractBaseUser | None, permission: str, message: str) -> None:
    if not (user and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(message)


def _locked(entry: ShowcaseEntry) -> ShowcaseEntry:
    return ShowcaseEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def entry_submit(*, entry: ShowcaseEntry, by: AbstractBaseUser | None) -> ShowcaseEntry:
    """Send a draft (or a taken-down entry) to the editors' review queue."""
    _require(by, CHANGE_PERMISSION, "Bạn không có quyền sửa mô hình này.")
    locked = _locked(entry)
    if locked.publication not in {Publication.DRAFT, Publication.UNPUBLISHED}:
        raise ValidationError("Chỉ gửi duyệt được mô hình nháp hoặc đã gỡ.")
    locked.publication = Publication.PENDING
    locked.save()
    entry.refresh_from_db()
    return locked


@transaction.atomic
def entry_publish(
    *, entry: ShowcaseEntry, by: AbstractBaseUser | None, at: datetime | None = None
) -> ShowcaseEntry:
    """Publish now, or at `at` (scheduled: public from then on, by the visibility rule)."""
    _require(by, PUBLISH_PERMISSION, "Chỉ biên tập viên mới được xuất bản mô hình.")
    locked = _locked(entry)
    locked.publication = Publication.PUBLISHED
    locked.publish_at = at or timezone.now()
    locked.full_clean()
    locked.save()
    entry.refresh_from_db()
    return locked


@transaction.atomic
def entry_unpublish(*, entry: ShowcaseEntry, by: AbstractBaseUser | None) -> ShowcaseEntry:
    """Take an entry down: citizens no longer see it; its URL stays reserved."""
    _require(by, PUBLISH_PERMISSION, "Chỉ biên tập viên mới được gỡ mô hình.")
    locked = _locked(entry)
    if locked.publication != Publication.PUBLISHED:
        raise ValidationError("Chỉ gỡ được mô hình đang xuất bản.")
    locked.publication = Publication.UNPUBLISHED
    locked.save()
    entry.refresh_from_db()
    return locked


# --- gallery pictures: through portal.images, like every other picture -----------------------
@transaction.atomic
def photo_save(*, photo: EntryPhoto) -> EntryPhoto:
    """Save a gallery picture: a new file is checked and cleaned (if the form has not done it),
    its size recorded and its renditions made; a replaced file goes with its renditions."""
    old_name = ""
    if photo.pk:
        old_name = EntryPhoto.objects.filter(pk=photo.pk).values_list("image", flat=True).first()
    pixels = None
    if photo.image and not photo.image._committed:
        upload = photo.image.file
        if not getattr(upload, "portal_processed", False):
            try:
                upload = images.process_upload(upload, stem=photo.entry.slug)
            except images.ImageRejected as exc:
                raise ValidationError({"image": exc.message}) from None
            photo.image = upload
        pixels = upload.image
        photo.image_width, photo.image_height = pixels.size
    photo.full_clean()
    try:
        photo.save()
        if pixels is not None:
            images.make_renditions(photo.image.name, image=pixels)
    except images.STORAGE_ERRORS as exc:
        if pixels is not None and photo.image.name:
            images.remove_quietly(photo.image.name, photo.image.storage)
        raise images.ImageStorageError() from exc
    if old_name and old_name != photo.image.name:
        transaction.on_commit(lambda: images.delete_image(old_name), robust=True)
    return photo


@transaction.atomic
def photo_delete(*, photo: EntryPhoto) -> None:
    name = photo.image.name
    photo.delete()
    if name:
        transaction.on_commit(lambda: images.delete_image(name), robust=True)


@transaction.atomic
def entry_delete(*, entry: ShowcaseEntry) -> None:
    """Delete an entry with its gallery: the picture files and renditions go once it commits."""
    names = [name for name in entry.photos.values_list("image", flat=True) if name]
    entry.delete()
    for name in names:
        transaction.on_commit(lambda name=name: images.delete_image(name), robust=True)
