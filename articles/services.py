"""Business actions on articles: the article's own part (its pictures, its relations) on top of the
editorial core (`portal.editorial.workflow`), which holds every publication rule. The admin
(single and bulk actions), the demo loader and commands call these functions; none of them sets
`status` by itself.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from articles import audio
from articles.models import Article, Author, Category
from portal import images
from portal.editorial import workflow
from portal.editorial.models import Revision
from portal.editorial.workflow import (  # noqa: F401 - the article workflow's public names
    ACTION_LABELS,
    TRANSITIONS,
    EditConflict,
    StaleApproval,
    Transition,
    WorkflowError,
)

Status = Article.Status


# --- who may do what ---------------------------------------------------------------------------
def is_editor(user: AbstractBaseUser) -> bool:
    return workflow.is_editor(user, Article)


def can_edit(user: AbstractBaseUser, article: Article) -> bool:
    return workflow.can_edit(user, article)


def can_transition(user: AbstractBaseUser, article: Article, action: str) -> bool:
    return workflow.can_transition(user, article, action)


def allowed_transitions(user: AbstractBaseUser, article: Article) -> list[tuple[str, Transition]]:
    return workflow.allowed_transitions(user, article)


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
    note: str = "",
) -> Article:
    """Save the edited `article` (new or existing) through the core, with its pictures checked,
    cleaned and sized by portal.images; a replaced picture goes once the save is committed."""
    old_image = ""
    if article.pk is not None:
        old_image = (
            Article.objects.filter(pk=article.pk).values_list("featured_image", flat=True).first()
            or ""
        )
    pixels = _prepare_picture(article, old_image)
    old_audio = audio.prepare(article)

    def store_files() -> None:
        new_image = article.featured_image.name or ""
        if new_image and new_image != old_image:
            images.make_renditions(new_image, image=pixels)
        if after_save is not None:
            after_save()

    try:
        saved = workflow.save_content(item=article, by=by, base_version=base_version,
                                      after_save=store_files, clean_exclude=("tags",),
                                      note=note)  # fmt: skip
    except images.STORAGE_ERRORS as exc:
        # The row is rolled back with the transaction; the files written so far go too.
        written = article.featured_image.name or ""
        if written and written != old_image:
            images.remove_quietly(written, article.featured_image.storage)
        raise WorkflowError(images.ImageStorageError().message) from exc
    audio.forget(old_audio, saved)
    new_image = saved.featured_image.name or ""
    if old_image and old_image != new_image:
        # A replaced or removed picture goes with its renditions, once the save is committed.
        transaction.on_commit(lambda: images.delete_image(old_image), robust=True)
    return saved


def _prepare_picture(article: Article, old_image: str):
    """A newly attached picture, from whatever caller, is checked and cleaned by portal.images
    before anything is written (the admin form has usually done it already); its size is
    recorded. Returns its cleaned pixels (for the renditions), or None."""
    image = article.featured_image
    if image and not image._committed:
        upload = image.file
        if not getattr(upload, "portal_processed", False):
            try:
                upload = images.process_upload(upload, stem=article.slug or article.title)
            except images.ImageRejected as exc:
                raise ValidationError({"featured_image": exc.message}) from None
            article.featured_image = upload
        article.featured_image_width, article.featured_image_height = upload.image.size
        return upload.image
    name = article.featured_image.name or ""
    if name != old_image:  # restored from a revision, or removed
        article.featured_image_width, article.featured_image_height = (
            images.stored_size(name) if name else (None, None)
        )
    return None


def _apply_revision(article: Article, content: dict) -> None:
    """How the core saves an article when it puts back a revision or a pending change."""
    old_image = Article.objects.filter(pk=article.pk).values_list("featured_image", flat=True)[0]
    _prepare_picture(article, old_image or "")
    article.full_clean(exclude=["tags"])
    article.save()
    if old_image and old_image != (article.featured_image.name or ""):
        transaction.on_commit(lambda: images.delete_image(old_image), robust=True)


workflow.register_saver(Article, _apply_revision)


# --- state changes -----------------------------------------------------------------------------
def article_transition(*, article: Article, **kwargs) -> Article:
    """Move an article through the workflow (`portal.editorial.workflow.transition`'s
    arguments). Refusals raise WorkflowError and change nothing."""
    return workflow.transition(item=article, **kwargs)


def article_submit(*, article: Article, by: AbstractBaseUser) -> Article:
    return article_transition(article=article, by=by, action="submit")


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


def article_unpublish(*, article: Article, by: AbstractBaseUser, note: str = "") -> Article:
    return article_transition(article=article, by=by, action="unpublish", note=note)


# --- trash -------------------------------------------------------------------------------------
def article_trash(*, article: Article, by: AbstractBaseUser) -> Article:
    return workflow.trash(item=article, by=by)


def article_purge(*, article: Article, by: AbstractBaseUser) -> None:
    """Delete for good (with its history and pictures). Only `Quản trị`, only from the trash."""
    workflow.purge(item=article, by=by)


# --- revisions ---------------------------------------------------------------------------------
def revision_restore(
    *, revision: Revision, by: AbstractBaseUser, base_version: int | None = None
) -> Article:
    """Bring back a revision's text and picture. This is a save: it makes a new revision."""
    return workflow.restore_revision(revision=revision, by=by, base_version=base_version)
