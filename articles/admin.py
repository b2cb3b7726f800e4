from django import forms
from django.contrib import admin
from django.utils import timezone

from articles.models import Article, Author, Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "slug"]
    list_editable = ["order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "order"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "user"]
    list_filter = ["organization"]
    search_fields = ["name", "slug", "organization__name"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "category", "authors", "tags", "source",
            "is_featured", "featured_image", "featured_image_alt", "featured_image_caption",
            "status", "publish_at", "expire_at",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        # Publishing without a time means "now".
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("publish_at"):
            cleaned["publish_at"] = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "category",
        "status_label",
        "publish_at",
        "author_names",
        "is_featured",
    ]
    list_filter = ["status", "category", "is_featured", "authors"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["category", "authors"]
    list_select_related = ["category"]
    list_per_page = 50
    readonly_fields = ["first_published_at", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Phân loại", {"fields": ["category", "authors", "tags", "source", "is_featured"]}),
        (
            "Ảnh đại diện",
            {"fields": ["featured_image", "featured_image_alt", "featured_image_caption"]},
        ),
        ("Xuất bản", {"fields": ["status", "publish_at", "expire_at"]}),
        (
            "Thông tin",
            {
                "classes": ["collapse"],
                "fields": ["first_published_at", "created_by", "created_at", "updated_at"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.slug_is_frozen:
            fields.append("slug")
        return fields

    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, obj: Article) -> str:
        if obj.is_scheduled:
            return "Hẹn giờ"
        if obj.status == Article.Status.PUBLISHED and not obj.is_published:
            return "Hết hạn"
        return obj.get_status_display()

    @admin.display(description="tác giả")
    def author_names(self, obj: Article) -> str:
        return ", ".join(author.name for author in obj.authors.all())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
