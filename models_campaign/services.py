"""Business actions on showcase entries: the entry's own part (its gallery pictures) on top of the
editorial core (`portal.editorial.workflow`), which holds every publication rule: writers create,
edit and submit their own entries and propose changes to published ones; only editors publish,
take down, approve changes and restore from the trash.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from models_campaign.models import EntryPhoto, ShowcaseEntry
from portal import images
from portal.editorial import workflow
from portal.editorial.workflow import WorkflowError  # noqa: F401 - refusals of these actions

Publication = ShowcaseEntry.Publication


def can_publish(user: AbstractBaseUser | None) -> bool:
    return workflow.is_editor(user, ShowcaseEntry)


def entry_save(*, entry: ShowcaseEntry, by, base_version: int | None = None, after_save=None):
    return workflow.save_content(item=entry, by=by, base_version=base_version,
                                 after_save=after_save)  # fmt: skip


def entry_submit(*, entry: ShowcaseEntry, by: AbstractBaseUser) -> ShowcaseEntry:
    """Send a draft (or a returned entry) to the editors' review queue."""
    return workflow.transition(item=entry, by=by, action="submit")


def entry_publish(
    *, entry: ShowcaseEntry, by: AbstractBaseUser, at: datetime | None = None,
    revision_number: int | None = None,
) -> ShowcaseEntry:  # fmt: skip
    """Publish now, or at `at` (scheduled: public from then on, by the visibility rule)."""
    action = "republish" if entry.publication == Publication.UNPUBLISHED else "publish"
    return workflow.transition(item=entry, by=by, action=action, publish_at=at,
                               revision_number=revision_number)  # fmt: skip


def entry_unpublish(*, entry: ShowcaseEntry, by: AbstractBaseUser) -> ShowcaseEntry:
    """Take an entry down: citizens no longer see it; its URL stays reserved."""
    return workflow.transition(item=entry, by=by, action="unpublish")


def entry_trash(*, entry: ShowcaseEntry, by: AbstractBaseUser) -> ShowcaseEntry:
    return workflow.trash(item=entry, by=by)


def entry_purge(*, entry: ShowcaseEntry, by: AbstractBaseUser) -> None:
    """Delete for good with its gallery: the picture files and renditions go once it commits."""
    workflow.purge(item=entry, by=by)


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
