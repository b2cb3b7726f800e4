from __future__ import annotations

from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from portal import images
from portal.editorial.models import (
    EditorialOptions,
    Publishable,
    PublishableQuerySet,
    SluggedName,
    Status,
    publication_constraints,
)
from portal.models import Organization
from portal.richtext import images_missing_alt, sanitize_html
from portal.slugurls import slug_url
from portal.text import clean_line, clean_text, slugify_vi


def _upload_name(prefix: str, stem: str, filename: str) -> str:
    """A random, slug-based storage name; nothing of the uploaded file name but its extension."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "jpg"
    return images.random_name(prefix, stem, ext)


def article_image_path(instance: Article, filename: str) -> str:
    return _upload_name("articles", instance.slug or instance.title, filename)


def article_audio_path(instance: Article, filename: str) -> str:
    from articles.audio import audio_name

    return audio_name(instance.slug or instance.title, filename)


def author_photo_path(instance: Author, filename: str) -> str:
    return _upload_name("authors", instance.slug or instance.name, filename)


class Category(SluggedName):
    slug_fallback = "chuyen-muc"
    text_fields = ("description",)

    name = models.CharField("tên chuyên mục", max_length=200)
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

    def get_absolute_url(self) -> str:
        return slug_url("articles:category", self.slug)

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
        return subtree_ids(children, self.pk)


def subtree_ids(children: dict[int | None, list[int]], pk: int) -> list[int]:
    """`pk` and every id below it in `children` ({parent id: child ids}), the tree's one walk
    (a category pointing into its own subtree is visited once)."""
    found, stack = [], [pk]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.append(node)
        stack.extend(children.get(node, []))
    return found


class Author(SluggedName):
    slug_fallback = "tac-gia"
    text_fields = ("bio",)

    name = models.CharField("họ và tên", max_length=200)
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

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)

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
        return slug_url("articles:tag", self.slug)


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


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self) -> ArticleQuerySet:
        """What a list of articles shows (title, summary, picture, section, date), in one query
        whatever its length. A list that prints bylines adds
        `prefetch_related("authors__organization")` itself (the API, the feeds)."""
        return (
            self.select_related("category").defer(*self.NOT_LISTED).order_by("-publish_at", "-pk")
        )

    # What no list shows, and the largest columns of the row (body and search text are most of
    # an article's bytes): left out of list queries.
    NOT_LISTED = ("body", "search_text", "search_vector")

    def for_cards(self) -> ArticleQuerySet:
        """What an article card shows (templates/includes/article_card.html) and nothing else,
        in one query: the public list pages read a dozen rows of thirty-odd columns each, and
        turning the unused ones into Python values cost more than the query itself."""
        return (
            self.select_related("category").only(*self.CARD_FIELDS).order_by("-publish_at", "-pk")
        )

    def for_page(self) -> ArticleQuerySet:
        """What the article page shows (templates/articles/article_detail.html, its print
        version, its JSON-LD and share card): under half of the row's columns; Django's query
        compilation costs about as much per column as PostgreSQL's answer does for the row."""
        return self.only(*self.PAGE_FIELDS)

    PAGE_FIELDS = (
        "title", "slug", "summary", "body", "category", "publish_at", "updated_at", "source",
        "featured_image", "featured_image_width", "featured_image_height", "featured_image_alt",
        "featured_image_caption", "audio", "audio_duration",
    )  # fmt: skip

    CARD_FIELDS = (
        "title", "slug", "summary", "publish_at", "featured_image", "featured_image_width",
        "featured_image_height", "category__name", "category__slug",
    )  # fmt: skip


class Article(Publishable):
    Status = Status

    slug_source = "title"
    slug_fallback = "bai-viet"
    line_fields = ("title", "source", "featured_image_caption", "featured_image_alt")
    text_fields = ("summary",)
    rich_fields = ("body",)
    editorial = EditorialOptions(
        noun="bài viết",
        purge_permission="articles.empty_trash",
        revised_fields=(
            "title", "summary", "body", "category", "source", "is_featured",
            "featured_image", "featured_image_alt", "featured_image_caption",
            "audio", "audio_duration", "audio_bitrate", "audio_size", "audio_type",
        ),
        revised_relations=("authors", "tags"),
    )  # fmt: skip

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
    # The announcer's reading for the radio programme ("Phát thanh"), checked and measured by
    # articles.audio (content, size, duration, bitrate) when the article is saved.
    audio = models.FileField(
        "bản đọc phát thanh", upload_to=article_audio_path, blank=True,
        help_text="Tệp MP3, M4A hoặc OGG do phát thanh viên đọc bài này.",
    )  # fmt: skip
    audio_duration = models.PositiveIntegerField("thời lượng (giây)", null=True, blank=True,
                                                 editable=False)  # fmt: skip
    audio_bitrate = models.PositiveIntegerField("tốc độ bit (kbps)", null=True, blank=True,
                                                editable=False)  # fmt: skip
    audio_size = models.PositiveBigIntegerField("dung lượng (byte)", null=True, blank=True,
                                                editable=False)  # fmt: skip
    audio_type = models.CharField("định dạng âm thanh", max_length=30, blank=True,
                                  editable=False)  # fmt: skip
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    source = models.CharField("nguồn", max_length=300, blank=True)
    # Search document, derived on save by articles.search (GIN index: migration 0008).
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

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
        constraints = publication_constraints("article", noun="Bài")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug)

    def clean(self) -> None:
        errors = self.clean_publication()
        if self.featured_image and not clean_line(self.featured_image_alt):
            errors["featured_image_alt"] = "Hãy nhập mô tả ảnh (alt) cho ảnh đại diện."
        missing_alt = images_missing_alt(sanitize_html(clean_text(self.body)))
        if missing_alt:
            errors["body"] = (
                f"Có {missing_alt} ảnh trong nội dung chưa có mô tả ảnh (alt). Nhấp đúp vào ảnh "
                "và điền ô “Mô tả ảnh (alt, cho người khiếm thị)”; muốn có chú thích hiện dưới "
                "ảnh thì bật “Có chú thích dưới ảnh”."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def byline(self) -> str:
        return ", ".join(author.byline for author in self.authors.all())


# The documents registry ("Văn bản"), in its own module.
from articles.document_models import (  # noqa: E402, F401
    Document,
    DocumentAttachment,
    DocumentCitation,
    DocumentRelation,
    IssuingBody,
)

# Bulletin issues ("Bản tin sinh hoạt chi bộ"), in their own module.
from articles.models_bulletin import BulletinIssue, BulletinItem, BulletinSection  # noqa: E402, F401
