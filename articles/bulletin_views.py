"""Public pages of the cell-meeting bulletin: the archive, the web edition, the stored PDF.
Every issue comes from `BulletinIssue.objects.published()`; every article in it from
`Article.objects.published()` (articles.bulletin_pdf.public_items)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.bulletin_pdf import public_items, stored_pdf
from articles.models import BulletinIssue
from portal.pagination import SafePaginationMixin


class BulletinListView(SafePaginationMixin, ListView):
    template_name = "articles/bulletinissue_list.html"
    context_object_name = "issues"
    paginate_by = 24

    def get_queryset(self):
        return BulletinIssue.objects.published().order_by("-year", "-number", "-pk")


class BulletinDetailView(DetailView):
    template_name = "articles/bulletinissue_detail.html"
    context_object_name = "issue"

    def get_queryset(self):
        return BulletinIssue.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**bulletin_context(self.object), **kwargs)


def bulletin_context(issue: BulletinIssue) -> dict:
    return {"issue": issue, "items": public_items(issue), "sections": list(issue.sections.all())}


def bulletin_pdf(request, slug: str):
    """The print edition: made once per published version (on the first request after a
    change), then always served from the storage."""
    issue = get_object_or_404(BulletinIssue.objects.published(), slug=slug)
    name = stored_pdf(issue)
    response = FileResponse(
        default_storage.open(name), content_type="application/pdf", filename=f"{issue.slug}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{issue.slug}.pdf"'
    response["Cache-Control"] = "public, max-age=300"
    return response
