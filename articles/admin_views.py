"""The article's own admin screens beyond the editorial core's: the work lists ("Hàng đợi duyệt",
"Bài viết của tôi", "Bài hẹn giờ xuất bản"). Wired by ArticleAdmin.get_urls; reads through
articles.selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from articles import selectors

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
