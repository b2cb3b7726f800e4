"""Staff screens of the documents registry: the editorial core's screens (portal.editorial.admin)
for documents, with their attachments and relations inline, the articles citing each one, search
by number in any form, and the CSV/XLSX import; plus the managed list of issuing bodies.
Imported by `articles/admin.py`."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.crypto import get_random_string

from articles import attachments, document_import
from articles.document_services import delete_attachment_file, prepare_attachment
from articles.document_views import document_context
from articles.documents import kind_label, number_lookup
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

IMPORT_CACHE_SECONDS = 24 * 3600


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


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách văn bản (CSV hoặc XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


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
        """Search by number in any form ("KL 01", "01/KL-TW", "kết luận 01"), then by words
        (diacritics and tone-mark placement ignored) through the search index."""
        from portal.search import match, parse_query

        term = search_term.strip()
        if not term:
            return queryset, False
        named = [d.pk for d in number_lookup(Document.objects.all(), term)]
        words = match(Document.objects.all(), parse_query(term)).values("pk")
        return queryset.filter(Q(pk__in=named) | Q(pk__in=words)), False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_document(form.instance)  # the attachments' text is part of it

    def preview_context(self, request, item) -> dict:
        return {"document": item, **document_context(item)}

    # --- import ---------------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("nhap/", view(self.import_view), name="articles_document_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập danh sách văn bản",
            "columns": document_import.COLUMNS,
        }
        form = ImportForm()
        if request.method == "POST" and request.POST.get("token"):
            return self._confirm_import(request, request.POST["token"], context)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                content = upload.read(document_import.MAX_BYTES + 1)
                try:
                    report = document_import.read_sheet(content, upload.name)
                except document_import.SheetError as exc:
                    context["file_error"] = str(exc)
                else:
                    context["report"] = report
                    context["preview_rows"] = [
                        {**row, "kind_label": kind_label(row["kind"])} for row in report.rows
                    ]
                    if report.ok:
                        token = get_random_string(32)
                        cache.set(f"document-import:{request.user.pk}:{token}",
                                  (content, upload.name), IMPORT_CACHE_SECONDS)  # fmt: skip
                        context["token"] = token
        context["form"] = form
        return TemplateResponse(request, "admin/articles/document/import.html", context)

    def _confirm_import(self, request, token, context):
        stored = cache.get(f"document-import:{request.user.pk}:{token}")
        if stored is None:
            context.update(form=ImportForm(), file_error="Tệp đã tải lên không còn được lưu "
                           "tạm (quá 24 giờ): hãy tải lên lại.")  # fmt: skip
            return TemplateResponse(request, "admin/articles/document/import.html", context)
        content, name = stored
        try:
            report = document_import.read_sheet(content, name)
            if not report.ok:
                raise document_import.SheetError(
                    "Dữ liệu đã thay đổi từ lúc chạy thử (ví dụ có văn bản trùng vừa được thêm): "
                    "chưa nhập gì, hãy tải tệp lên lại."
                )
            created = document_import.import_rows(report.rows, by=request.user)
        except (document_import.SheetError, workflow.WorkflowError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            context.update(form=ImportForm(), file_error=message)
            return TemplateResponse(request, "admin/articles/document/import.html", context)
        cache.delete(f"document-import:{request.user.pk}:{token}")
        messages.success(request, f"Đã nhập {len(created)} văn bản (bản nháp, chờ duyệt).")
        return HttpResponseRedirect(reverse("admin:articles_document_changelist"))
