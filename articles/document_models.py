"""The documents registry ("Văn bản"): Party and State documents that articles cite.

`Document` is a publishable type of the editorial core (`portal.editorial`): drafts, review,
scheduling, revisions and the trash come from there, and `Document.objects.published()` is the one
visibility rule of every public page, feed, sitemap and search. Issuing bodies are a managed list.
Number rules, article links and the derived fields: `articles/documents.py`; attachments:
`articles/attachments.py`; search document: `articles/search_documents.py`. Loaded through
`articles.models`; imports none of those modules' derivations (they register themselves).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from articles import attachments
from articles.documents import KINDS, kind_label, number_key
from portal.editorial.models import (
    EditorialOptions,
    Publishable,
    PublishableQuerySet,
    SluggedName,
    publication_constraints,
)
from portal.text import clean_line


class IssuingBody(SluggedName):
    """Who issues documents: Bộ Chính trị, Ban Chấp hành Trung ương, Ban Bí thư, Thành ủy..."""

    slug_fallback = "co-quan"

    name = models.CharField("tên cơ quan ban hành", max_length=200, unique=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["order", "name"]


class DocumentQuerySet(PublishableQuerySet):
    def for_listing(self) -> DocumentQuerySet:
        return self.select_related("issuing_body").order_by("-issued_on", "-pk")


class Document(Publishable):
    """One document ("văn bản"): kind, number and symbol, issuing body, date, signer, abstract,
    validity, relations to other documents and attached files."""

    Kind = models.TextChoices(
        "Kind", [(value.replace("-", "_").upper(), (value, label)) for value, label, _ in KINDS]
    )

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", "Còn hiệu lực"
        EXPIRED = "expired", "Hết hiệu lực"
        REPLACED = "replaced", "Đã được thay thế"

    slug_source = "heading"
    slug_fallback = "van-ban"
    reserved_slugs = frozenset({"rss"})
    line_fields = ("number", "abstract", "signer")
    text_fields = ("summary",)
    editorial = EditorialOptions(
        noun="văn bản",
        title_field="heading",
        revised_fields=(
            "kind", "number", "issuing_body", "issued_on", "signer", "abstract", "summary",
            "validity",
        ),
    )  # fmt: skip

    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices)
    number = models.CharField(
        "số, ký hiệu", max_length=100,
        help_text="Như trên văn bản, ví dụ 01-KL/TW, 142-KH/TU, 35/2023/NĐ-CP.",
    )  # fmt: skip
    number_key = models.CharField(max_length=120, editable=False, default="", db_index=True)
    number_value = models.PositiveIntegerField(null=True, editable=False)
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name="cơ quan ban hành", on_delete=models.PROTECT,
        related_name="documents",
    )  # fmt: skip
    issued_on = models.DateField("ngày ban hành")
    signer = models.CharField("người ký", max_length=200, blank=True)
    abstract = models.CharField(
        "trích yếu", max_length=1000, help_text="Trích yếu nội dung, như trên văn bản."
    )
    summary = models.TextField(
        "tóm tắt", blank=True, help_text="Vài câu giới thiệu nội dung chính cho bạn đọc."
    )
    validity = models.CharField(
        "hiệu lực", max_length=20, choices=Validity.choices, default=Validity.IN_FORCE
    )
    slug = models.SlugField(
        "đường dẫn", max_length=200, unique=True, blank=True,
        help_text="Để trống để tạo tự động từ loại và số văn bản. Không đổi được sau khi xuất bản.",
    )  # fmt: skip
    related = models.ManyToManyField(
        "self", verbose_name="văn bản liên quan", through="DocumentRelation",
        symmetrical=False, blank=True, related_name="related_from",
    )  # fmt: skip
    citing_articles = models.ManyToManyField(
        "articles.Article", verbose_name="bài viết trích dẫn", through="DocumentCitation",
        blank=True, related_name="cited_documents",
    )  # fmt: skip
    # Search document (articles/search_documents.py), GIN index on PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-pk"]
        permissions = [
            ("publish_document", "Có thể duyệt, xuất bản và gỡ văn bản"),
            ("empty_trash_document", "Có thể xóa vĩnh viễn văn bản trong thùng rác"),
        ]
        indexes = [
            models.Index(fields=["status", "-issued_on"], name="document_status_issued_idx"),
            models.Index(fields=["number_value"], name="document_number_value_idx"),
        ]
        constraints = publication_constraints("document", noun="Văn bản")

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """ "Kết luận số 01-KL/TW" (what citizens and staff call it)."""
        return f"{kind_label(self.kind)} số {self.number}" if self.number else ""

    @property
    def kind_name(self) -> str:
        return kind_label(self.kind)

    @property
    def issuing_body_url(self) -> str:
        return f"{reverse('articles:document_list')}?co-quan={self.issuing_body.slug}"

    def get_absolute_url(self) -> str:
        return reverse("articles:document_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = self.clean_publication()
        self.number = clean_line(self.number)
        if self.number and not number_key(self.number):
            errors["number"] = (
                "Số, ký hiệu phải có cả số và chữ viết tắt, ví dụ 01-KL/TW hoặc 35/2023/NĐ-CP."
            )
        if errors:
            raise ValidationError(errors)


class DocumentRelation(models.Model):
    """ "This document implements / replaces / guides that one"."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", "Thực hiện"
        REPLACES = "replaces", "Thay thế"
        GUIDES = "guides", "Hướng dẫn thực hiện"

    # How the relation reads from the other side.
    INVERSE = {
        Kind.IMPLEMENTS: "Được thực hiện bởi",
        Kind.REPLACES: "Được thay thế bởi",
        Kind.GUIDES: "Được hướng dẫn bởi",
    }

    source = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField("quan hệ", max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        Document, verbose_name="văn bản được nhắc tới", on_delete=models.CASCADE,
        related_name="inverse_relations",
    )  # fmt: skip

    class Meta:
        verbose_name = "văn bản liên quan"
        verbose_name_plural = "văn bản liên quan"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="documentrelation_unique",
                violation_error_message="Quan hệ này đã được ghi.",
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="documentrelation_not_self",
                violation_error_message="Văn bản không thể liên quan tới chính nó.",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.source} – {self.get_kind_display().lower()} – {self.target}"

    @property
    def inverse_label(self) -> str:
        return self.INVERSE.get(self.kind, "")

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": "Văn bản không thể liên quan tới chính nó."})


