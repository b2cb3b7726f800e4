"""Staff screens for articles: the editorial core's screens (portal.editorial.admin) plus the
article's own work lists. Every change of state goes through the core's workflow."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path
from django.utils.html import format_html

from articles import admin_views, selectors, services
from articles.audio import AudioFormField
from articles.models import Article, Author, Category, Tag
from portal import images
from portal.editorial.admin import PublishableAdmin, PublishableForm, StateFilter


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
    formfield_overrides = {models.ImageField: {"form_class": images.ImageFormField}}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]


class TagListInput(forms.TextInput):
    """Tags as a plain comma-separated list ("Tủ sách Bác Hồ, học tập"), not taggit's quoted
    form; static/js/admin/tag-chips.js shows them as chips. One tag alone keeps a trailing
    comma, so taggit reads a tag of several words as one tag."""

    def format_value(self, value):
        if value is None or isinstance(value, str):
            return value
        names = [tag.name if hasattr(tag, "name") else str(tag) for tag in value]
        return ", ".join(names) + ("," if len(names) == 1 else "")


class ArticleAdminForm(PublishableForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "category", "authors", "tags", "source",
            "is_featured", "featured_image", "featured_image_alt", "featured_image_caption",
            "audio", "publish_at", "expire_at",
        ]  # fmt: skip
        # Checked and cleaned by portal.images: a refused file is a Vietnamese form error.
        field_classes = {"featured_image": images.ImageFormField, "audio": AudioFormField}
        widgets = {"tags": TagListInput}


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    form = ArticleAdminForm
    preview_template = "articles/article_detail.html"
    list_display = ["title", "category", "state_label", "publish_at", "author_names",
                    "is_featured"]  # fmt: skip
    list_filter = [StateFilter, "category", "is_featured", "authors"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["category", "authors"]
    list_select_related = ["category"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "base_version", "base_revision"]}),
        ("Phân loại", {"fields": ["category", "authors", "tags", "source", "is_featured"]}),
        (
            "Ảnh đại diện",
            {
                "fields": [
                    "current_picture",
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                ]
            },
        ),  # fmt: skip
        ("Phát thanh", {"fields": ["audio"]}),
        ("Xuất bản", {"fields": ["state_label", "publish_at", "expire_at"]}),
        PublishableAdmin.info_fieldset,
    ]

    def get_search_results(self, request, queryset, search_term):
        """The admin's search box (and the article pickers that use it) searches like the public
        site (selectors.staff_search)."""
        return selectors.staff_search(articles=queryset, term=search_term), False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "current_picture"]

    def get_changeform_initial_data(self, request):
        """A new article is signed by its writer (their own byline), which they may change."""
        initial = super().get_changeform_initial_data(request)
        profile = Author.objects.filter(user=request.user).first()
        if profile is not None and "authors" not in initial:
            initial["authors"] = [profile.pk]
        return initial

    @admin.display(description="ảnh hiện tại")
    def current_picture(self, obj: Article) -> str:
        picture = obj.featured_image.name if obj and obj.featured_image else ""
        if not picture:
            return "Chưa có ảnh."
        renditions = images.renditions_for(
            picture, width=obj.featured_image_width or 0, height=obj.featured_image_height or 0
        )
        jpeg = [r.name for r in renditions if r.format == "jpg"]  # smallest first
        url = obj.featured_image.storage.url(jpeg[0] if jpeg else picture)
        return format_html('<span class="current-picture"><img src="{}" alt="{}"></span>', url,
                           obj.featured_image_alt or "")  # fmt: skip

    @admin.display(description="tác giả")
    def author_names(self, obj: Article) -> str:
        return ", ".join(author.name for author in obj.authors.all())

    def save_content(self, request, obj, base_version, note=""):
        services.article_save(article=obj, by=request.user, base_version=base_version, note=note)

    def preview_context(self, request, item) -> dict:
        from articles.views import article_extras

        return {"article": item, "breadcrumbs": item.category.trail(),
                "extras": article_extras(item, related=False)}  # fmt: skip

    # --- work lists (articles.admin_views) ------------------------------------------------------
    def get_urls(self):
        def worklist(kind: str):
            return self.admin_site.admin_view(partial(admin_views.worklist_view, model_admin=self,
                                                      kind=kind))  # fmt: skip

        return [
            path("hang-doi/", worklist("queue"), name="articles_queue"),
            path("cua-toi/", worklist("mine"), name="articles_mine"),
            path("hen-gio/", worklist("scheduled"), name="articles_scheduled"),
            *super().get_urls(),
        ]


# The documents registry ("Văn bản") and its issuing bodies.
from articles import bulletin_admin, document_admin  # noqa: E402, F401 - they register admins
