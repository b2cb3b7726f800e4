from __future__ import annotations

from datetime import datetime

from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.search import update_search_document
from portal import images
from portal.models import Organization
from portal.richtext import images_missing_alt, sanitize_html
from portal.slugs import unique_slug
from portal.text import clean_line, clean_text, slugify_vi


def _upload_name(prefix: str, stem: str, filename: str) -> str:
    """A random, slug-based storage name; nothing of the uploaded file name but its extension."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "jpg"
    return images.random_name(prefix, stem, ext)


def article_image_path(instance: Article, filename: str) -> str:
    return _upload_name("articles", instance.slug or instance.title, filename)


def author_photo_path(instance: Author, filename: str) -> str:
    return _upload_name("authors", instance.slug or instance.name, filename)


class Category(models.Model):
    name = models.CharField("tên chuyên mục", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tên chuyên mục.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="chuyên mục cha",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.description = clean_text(self.description).strip()
        self.slug = slugify_vi(self.slug) or unique_slug(self, self.name, fallback="chuyen-muc")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:category", kwargs={"slug": self.slug})

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Chuyên mục không thể nằm trong chính nó."})
            ancestor = ancestor.parent

    def trail(self) -> list[Category]:
        """This category and its ancestors, top first (for a breadcrumb)."""
        trail, seen = [], set()
        node: Category | None = self
        while node is not None and node.pk not in seen:
            trail.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(trail))

    def descendant_ids(self) -> list[int]:
        """This category and every category below it, found with one query."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = [], [self.pk]
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.append(pk)
            stack.extend(children.get(pk, []))
        return found


class Author(models.Model):
    name = models.CharField("họ và tên", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ họ tên.",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        limit_choices_to={"is_staff": True},
    )
    bio = models.TextField("giới thiệu", blank=True)
    photo = models.ImageField("ảnh chân dung", upload_to=author_photo_path, blank=True)

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.byline

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.bio = clean_text(self.bio).strip()
        self.slug = slugify_vi(self.slug) or unique_slug(self, self.name, fallback="tac-gia")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def byline(self) -> str:
        """The byline form: "Trương Văn A (Ban Tuyên giáo Thành ủy Sa Đéc)"."""
        if self.organization_id:
            return f"{self.name} ({self.organization.name})"
        return self.name


