"""Staff screens of the documents registry: the editorial core's screens (portal.editorial.admin)
for documents, with their attachments and relations inline, the articles citing each one, search
by number in any form, and the CSV/XLSX import (its view in articles.admin_views); plus the
managed list of issuing bodies.
Imported by `articles/admin.py`."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path, reverse

from articles import admin_views, attachments, selectors
from articles.document_services import delete_attachment_file, prepare_attachment
from articles.document_views import document_context
from articles.models import (
    Document,
    DocumentAttachment,
    DocumentCitation,
    DocumentRelation,
    IssuingBody,
)
from articles.search_documents import refresh_search_document
from portal.editorial import workflow
from portal.editorial.admin import PublishableAdmin, PublishableForm


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "order"]


class AttachmentForm(forms.ModelForm):
    """The file is checked by its content (articles/attachments.py): a refused file is a
    Vietnamese error on the form, and nothing is saved or written."""

    class Meta:
        model = DocumentAttachment
        fields = ["file", "title", "order"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": attachments.ACCEPT})}

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded is not self.initial.get("file") and hasattr(uploaded, "size"):
            self._replaced = self.instance.file.name if self.instance.pk else ""
            try:
                prepare_attachment(self.instance, uploaded)
            except attachments.AttachmentRejected as exc:
                raise forms.ValidationError(exc.message) from exc
            return self.instance.file
        return uploaded

    def save(self, commit=True):
        attachment = super().save(commit)
        replaced = getattr(self, "_replaced", "")
        if replaced and replaced != attachment.file.name:  # the old file goes once committed
            delete_attachment_file(replaced, attachment.file.storage)
        return attachment


class AttachmentInline(admin.TabularInline):
    model = DocumentAttachment
    form = AttachmentForm
    extra = 1
    readonly_fields = ["file_type", "size"]
    fields = ["file", "title", "order", "file_type", "size"]

    def _may_change(self, request, obj) -> bool:
        # A writer's edit of a published document waits for an editor as a pending change,
        # which holds the document's fields only: its files are changed by editors.
        return obj is None or not workflow.edit_is_proposal(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)


class RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = "văn bản liên quan"
    verbose_name_plural = "văn bản liên quan (văn bản này thực hiện, thay thế, hướng dẫn...)"


class CitationInline(admin.TabularInline):
    """The articles whose body links to the document (kept on every article save)."""

    model = DocumentCitation
    extra = 0
    can_delete = False
    fields = ["article_link", "article_state"]
    readonly_fields = ["article_link", "article_state"]
    verbose_name = "bài viết trích dẫn"
    verbose_name_plural = "bài viết trích dẫn văn bản này"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").order_by("-article__pk")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True

    @admin.display(description="bài viết")
    def article_link(self, citation):
        from django.utils.html import format_html

        url = reverse("admin:articles_article_change", args=[citation.article_id])
        return format_html('<a href="{}">{}</a>', url, citation.article.title)

    @admin.display(description="trạng thái")
    def article_state(self, citation):
        return citation.article.state_label


class DocumentAdminForm(PublishableForm):
    class Meta:
        model = Document
        fields = [
            "kind", "number", "issuing_body", "issued_on", "signer", "abstract", "summary",
            "validity", "slug", "publish_at", "expire_at",
        ]  # fmt: skip
        widgets = {"abstract": forms.Textarea(attrs={"rows": 3, "cols": 80})}


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    form = DocumentAdminForm
    preview_template = "articles/document_detail.html"
    editor_only_fields = ("publish_at", "expire_at")
    change_list_template = "admin/articles/document/change_list.html"
    inlines = [AttachmentInline, RelationInline, CitationInline]
    list_display = ["document_heading", "abstract_short", "issuing_body", "issued_on", "validity",
                    "state_label", "citation_count"]  # fmt: skip
    list_filter = ["kind", "issuing_body", "validity", "status"]
    date_hierarchy = "issued_on"
    search_fields = ["number", "abstract"]
    autocomplete_fields = ["issuing_body"]
    list_select_related = ["issuing_body"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["kind", "number", "issuing_body", "issued_on", "signer", "abstract",
                           "summary", "validity", "base_version"]}),
        ("Xuất bản", {"fields": ["state_label", "slug", "publish_at", "expire_at"]}),
        ("Thông tin", {"classes": ["collapse"], "fields": [
            "first_published_at", "created_by", "created_at", "updated_by", "updated_at", "version",
        ]}),
    ]  # fmt: skip

    @admin.display(description="văn bản", ordering="number")
    def document_heading(self, obj: Document) -> str:
        return obj.heading

    @admin.display(description="trích yếu")
    def abstract_short(self, obj: Document) -> str:
        return obj.abstract if len(obj.abstract) <= 90 else obj.abstract[:88] + "…"

    @admin.display(description="số bài trích dẫn")
    def citation_count(self, obj: Document) -> int:
        return obj.citations.count()

    def get_search_results(self, request, queryset, search_term):
        """Search by number in any form, then by words (selectors.document_staff_search)."""
        return selectors.document_staff_search(documents=queryset, term=search_term), False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_document(form.instance)  # the attachments' text is part of it

    def preview_context(self, request, item) -> dict:
        return {"document": item, **document_context(item)}

    # --- import (articles.admin_views) -----------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view(partial(admin_views.document_import_view,
                                                  model_admin=self))  # fmt: skip
        return [path("nhap/", view, name="articles_document_import"), *super().get_urls()]