def attachment_path(instance: DocumentAttachment, filename: str) -> str:
    stem = instance.document.slug if instance.document_id else "van-ban"
    return attachments.storage_name(stem, filename)


class DocumentAttachment(models.Model):
    """A file of a document (PDF, DOC, DOCX, ODT), checked on upload (articles/attachments.py),
    with its text kept for search."""

    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    title = models.CharField(
        "tên hiển thị", max_length=200, blank=True,
        help_text="Ví dụ: Toàn văn, Phụ lục. Để trống: “Toàn văn”.",
    )  # fmt: skip
    file_type = models.CharField("định dạng", max_length=10, editable=False, default="")
    size = models.PositiveIntegerField("dung lượng (byte)", default=0, editable=False)
    text = models.TextField("nội dung chữ", blank=True, default="", editable=False)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        self.title = clean_line(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:document_file", kwargs={"slug": self.document.slug, "pk": self.pk})

    @property
    def display_title(self) -> str:
        return self.title or "Toàn văn"

    @property
    def type_label(self) -> str:
        return attachments.TYPE_LABELS.get(self.file_type, self.file_type.upper())

    @property
    def is_pdf(self) -> bool:
        return self.file_type == "pdf"


class DocumentCitation(models.Model):
    """An article whose body links to a document (kept by articles.documents.sync_citations)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="document_citations"
    )

    class Meta:
        verbose_name = "bài viết trích dẫn"
        verbose_name_plural = "bài viết trích dẫn"
        constraints = [
            models.UniqueConstraint(fields=["document", "article"], name="documentcitation_unique")
        ]

    def __str__(self) -> str:
        return str(self.article)
