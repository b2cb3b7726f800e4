"""Admin of the cell-meeting bulletin: a publishable type of the editorial core, with its ordered
articles and its sections as inlines. Imported by articles.admin."""

from __future__ import annotations

from django.contrib import admin

from articles.models import BulletinIssue, BulletinItem, BulletinSection
from portal.editorial.admin import PublishableAdmin, PublishableForm


class BulletinItemInline(admin.TabularInline):
    model = BulletinItem
    extra = 0
    fields = ["order", "article", "mode"]
    autocomplete_fields = ["article"]


class BulletinSectionInline(admin.StackedInline):
    model = BulletinSection
    extra = 0
    fields = ["order", "kind", "title", "body"]


class BulletinIssueForm(PublishableForm):
    class Meta:
        model = BulletinIssue
        fields = ["number", "year", "period_kind", "period_value", "title", "slug",
                  "introduction", "publish_at", "expire_at"]  # fmt: skip


@admin.register(BulletinIssue)
class BulletinIssueAdmin(PublishableAdmin):
    form = BulletinIssueForm
    inlines = [BulletinItemInline, BulletinSectionInline]
    preview_template = "articles/bulletinissue_detail.html"
    list_display = ["title", "number", "year", "state_label", "publish_at"]
    list_filter = ["status", "year", "period_kind"]
    search_fields = ["title", "slug"]
    date_hierarchy = "publish_at"
    fieldsets = [
        (None, {"fields": ["number", "year", "period_kind", "period_value", "title", "slug",
                           "introduction", "base_version"]}),
        ("Xuất bản", {"fields": ["state_label", "publish_at", "expire_at"]}),
        PublishableAdmin.info_fieldset,
    ]  # fmt: skip

    def preview_context(self, request, item) -> dict:
        from articles.bulletin_views import bulletin_context

        return bulletin_context(item)
