"""Reads for the staff screens of the articles app: the work lists, the admin search boxes and the
admin home page's dashboard.

Keyword-only, typed, no side effects. What a user may see in the admin is decided by the admin's
queryset (portal.editorial.admin.PublishableAdmin.get_queryset); a selector given `articles`
narrows that set, never widens it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from articles import services
from articles.documents import number_lookup
from articles.models import Article, Document
from portal.editorial.models import WorkflowEvent
from portal.editorial.workflow import ACTION_LABELS

WorklistKind = Literal["queue", "mine", "scheduled"]
WORKLIST_LIMIT = 200


def worklist(
    *, articles: QuerySet[Article], user: AbstractBaseUser, kind: WorklistKind
) -> list[Article]:
    """A work list: the review queue (sent first on top), the user's own articles (newest
    change first) or the scheduled ones (next to go public first). Returned articles carry
    `return_note`, the editor's latest return event when the article was sent back."""
    articles = articles.select_related("category", "created_by")
    if kind == "queue":
        articles = articles.filter(status=Article.Status.PENDING).order_by("updated_at")
    elif kind == "scheduled":
        articles = articles.scheduled().order_by("publish_at")
    else:
        articles = articles.filter(created_by=user).order_by("-updated_at")
    rows = list(articles[:WORKLIST_LIMIT])
    notes = return_notes(articles=[a for a in rows if a.status == Article.Status.REJECTED])
    for article in rows:
        article.return_note = notes.get(article.pk)
    return rows


def return_notes(*, articles: list[Article]) -> dict[int, WorkflowEvent]:
    """The newest "returned" event (with the editor's note) of each article, by article id."""
    events = WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=[article.pk for article in articles],
        action="reject",
    )
    notes: dict[int, WorkflowEvent] = {}
    for event in events:
        notes.setdefault(event.object_id, event)  # newest first by Meta.ordering
    return notes


def staff_search(*, articles: QuerySet[Article], term: str) -> QuerySet[Article]:
    """The admin's search box: like the public search (diacritics, case and tone-mark placement
    ignored, through the search index of portal.search), plus an exact slug. `icontains` over
    100,000 bodies took seconds."""
    from portal.search import match, parse_query
    from portal.text import slugify_vi

    term = term.strip()
    if not term:
        return articles
    matching = match(Article.objects.all(), parse_query(term)).values("pk")
    slug = slugify_vi(term)
    return articles.filter(Q(pk__in=matching) | (Q(slug=slug) if slug else Q(pk__in=[])))


def document_staff_search(*, documents: QuerySet[Document], term: str) -> QuerySet[Document]:
    """The documents' admin search box: by number in any form ("KL 01", "01/KL-TW", "kết luận
    01"), then by words (diacritics and tone-mark placement ignored) through the search index."""
    from portal.search import match, parse_query

    term = term.strip()
    if not term:
        return documents
    named = [d.pk for d in number_lookup(Document.objects.all(), term)]
    words = match(Document.objects.all(), parse_query(term)).values("pk")
    return documents.filter(Q(pk__in=named) | Q(pk__in=words))


def _dashboard_articles(user: AbstractBaseUser) -> QuerySet[Article]:
    """Editors count every article, writers their own (trashed ones included)."""
    articles = Article.objects.all()
    if not services.is_editor(user):
        articles = articles.filter(created_by=user)
    return articles


def dashboard_counts(*, user: AbstractBaseUser, now: datetime | None = None) -> dict[str, int]:
    """How many of the user's articles are in each state as staff think of it: "scheduled"
    apart from what readers see now, "expired" apart from both; "trash" for editors only."""
    now = now or timezone.now()
    articles = _dashboard_articles(user)
    live = articles.live()
    per_status = dict(live.values_list("status").annotate(n=Count("pk")).order_by())
    S = Article.Status
    counts = {
        "draft": per_status.get(S.DRAFT, 0),
        "pending": per_status.get(S.PENDING, 0),
        "published": live.published(now).count(),
        "scheduled": live.scheduled(now).count(),
        "expired": live.filter(status=S.PUBLISHED, expire_at__lte=now).count(),
        "rejected": per_status.get(S.REJECTED, 0),
        "unpublished": per_status.get(S.UNPUBLISHED, 0),
    }
    if services.is_editor(user):
        counts["trash"] = articles.trashed().count()
    return counts


def recent_activity(*, user: AbstractBaseUser, limit: int = 15) -> list[WorkflowEvent]:
    """The newest workflow events of the user's articles (trashed ones included), each with
    `label` (the action in Vietnamese) and `title` (the article's title)."""
    events = list(
        WorkflowEvent.objects.select_related("actor").filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id__in=_dashboard_articles(user).values("pk"),
        )[:limit]
    )
    titles = dict(
        Article.objects.filter(pk__in=[e.object_id for e in events]).values_list("pk", "title")
    )
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.title = titles.get(event.object_id, "")
    return events
