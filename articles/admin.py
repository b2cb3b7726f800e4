"""Staff screens for articles: the editorial core's screens (portal.editorial.admin) plus the
article's own work lists. Every change of state goes through the core's workflow."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from articles import services
from articles.audio import AudioFormField
from articles.models import Article, Author, Category, Tag
from portal import images
from portal.editorial.admin import PublishableAdmin, PublishableForm, StateFilter
from portal.editorial.models import WorkflowEvent
from portal.editorial.workflow import ACTION_LABELS


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
        site: diacritics, case and tone-mark placement ignored, through the search index
        (portal.search), plus an exact slug. `icontains` over 100,000 bodies took seconds."""
        from portal.search import match, parse_query
        from portal.text import slugify_vi

        term = search_term.strip()
        if not term:
            return queryset, False
        matching = match(Article.objects.all(), parse_query(term)).values("pk")
        slug = slugify_vi(term)
        condition = Q(pk__in=matching) | (Q(slug=slug) if slug else Q(pk__in=[]))
        return queryset.filter(condition), False

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
        return {"article": item, "breadcrumbs": item.category.trail()}

    # --- work lists ---------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("hang-doi/", view(self.list_view), {"kind": "queue"}, name="articles_queue"),
            path("cua-toi/", view(self.list_view), {"kind": "mine"}, name="articles_mine"),
            path(
                "hen-gio/", view(self.list_view), {"kind": "scheduled"}, name="articles_scheduled"
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def list_view(self, request, kind: str):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        queryset = self.get_queryset(request).select_related("category", "created_by")
        if kind == "queue":
            title = "Hàng đợi duyệt (bài gửi trước ở trên)"
            queryset = queryset.filter(status=Article.Status.PENDING).order_by("updated_at")
        elif kind == "scheduled":
            title = "Bài hẹn giờ xuất bản"
            queryset = queryset.scheduled().order_by("publish_at")
        else:
            title = "Bài viết của tôi"
            queryset = queryset.filter(created_by=request.user).order_by("-updated_at")
        rows = list(queryset[:200])
        notes = {}
        rejected = [a.pk for a in rows if a.status == Article.Status.REJECTED]
        returns = WorkflowEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id__in=rejected,
            action="reject",
        )
        for event in returns:
            notes.setdefault(event.object_id, event)  # newest first by Meta.ordering
        for article in rows:
            article.status_text = article.state_label
            article.return_note = notes.get(article.pk)
        return TemplateResponse(
            request,
            "admin/articles/article/worklist.html",
            self._context(request, title=title, rows=rows, kind=kind),
        )


def dashboard(user) -> dict:
    """Counts per state and recent activity for the admin home page ("Hẹn giờ" apart from what
    readers see now; activity of trashed articles included)."""
    now = timezone.now()
    mine = Article.objects.all()
    if not services.is_editor(user):
        mine = mine.filter(created_by=user)
    live = mine.live()
    counts = dict(live.values_list("status").annotate(n=Count("pk")).order_by())
    S = Article.Status
    states = [
        ("Nháp", counts.get(S.DRAFT, 0), S.DRAFT),
        ("Chờ duyệt", counts.get(S.PENDING, 0), S.PENDING),
        ("Đang xuất bản", live.published(now).count(), "dang-hien"),
        ("Hẹn giờ", live.scheduled(now).count(), "hen-gio"),
        ("Hết hạn", live.filter(status=S.PUBLISHED, expire_at__lte=now).count(), "het-han"),
        ("Bị trả lại", counts.get(S.REJECTED, 0), S.REJECTED),
        ("Đã gỡ", counts.get(S.UNPUBLISHED, 0), S.UNPUBLISHED),
    ]
    if services.is_editor(user):
        states.append(("Thùng rác", mine.trashed().count(), StateFilter.TRASH))
    events = list(
        WorkflowEvent.objects.select_related("actor")
        .filter(content_type=ContentType.objects.get_for_model(Article),
                object_id__in=mine.values("pk"))[:15]
    )  # fmt: skip
    titles = dict(Article.objects.filter(pk__in=[e.object_id for e in events])
                  .values_list("pk", "title"))  # fmt: skip
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.title = titles.get(event.object_id, "")
    return {"states": states, "events": events}


# The documents registry ("Văn bản") and its issuing bodies.
from articles import bulletin_admin, document_admin  # noqa: E402, F401 - they register admins
