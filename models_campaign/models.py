"""The showcase of "mô hình học tập và làm theo Bác": entries, their fields, localities, annual
themes, photos and recognitions.

Conventions mirror `articles`: text is cleaned in `save()` (NFC, no invisible characters), slugs
come from `portal.text`/`portal.slugs`, rich text goes through `portal.richtext.sanitize_html`,
visibility is one queryset method (`ShowcaseEntry.objects.published()`) mirrored by
`is_published`, and state changes live in `models_campaign/services.py`.
"""

from __future__ import annotations

from ckeditor_uploader.fields import RichTextUploadingField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from articles.models import Article
from portal import images
from portal.editorial.models import (
    EditorialOptions,
    Publishable,
    PublishableQuerySet,
    SluggedName,
    publication_constraints,
)
from portal.editorial.models import Status as PublicationStatus
from portal.models import Organization
from portal.text import clean_line, clean_text

# The campaign (Chỉ thị 06-CT/TW, then 03, then 05) started in 2006; years before are typos.
FIRST_YEAR = 2006
LAST_YEAR = 2100
# Paths under /mo-hinh/ that are pages, not entries.
RESERVED_SLUGS = frozenset({"thong-ke", "chuyen-de"})


def entry_photo_path(instance: EntryPhoto, filename: str) -> str:
    """A random, slug-based storage name (portal.images); nothing of the uploaded name but a
    known picture extension."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "jpg"
    stem = instance.entry.slug if instance.entry_id else "mo-hinh"
    return images.random_name("showcase", stem, ext)


class Field(SluggedName):
    """A field of activity ("Giáo dục", "Y tế", "Chuyển đổi số"...), managed in the admin."""

    slug_fallback = "linh-vuc"
    text_fields = ("description",)

    name = models.CharField("tên lĩnh vực", max_length=150, unique=True)
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]

    def get_absolute_url(self) -> str:
        return f"{reverse('models_campaign:list')}?linh-vuc={self.slug}"


class Locality(SluggedName):
    """A ward, commune or town of the city: where a model is carried out."""

    slug_fallback = "dia-ban"

    class Kind(models.TextChoices):
        WARD = "ward", "Phường"
        COMMUNE = "commune", "Xã"
        TOWN = "town", "Thị trấn"

    name = models.CharField("tên địa bàn", max_length=150, unique=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.WARD)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "địa bàn (phường, xã)"
        verbose_name_plural = "địa bàn (phường, xã)"
        ordering = ["order", "name"]

    def get_absolute_url(self) -> str:
        return f"{reverse('models_campaign:list')}?dia-ban={self.slug}"


class AnnualTheme(models.Model):
    """The theme of a year ("Chuyên đề năm 2022"). Entries and articles may belong to one."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    title = models.CharField("tên chuyên đề", max_length=300)
    description = models.TextField("nội dung", blank=True)
    articles = models.ManyToManyField(
        Article,
        verbose_name="bài viết",
        through="ThemeArticle",
        blank=True,
        related_name="annual_themes",
    )

    class Meta:
        verbose_name = "chuyên đề năm"
        verbose_name_plural = "chuyên đề năm"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="annualtheme_year_in_range",
                violation_error_message=f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_line(self.title)
        self.description = clean_text(self.description).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("models_campaign:theme", kwargs={"year": self.year})


class ThemeArticle(models.Model):
    """An article's annual theme: at most one per article (a database rule)."""

    theme = models.ForeignKey(AnnualTheme, verbose_name="chuyên đề năm", on_delete=models.CASCADE)
    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="theme_links"
    )

    class Meta:
        verbose_name = "chuyên đề năm của bài viết"
        verbose_name_plural = "chuyên đề năm của bài viết"
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                name="themearticle_one_theme_per_article",
                violation_error_message="Mỗi bài viết chỉ thuộc một chuyên đề năm.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} – {self.article}"


class ShowcaseEntryQuerySet(PublishableQuerySet):
    def for_listing(self) -> ShowcaseEntryQuerySet:
        """What a list of entries shows, in a fixed number of queries whatever its length."""
        return self.select_related("field", "locality", "organization").prefetch_related("photos")


