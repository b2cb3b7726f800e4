"""The publishable base and the editorial tables shared by every publishable type.

Models defined here with `app_label = "portal"` are loaded through `portal.models`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.richtext import sanitize_html
from portal.slugs import unique_slug
from portal.text import clean_line, clean_text, slugify_vi


class Status(models.TextChoices):
    """The five publication states of every publishable item. "Scheduled" is not a state: it is
    `published` with `publish_at` in the future."""

    DRAFT = "draft", "Nháp"
    PENDING = "pending", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"
    REJECTED = "rejected", "Bị trả lại"
    UNPUBLISHED = "unpublished", "Đã gỡ"


# --- text normalisation on save, declared per model ------------------------------------------
class CleanedText(models.Model):
    """Normalises the declared text fields on every save (portal.text, portal.richtext)."""

    line_fields: ClassVar[tuple[str, ...]] = ()  # one line: NFC, no invisible characters, trimmed
    text_fields: ClassVar[tuple[str, ...]] = ()  # several lines, trimmed
    rich_fields: ClassVar[tuple[str, ...]] = ()  # sanitised HTML

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)

    def normalise_text(self) -> None:
        for name in self.line_fields:
            setattr(self, name, clean_line(getattr(self, name)))
        for name in self.text_fields:
            setattr(self, name, clean_text(getattr(self, name)).strip())
        for name in self.rich_fields:
            setattr(self, name, sanitize_html(clean_text(getattr(self, name))))


class SluggedName(CleanedText):
    """A managed name with a Vietnamese-derived, unique slug (categories, authors, fields,
    localities, issuing bodies ...). Declare `slug_source` and `slug_fallback`; the model keeps
    its own `name` field (lengths, labels and uniqueness differ)."""

    slug_source: ClassVar[str] = "name"
    slug_fallback: ClassVar[str] = "muc"
    line_fields = ("name",)

    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tên.",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalise_text()
        self.slug = slugify_vi(self.slug) or unique_slug(
            self, getattr(self, self.slug_source), fallback=self.slug_fallback
        )
        super().save(*args, **kwargs)


# --- the publishable base --------------------------------------------------------------------
@dataclass(frozen=True)
class EditorialOptions:
    """What a publishable type declares besides its fields.

    - permissions: `publish` (editors: approve, schedule, take down, restore from the trash),
      `change`/`add`/`delete` (writers), `purge` (site admins: delete for good). Defaults follow
      Django's codenames: "<app>.publish_<model>", "<app>.empty_trash_<model>".
    - `revised_fields`: the model fields a revision holds (content, not workflow state).
    - `revised_relations`: many-to-many fields (and taggit managers) a revision holds.
    - `revised_children`: {related name: [fields]} of child rows a revision holds (a gallery).
    - `files`: file fields (own and children's) whose stored files belong to the item.
    """

    noun: str = "mục"
    publish_permission: str = ""
    purge_permission: str = ""
    revised_fields: tuple[str, ...] = ()
    revised_relations: tuple[str, ...] = ()
    revised_children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_field: str = "title"


class PublishableQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None):
        """The one visibility rule: what citizens may see at `now` (default: this moment).
        Every public view, feed, sitemap, API and search goes through here."""
        return self.filter(self.model.visible_q(now or timezone.now()))

    def live(self):
        """Not in the trash (what staff work with)."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def scheduled(self, now: datetime | None = None):
        """Approved, waiting for their `publish_at` ("Hẹn giờ")."""
        status = self.model.status_field_name
        return self.live().filter(
            **{status: Status.PUBLISHED, "publish_at__gt": now or timezone.now()}
        )

    def with_pending_changes(self):
        return self.live().filter(pending_revision__isnull=False)


def publication_constraints(prefix: str, *, status_field: str = "status", noun: str = "Mục"):
    """The database's half of the publication rule, for a publishable model's Meta."""
    return [
        models.CheckConstraint(
            condition=~Q(**{status_field: Status.PUBLISHED}) | Q(publish_at__isnull=False),
            name=f"{prefix}_published_has_publish_at",
            violation_error_message=f"{noun} đã xuất bản phải có thời điểm xuất bản.",
        ),
        models.CheckConstraint(
            condition=Q(expire_at__isnull=True)
            | Q(publish_at__isnull=True)
            | Q(expire_at__gt=models.F("publish_at")),
            name=f"{prefix}_expire_after_publish",
            violation_error_message="Thời điểm hết hạn phải sau thời điểm xuất bản.",
        ),
    ]


class Publishable(CleanedText):
    """Anything citizens may see: status, publication window, frozen slug, who and when, an
    optimistic-locking version, the trash, and (through portal's tables) revisions, workflow
    events, pending changes and preview links.

    A subclass declares its own fields, `slug_source`/`slug_fallback`, `editorial` options and
    `objects = PublishableQuerySet.as_manager()` (or a subclass of it). A model whose `status`
    column means something else (the showcase's campaign stage) names its publication column
    in `status_field_name` and overrides `status`.
    """

    status_field_name: ClassVar[str] = "status"
    slug_source: ClassVar[str] = "title"
    slug_fallback: ClassVar[str] = "muc"
    reserved_slugs: ClassVar[frozenset[str]] = frozenset()
    editorial: ClassVar[EditorialOptions] = EditorialOptions()

    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        "thời điểm xuất bản",
        null=True,
        blank=True,
        help_text="Đặt một thời điểm trong tương lai để hẹn giờ xuất bản.",
    )
    expire_at = models.DateTimeField(
        "thời điểm hết hạn", null=True, blank=True, help_text="Để trống nếu không hết hạn."
    )
    first_published_at = models.DateTimeField(
        "lần đầu xuất bản", null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_created",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa cuối",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every content save increments it; a save based on an older version is
    # refused (portal.editorial.workflow.save_content).
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    # Trash: a deleted item keeps its row and history until a site admin empties the trash.
    deleted_at = models.DateTimeField("đã xóa lúc", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xóa",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A change proposed over the live version, waiting for an editor (None: nothing waits).
    pending_revision = models.ForeignKey(
        "portal.Revision",
        verbose_name="thay đổi chờ duyệt",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    revisions = GenericRelation("portal.Revision")
    events = GenericRelation("portal.WorkflowEvent")
    preview_links = GenericRelation("portal.PreviewLink")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    # --- derived fields ---------------------------------------------------------------------
    def save(self, *args, **kwargs):
        self.normalise_text()
        source = getattr(self, self.slug_source)
        self.slug = slugify_vi(self.slug) or unique_slug(self, source, fallback=self.slug_fallback)
        if self.slug in self.reserved_slugs:  # taken by a page of the section
            self.slug = unique_slug(self, f"{self.slug} {self.slug_fallback}",
                                    fallback=self.slug_fallback)  # fmt: skip
        if self.publication_status == Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        for derive in _DERIVERS.get(type(self), ()):
            derive(self, kwargs)
        super().save(*args, **kwargs)

    # --- publication state, whatever the column is called -------------------------------------
    @property
    def publication_status(self) -> str:
        return getattr(self, self.status_field_name)

    @publication_status.setter
    def publication_status(self, value: str) -> None:
        setattr(self, self.status_field_name, value)

    @property
    def publication_status_label(self) -> str:
        return Status(self.publication_status).label

    @property
    def display_title(self) -> str:
        return str(getattr(self, self.editorial.title_field))

    # --- visibility: the queryset rule and its one-instance mirror sit side by side -----------
    @classmethod
    def visible_q(cls, now: datetime) -> Q:
        return Q(
            **{cls.status_field_name: Status.PUBLISHED},
            publish_at__lte=now,
            deleted_at__isnull=True,
        ) & (Q(expire_at__isnull=True) | Q(expire_at__gt=now))

    def is_visible_at(self, now: datetime) -> bool:
        return (
            self.publication_status == Status.PUBLISHED
            and self.deleted_at is None
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def is_published(self) -> bool:
        """True when citizens can see this item now (same rule as `published()`)."""
        return self.is_visible_at(timezone.now())

    @property
    def is_scheduled(self) -> bool:
        """Approved, waiting for its `publish_at` ("Hẹn giờ")."""
        return (
            self.publication_status == Status.PUBLISHED
            and self.deleted_at is None
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def is_expired(self) -> bool:
        return (
            self.publication_status == Status.PUBLISHED
            and self.expire_at is not None
            and self.expire_at <= timezone.now()
        )

    @property
    def slug_is_frozen(self) -> bool:
        """A URL citizens may have shared never changes."""
        return self.first_published_at is not None

    @property
    def state_label(self) -> str:
        """What staff read in lists: the state, with "Hẹn giờ", "Hết hạn" and the trash."""
        if self.deleted_at is not None:
            return "Trong thùng rác"
        if self.is_scheduled:
            return "Hẹn giờ"
        if self.is_expired:
            return "Hết hạn"
        return self.publication_status_label

    def clean_publication(self) -> dict[str, str]:
        """The model-level half of the publication rule, for `clean()`."""
        errors = {}
        if self.publication_status == Status.PUBLISHED and not self.publish_at:
            errors["publish_at"] = "Mục đã xuất bản phải có thời điểm xuất bản."
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = "Thời điểm hết hạn phải sau thời điểm xuất bản."
        if self.pk and self.slug_is_frozen:
            stored = type(self)._default_manager.filter(pk=self.pk)
            stored = stored.values_list("slug", flat=True).first()
            if stored and slugify_vi(self.slug) != stored:
                errors["slug"] = (
                    f"Không thể đổi đường dẫn của {self.editorial.noun} đã từng xuất bản."
                )
        return errors

    def clean(self) -> None:
        errors = self.clean_publication()
        if errors:
            raise ValidationError(errors)


# Derived fields (a search document) computed before every save, registered by the module that
# owns them (each app's search module, from its AppConfig.ready()): models import none of them.
_DERIVERS: dict[type, list] = {}


def register_deriver(model: type[models.Model], derive) -> None:
    """`derive(instance, save_kwargs)` runs before each save of `model`."""
    found = _DERIVERS.setdefault(model, [])
    if derive not in found:
        found.append(derive)


def publishable_models() -> list[type[Publishable]]:
    """Every concrete publishable type of the installed apps."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Publishable)]


# --- the shared tables -----------------------------------------------------------------------
class ItemRecord(models.Model):
    """A row about one publishable item (any type)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="loại nội dung", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("mã mục")
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True

    @classmethod
    def for_item(cls, item: models.Model):
        content_type = ContentType.objects.get_for_model(type(item))
        return cls.objects.filter(content_type=content_type, object_id=item.pk)


class Revision(ItemRecord):
    """A saved copy of an item's content (the fields, relations and child rows its type
    declares). Restoring one makes a new revision; a pending change is a revision waiting for
    an editor."""

    class State(models.TextChoices):
        SAVED = "saved", "Đã lưu"
        PROPOSED = "proposed", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        RETURNED = "returned", "Bị trả lại"
        WITHDRAWN = "withdrawn", "Đã rút"

    number = models.PositiveIntegerField("số phiên bản")
    content = models.JSONField("nội dung", default=dict)
    state = models.CharField("tình trạng", max_length=20, choices=State.choices,
                             default=State.SAVED)  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lưu",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm", default=timezone.now)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = "phiên bản"
        verbose_name_plural = "phiên bản"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="unique_item_revision"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "-number"],
                                name="revision_item_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} #{self.number}"

    def __getattr__(self, name: str):
        # A revision's fields read like the item's ("revision.title"), from its content.
        content = self.__dict__.get("content")
        if content is not None and not name.startswith("_") and name in content:
            return content[name]
        raise AttributeError(name)

    @property
    def title_text(self) -> str:
        """The item's title as this revision held it."""
        model = self.content_type.model_class()
        return str(self.content.get(model.editorial.title_field, "")) if model else ""


class WorkflowEvent(ItemRecord):
    """One workflow step of an item: who, when, from, to, and the note."""

    action = models.CharField("thao tác", max_length=30)
    from_status = models.CharField("từ trạng thái", max_length=20, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    note = models.TextField("ghi chú", blank=True)
    revision_number = models.PositiveIntegerField("phiên bản", null=True, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"],
                                name="event_item_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.object_id}: {self.action} ({self.at:%d/%m/%Y %H:%M})"

    @property
    def from_label(self) -> str:
        return Status(self.from_status).label if self.from_status in Status.values else ""

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else ""


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class PreviewLink(ItemRecord):
    """A read-only link for people without an account, made for one item (and the revision
    it was made from). Listed on the item's admin page; revocable one by one; it stops working
    when the item is taken down, returned, trashed or deleted."""

    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    revision_number = models.PositiveIntegerField("phiên bản", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thu hồi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.CharField("lý do thu hồi", max_length=200, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = "liên kết xem trước"
        verbose_name_plural = "liên kết xem trước"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.object_id} ({self.created_at:%d/%m/%Y %H:%M})"

    def is_active_at(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())
