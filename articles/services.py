"""Business actions on articles: the one place where an article changes state.

Every caller (admin, demo loader, commands) goes through these functions.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Category


@transaction.atomic
def article_create(
    *,
    title: str,
    category: Category,
    by: AbstractBaseUser | None,
    summary: str = "",
    body: str = "",
    authors: list[Author] | tuple[Author, ...] = (),
    tags: list[str] | tuple[str, ...] = (),
    source: str = "",
    is_featured: bool = False,
) -> Article:
    """A new draft."""
    article = Article(
        title=title,
        category=category,
        summary=summary,
        body=body,
        source=source,
        is_featured=is_featured,
        created_by=by,
        status=Article.Status.DRAFT,
    )
    article.full_clean()
    article.save()
    if authors:
        article.authors.set(authors)
    if tags:
        article.tags.set(list(tags))
    return article


@transaction.atomic
def article_publish(
    *,
    article: Article,
    by: AbstractBaseUser | None,
    at: datetime | None = None,
    expire_at: datetime | None = None,
) -> Article:
    """Publish now, or at `at` (scheduled: public from then on, by the visibility rule)."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    locked.status = Article.Status.PUBLISHED
    locked.publish_at = at or timezone.now()
    locked.expire_at = expire_at
    locked.full_clean()
    locked.save()
    article.refresh_from_db()
    return locked


@transaction.atomic
def article_submit(*, article: Article, by: AbstractBaseUser | None) -> Article:
    """Send a draft (or a returned article) to the editors' review queue."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    locked.status = Article.Status.PENDING
    locked.save()
    article.refresh_from_db()
    return locked