class ShowcaseEntry(Publishable):
    status_field_name = "publication"  # `status` is the campaign stage
    slug_source = "name"
    slug_fallback = "mo-hinh"
    reserved_slugs = RESERVED_SLUGS
    line_fields = ("name",)
    text_fields = ("summary", "results")
    rich_fields = ("description",)
    editorial = EditorialOptions(
        noun="mô hình",
        title_field="name",
        revised_fields=(
            "name", "kind", "organization", "locality", "field", "theme", "year_started",
            "summary", "description", "people_reached", "value_raised", "results", "status",
            "replicated_from", "is_featured",
        ),
        revised_relations=("related_articles",),
        revised_children={
            "photos": ("image", "image_width", "image_height", "alt", "caption", "order"),
            "recognitions": ("level", "decision_number", "decided_on", "issuer"),
        },
    )  # fmt: skip

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", "Mô hình tập thể"
        PERSON = "person", "Gương điển hình cá nhân"

    class Status(models.TextChoices):
        """Where the model stands in the campaign (not whether citizens can see it)."""

        REGISTERED = "registered", "Đăng ký thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        RECOGNISED = "recognised", "Được công nhận"
        REPLICATED = "replicated", "Được nhân rộng"

    Publication = PublicationStatus  # whether citizens can see it: the editorial core's five states

    name = models.CharField("tên mô hình", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text=(
            "Để trống để tạo tự động từ tên. "
            "Không đổi được sau khi mô hình đã xuất bản, để liên kết đã chia sẻ luôn dùng được."
        ),
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.COLLECTIVE)
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị thực hiện",
        on_delete=models.PROTECT,
        related_name="showcase_entries",
    )
    locality = models.ForeignKey(
        Locality, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="entries"
    )
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="entries"
    )
    theme = models.ForeignKey(
        AnnualTheme,
        verbose_name="chuyên đề năm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    year_started = models.PositiveSmallIntegerField("năm bắt đầu")
    summary = models.TextField("tóm tắt", blank=True)
    description = RichTextUploadingField("giới thiệu chi tiết", blank=True)
    people_reached = models.PositiveIntegerField("số người được hưởng lợi", null=True, blank=True)
    value_raised = models.PositiveBigIntegerField("giá trị huy động (đồng)", null=True, blank=True)
    results = models.TextField("kết quả nổi bật", blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    replicated_from = models.ForeignKey(
        "self",
        verbose_name="nhân rộng từ mô hình",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )
    related_articles = models.ManyToManyField(
        Article, verbose_name="bài viết liên quan", blank=True, related_name="showcase_entries"
    )
    is_featured = models.BooleanField("nổi bật trên trang chủ", default=False)
    publication = models.CharField(
        "xuất bản",
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    # Search document, derived on save by models_campaign.search (GIN index: migration 0004).
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ShowcaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mô hình"
        verbose_name_plural = "mô hình"
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("publish_showcaseentry", "Có thể duyệt, xuất bản và gỡ mô hình"),
            ("empty_trash_showcaseentry", "Có thể xóa vĩnh viễn mô hình trong thùng rác"),
        ]
        indexes = [
            models.Index(fields=["publication", "-publish_at"], name="entry_publication_idx"),
        ]
        constraints = [
            *publication_constraints("entry", status_field="publication", noun="Mô hình"),
            models.CheckConstraint(
                condition=Q(year_started__gte=FIRST_YEAR) & Q(year_started__lte=LAST_YEAR),
                name="entry_year_started_in_range",
                violation_error_message=f"Năm bắt đầu phải từ {FIRST_YEAR} đến {LAST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=~Q(replicated_from=models.F("id")),
                name="entry_not_replicated_from_itself",
                violation_error_message="Mô hình không thể nhân rộng từ chính nó.",
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="entry_unique_name_per_organization",
                violation_error_message="Đơn vị này đã có một mô hình cùng tên.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("models_campaign:detail", kwargs={"slug": self.slug})

    @property
    def is_recognised(self) -> bool:
        return self.status in {self.Status.RECOGNISED, self.Status.REPLICATED}

    def clean(self) -> None:
        errors = self.clean_publication()
        if self.year_started is not None and not FIRST_YEAR <= self.year_started <= LAST_YEAR:
            errors["year_started"] = f"Năm bắt đầu phải từ {FIRST_YEAR} đến {LAST_YEAR}."
        if self.replicated_from_id is not None:
            ancestor, seen = self.replicated_from, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk is not None and ancestor.pk == self.pk:
                    errors["replicated_from"] = "Mô hình không thể nhân rộng từ chính nó."
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.replicated_from
        if errors:
            raise ValidationError(errors)


class EntryPhoto(models.Model):
    """One picture of an entry's gallery. Alt text is required: the gallery is read aloud too."""

    entry = models.ForeignKey(
        ShowcaseEntry, verbose_name="mô hình", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField("ảnh", upload_to=entry_photo_path)
    # Recorded when the picture is stored (models_campaign.services.photo_save), so pages can
    # give width/height and pick renditions without opening the file.
    image_width = models.PositiveIntegerField("chiều rộng", null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField("chiều cao", null=True, blank=True, editable=False)
    alt = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        help_text="Mô tả ngắn nội dung ảnh cho người dùng trình đọc màn hình.",
    )
    caption = models.CharField("chú thích", max_length=300, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "thư viện ảnh"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="entryphoto_has_alt",
                violation_error_message="Hãy nhập mô tả ảnh (alt).",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt

    def save(self, *args, **kwargs):
        self.alt = clean_line(self.alt)
        self.caption = clean_line(self.caption)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.alt = clean_line(self.alt)
        if not self.alt:
            raise ValidationError({"alt": "Hãy nhập mô tả ảnh (alt)."})


class Recognition(models.Model):
    """A commendation: who recognised the model, at which level, by which decision, when."""

    class Level(models.TextChoices):
        WARD = "ward", "Cấp phường, xã"
        CITY = "city", "Cấp thành phố"
        PROVINCE = "province", "Cấp tỉnh"
        NATIONAL = "national", "Cấp Trung ương"

    entry = models.ForeignKey(
        ShowcaseEntry,
        verbose_name="mô hình",
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    level = models.CharField("cấp công nhận", max_length=20, choices=Level.choices)
    decision_number = models.CharField("số quyết định", max_length=100)
    decided_on = models.DateField("ngày quyết định")
    issuer = models.CharField("cơ quan ban hành", max_length=255)

    class Meta:
        verbose_name = "khen thưởng, công nhận"
        verbose_name_plural = "khen thưởng, công nhận"
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "decision_number"],
                name="recognition_unique_decision_per_entry",
                violation_error_message="Quyết định này đã được ghi cho mô hình.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} – {self.decision_number}"

    def save(self, *args, **kwargs):
        self.decision_number = clean_line(self.decision_number)
        self.issuer = clean_line(self.issuer)
        super().save(*args, **kwargs)


# The contests ("Hội thi tìm hiểu trực tuyến") live in their own package of this app.
from models_campaign.contests.models import (  # noqa: E402, F401
    Contest,
    ContestEntry,
    ContestRound,
    Participant,
    Question,
    RoundQuestion,
    Topic,
)
