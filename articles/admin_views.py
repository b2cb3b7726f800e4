"""The articles app's own admin screens beyond the editorial core's: the article work lists
("Hàng đợi duyệt", "Bài viết của tôi", "Bài hẹn giờ xuất bản") and the documents' import from a
sheet. Wired by the admins' get_urls; reads through articles.selectors."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import get_random_string

from articles import document_import, selectors
from articles.documents import kind_label
from portal.editorial import workflow

WORKLIST_TITLES: dict[selectors.WorklistKind, str] = {
    "queue": "Hàng đợi duyệt (bài gửi trước ở trên)",
    "scheduled": "Bài hẹn giờ xuất bản",
    "mine": "Bài viết của tôi",
}


def worklist_view(request, *, model_admin, kind: selectors.WorklistKind):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    rows = selectors.worklist(
        articles=model_admin.get_queryset(request), user=request.user, kind=kind
    )
    for article in rows:
        article.status_text = article.state_label
    return TemplateResponse(
        request,
        "admin/articles/article/worklist.html",
        model_admin._context(request, title=WORKLIST_TITLES[kind], rows=rows, kind=kind),
    )


# --- documents: "Nhập từ tệp" ------------------------------------------------------------------
IMPORT_CACHE_SECONDS = 24 * 3600


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách văn bản (CSV hoặc XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def document_import_view(request, *, model_admin):
    """ "Nhập từ tệp": check a whole CSV/XLSX list of documents, show the report, then import
    it as drafts once confirmed (the checked file waits in the cache under a token)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Nhập danh sách văn bản",
        "columns": document_import.COLUMNS,
    }
    form = ImportForm()
    if request.method == "POST" and request.POST.get("token"):
        return _confirm_import(request, request.POST["token"], context)
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


def _confirm_import(request, token, context):
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
