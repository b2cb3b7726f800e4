"""Previews: staff see any article rendered as the public page, with a "Bản xem trước" banner;
editors can hand out a signed, expiring read-only link to people without an account."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from articles.models import Article

SALT = "articles.preview"


def max_age_days() -> int:
    return int(getattr(settings, "PREVIEW_LINK_DAYS", 7))


def preview_url(article: Article) -> str:
    """A link that cannot be guessed or altered: the article id signed with SECRET_KEY and a
    timestamp (django.core.signing); it stops working after PREVIEW_LINK_DAYS days."""
    token = signing.dumps({"a": article.pk}, salt=SALT)
    return reverse("articles:preview", kwargs={"token": token})


def render_preview(request, article: Article, *, link_expires=None) -> TemplateResponse:
    context = {
        "article": article,
        "preview": True,
        "link_expires": link_expires,
        "breadcrumbs": article.category.trail(),
    }
    response = TemplateResponse(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


@never_cache
def signed_preview(request, token: str):
    """Public, read-only preview through a signed link; anything wrong is a plain 404."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=max_age_days()))
        article = (
            Article.objects.live()
            .select_related("category")
            .prefetch_related("authors__organization", "tags")
            .get(pk=int(data["a"]))
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, Article.DoesNotExist) as exc:
        raise Http404("Liên kết xem trước không hợp lệ hoặc đã hết hạn.") from exc
    return render_preview(request, article)
