"""The cell-meeting bulletin ("Bản tin sinh hoạt chi bộ"): an issue, its ordered articles (whole
or shortened to the sapo) and its optional sections (guidance for cell meetings, document
excerpts). A publishable type of the editorial core; imported by articles.models.

The print edition (an A4 PDF) is made by articles.bulletin_pdf and stored once per published
version (`pdf_file`, named after `pdf_key`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from portal.editorial.models import (
    CleanedText,
    EditorialOptions,
    Publishable,
    PublishableQuerySet,
    Status,
    publication_constraints,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class BulletinIssue(Publishable):
    Status = Status

    slug_source = "title"
    slug_fallback = "ban-tin"
    line_fields = ("title",)
    text_fields = ("introduction",)
    editorial = EditorialOptions(
        noun="bản tin",
        publish_permission="articles.publish_bulletinissue",
        purge_permission="articles.empty_trash_bulletinissue",
        revised_fields=("title", "number", "year", "period_kind", "period_value", "introduction"),
        revised_children={
            "items": ("article", "mode", "order"),
            "sections": ("kind", "title", "body", "order"),
        },
    )

    class PeriodKind(models.TextChoices):
        MONTH = "month", "Tháng"
        QUARTER = "quarter", "Quý"

    number = models.PositiveIntegerField("số")
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period_kind = models.CharField(
        "kỳ", max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    period_value = models.PositiveSmallIntegerField(
        "tháng hoặc quý", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(
        "tiêu đề", max_length=300, blank=True,
        help_text="Để trống để đặt tự động: “Bản tin sinh hoạt chi bộ số 11 – tháng 11/2026”.",
    )  # fmt: skip
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động. Không đổi được sau khi bản tin đã xuất bản.",
    )
    introduction = models.TextField("lời giới thiệu", blank=True)
    # The stored print edition: made once per published version (articles.bulletin_pdf).
    pdf_file = models.FileField("bản in PDF", blank=True, editable=False)
    pdf_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = "bản tin sinh hoạt chi bộ"
        verbose_name_plural = "bản tin sinh hoạt chi bộ"
        ordering = ["-year", "-number", "-pk"]
        permissions = [
            ("publish_bulletinissue", "Có thể duyệt, xuất bản và gỡ bản tin"),
            ("empty_trash_bulletinissue", "Có thể xóa vĩnh viễn bản tin trong thùng rác"),
        ]
        constraints = [
            *publication_constraints("bulletinissue", noun="Bản tin"),
            models.UniqueConstraint(fields=["year", "number"], name="unique_bulletin_number"),
        ]

    def __str__(self) -> str:
        return self.title or f"Bản tin số {self.number}"

    def save(self, *args, **kwargs):
        if not (self.title or "").strip():
            self.title = self.default_title()
        super().save(*args, **kwargs)

    def default_title(self) -> str:
        return f"Bản tin sinh hoạt chi bộ số {self.number} – {self.period_label.lower()}"

    @property
    def period_label(self) -> str:
        if self.period_kind == self.PeriodKind.QUARTER:
            return f"Quý {ROMAN.get(self.period_value, self.period_value)}/{self.year}"
        return f"Tháng {self.period_value}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("bulletins:detail", kwargs={"slug": self.slug})

    def get_pdf_url(self) -> str:
        return reverse("bulletins:pdf", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = self.clean_publication()
        if (
            self.period_kind == self.PeriodKind.QUARTER
            and self.period_value
            and (self.period_value > 4)
        ):
            errors["period_value"] = "Quý phải từ 1 đến 4."
        if errors:
            raise ValidationError(errors)


class BulletinItem(models.Model):
    """One article of an issue, whole or shortened to its sapo."""

    class Mode(models.TextChoices):
        FULL = "full", "Toàn văn"
        SUMMARY = "summary", "Chỉ sapo"

    issue = models.ForeignKey(BulletinIssue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.Article", verbose_name="bài viết", on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField("đăng", max_length=10, choices=Mode.choices, default=Mode.FULL)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "bài trong bản tin"
        verbose_name_plural = "bài trong bản tin"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.article)


class BulletinSection(CleanedText):
    """Guidance for cell meetings or an excerpt of a document, printed after the articles."""

    text_fields = ("body",)
    line_fields = ("title",)

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", "Định hướng sinh hoạt chi bộ"
        EXCERPT = "excerpt", "Trích văn bản"

    issue = models.ForeignKey(BulletinIssue, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", help_text="Mỗi đoạn cách nhau một dòng trống.")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "mục định hướng / trích văn bản"
        verbose_name_plural = "mục định hướng / trích văn bản"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