class Tag(TagBase):
    """A taggit tag whose slug follows the portal's Vietnamese rule ("Đà Nẵng" -> "da-nang")."""

    class Meta:
        verbose_name = "thẻ"
        verbose_name_plural = "thẻ"
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        super().save(*args, **kwargs)

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = slugify_vi(tag, max_length=90) or "the"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    # taggit's natural key (used by dumpdata/loaddata, hence by backups): the pair of ids.
    natural_key_fields = ["content_object_id", "tag_id"]

    class Meta:
        verbose_name = "gắn thẻ"
        verbose_name_plural = "gắn thẻ"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> ArticleQuerySet:
        """The one visibility rule: what citizens may see at `now` (default: this moment).

        Every public view, feed, sitemap and search goes through here.
        """
        return self.filter(Article.visible_q(now or timezone.now()))

    def live(self) -> ArticleQuerySet:
        """Not in the trash (what staff work with)."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self) -> ArticleQuerySet:
        return self.filter(deleted_at__isnull=False)

    def for_listing(self) -> ArticleQuerySet:
        """What a list of articles shows, in a fixed number of queries whatever its length."""
        return (
            self.select_related("category")
            .prefetch_related("authors__organization")
            .order_by("-publish_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Nháp"
        PENDING = "pending", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"
        REJECTED = "rejected", "Bị trả lại"
        UNPUBLISHED = "unpublished", "Đã gỡ"

    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text=(
            "Để trống để tạo tự động từ tiêu đề. "
            "Không đổi được sau khi bài đã xuất bản, để liên kết đã chia sẻ luôn dùng được."
        ),
    )
    summary = models.TextField("sapo", blank=True, help_text="Đoạn tóm tắt đầu bài.")
    body = RichTextUploadingField("nội dung", blank=True)
    category = models.ForeignKey(
        Category, verbose_name="chuyên mục", on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name="tác giả", blank=True, related_name="articles"
    )
    tags = TaggableManager("thẻ", through=TaggedArticle, blank=True)
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
        "thời điểm hết hạn", null=True, blank=True, help_text="Để trống nếu bài không hết hạn."
    )
    first_published_at = models.DateTimeField(
        "lần đầu xuất bản", null=True, blank=True, editable=False
    )
    # Pictures are checked and cleaned by portal.images (articles.services.article_save), which
    # also records their size, so pages list the renditions without opening the file. Not
    # ImageField's width_field/height_field: those open the file whenever a row without a
    # recorded size is loaded (and fail if the file is gone).
    featured_image = models.ImageField("ảnh đại diện", upload_to=article_image_path, blank=True)
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    featured_image_alt = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        blank=True,
        help_text="Mô tả ngắn nội dung ảnh cho người dùng trình đọc màn hình.",
    )
    is_featured = models.BooleanField("tin nổi bật", default=False)
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    source = models.CharField("nguồn", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles_created",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)
    # Search document, derived on save by articles.search (GIN index: migration 0008).
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
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
    # refused (see articles.services.article_save), so no one overwrites another's edit unseen.
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    # Trash: a deleted article keeps its row and history until a site admin empties the trash.
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        permissions = [
            ("publish_article", "Có thể duyệt, xuất bản và gỡ bài viết"),
            ("empty_trash", "Có thể xóa vĩnh viễn bài viết trong thùng rác"),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["category", "-publish_at"], name="article_category_publish_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message="Bài đã xuất bản phải có thời điểm xuất bản.",
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="article_expire_after_publish",
                violation_error_message="Thời điểm hết hạn phải sau thời điểm xuất bản.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_line(self.title)
        self.summary = clean_text(self.summary).strip()
        self.body = sanitize_html(clean_text(self.body))
        self.source = clean_line(self.source)
        self.featured_image_caption = clean_line(self.featured_image_caption)
        self.featured_image_alt = clean_line(self.featured_image_alt)
        self.slug = slugify_vi(self.slug) or unique_slug(self, self.title, fallback="bai-viet")
        if self.status == Article.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        update_search_document(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    # --- visibility: the queryset rule and its one-instance mirror sit side by side ----------
    @staticmethod
    def visible_q(now: datetime) -> Q:
        return Q(status=Article.Status.PUBLISHED, publish_at__lte=now, deleted_at__isnull=True) & (
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )

    def is_visible_at(self, now: datetime) -> bool:
        return (
            self.status == Article.Status.PUBLISHED
            and self.deleted_at is None
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def is_published(self) -> bool:
        """True when citizens can read this article now (same rule as `published()`)."""
        return self.is_visible_at(timezone.now())

    @property
    def is_scheduled(self) -> bool:
        """Approved, waiting for its `publish_at` ("Hẹn giờ")."""
        return (
            self.status == Article.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def slug_is_frozen(self) -> bool:
        return self.first_published_at is not None

    # --- derived fields ----------------------------------------------------------------------
    def clean(self) -> None:
        errors = {}
        if self.featured_image and not clean_line(self.featured_image_alt):
            errors["featured_image_alt"] = "Hãy nhập mô tả ảnh (alt) cho ảnh đại diện."
        missing_alt = images_missing_alt(sanitize_html(clean_text(self.body)))
        if missing_alt:
            errors["body"] = (
                f"Có {missing_alt} ảnh trong nội dung chưa có mô tả ảnh (alt). Nhấp đúp vào ảnh "
                "và điền ô “Chú thích ảnh” (mô tả ngắn nội dung ảnh cho người khiếm thị); "
                "chú thích hiện dưới ảnh thì bật “Ảnh có chú thích”."
            )
        if self.status == Article.Status.PUBLISHED and not self.publish_at:
            errors["publish_at"] = "Bài đã xuất bản phải có thời điểm xuất bản."
        if self.expire_at and self.publish_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = "Thời điểm hết hạn phải sau thời điểm xuất bản."
        if self.pk and self.slug_is_frozen:
            stored = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored and slugify_vi(self.slug) != stored:
                errors["slug"] = "Không thể đổi đường dẫn của bài đã từng xuất bản."
        if errors:
            raise ValidationError(errors)

    @property
    def byline(self) -> str:
        return ", ".join(author.byline for author in self.authors.all())


class ArticleEvent(models.Model):
    """One workflow transition of an article: who, when, from, to, and the note."""

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="events"
    )
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

    class Meta:
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.action} ({self.at:%d/%m/%Y %H:%M})"

    @property
    def from_label(self) -> str:
        return Article.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Article.Status(self.to_status).label if self.to_status else ""


class ArticleRevision(models.Model):
    """A saved copy of an article's text and picture. Restoring one makes a new revision."""

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("số phiên bản")
    title = models.CharField("tiêu đề", max_length=300)
    summary = models.TextField("sapo", blank=True)
    body = models.TextField("nội dung", blank=True)
    featured_image = models.CharField("ảnh đại diện", max_length=255, blank=True)
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
        verbose_name = "phiên bản"
        verbose_name_plural = "phiên bản"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.number}"
