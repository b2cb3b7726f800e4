"""The print edition of a bulletin issue: an A4 PDF laid out by WeasyPrint (HTML and CSS Paged
Media, text shaped by Debian's Pango, fonts from Debian's fonts-dejavu-core, embedded as
subsets). Made once per published version and stored; every request is then served from the
storage (README, "Bulletin, radio, share cards, API").
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string

from articles.models import Article, BulletinIssue

log = logging.getLogger(__name__)

PDF_ROOT = "bulletins"


def public_items(issue: BulletinIssue) -> list:
    """The issue's articles that citizens may read now, in the issue's order (the one rule:
    `Article.objects.published()`)."""
    visible = Article.objects.published().values("pk")
    return list(
        issue.items.filter(article__in=visible)
        .select_related("article__category")
        .prefetch_related("article__authors__organization")
        .order_by("order", "pk")
    )


def content_key(issue: BulletinIssue, items: list) -> str:
    """Changes whenever what the PDF shows changes: the issue's version, its articles'
    versions, which of them are public, and the site name printed on every page."""
    parts = [str(issue.pk), str(issue.version), settings.SITE_NAME]
    parts += [f"{i.article_id}:{i.article.version}:{i.mode}:{i.order}" for i in items]
    parts += [f"s{s.pk}:{s.kind}:{s.order}:{s.title}:{s.body}" for s in issue.sections.all()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# Pictures are read from the portal's storage only, by name: nothing else is ever fetched
# (no network, no other local file), whatever an article's HTML holds.
MEDIA_HOST = "http://media.bulletin.invalid/"


def _weasyprint():
    """WeasyPrint, imported without its side effect on Pillow: its import sets
    `ImageFile.LOAD_TRUNCATED_IMAGES = True` for the whole process, which would make
    portal.images accept truncated uploads in every later request of this worker."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
        import weasyprint.urls
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def _fetcher():
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    class StorageOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = unquote(parts.path)
            media = urlsplit(settings.MEDIA_URL).path or "/media/"
            if parts.scheme == "data":
                return super().fetch(url, headers)
            media_host = urlsplit(settings.MEDIA_URL).netloc
            if parts.netloc not in {urlsplit(MEDIA_HOST).netloc, media_host}:
                raise ValueError(f"Not a stored file: {url}")
            if not path.startswith(media) or ".." in path.split("/"):
                raise ValueError(f"Not a stored file: {url}")
            name = path[len(media) :]
            with default_storage.open(name) as stored:
                body = stored.read()
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    return StorageOnlyFetcher()


def render_pdf(issue: BulletinIssue, items: list | None = None) -> bytes:
    HTML = _weasyprint().HTML
    items = public_items(issue) if items is None else items
    html = render_to_string(
        "articles/bulletin_print.html",
        {
            "issue": issue,
            "items": items,
            "sections": list(issue.sections.all()),
            "media_prefix": urlsplit(settings.MEDIA_URL).path or "/media/",
            "SITE_NAME": settings.SITE_NAME,
            "SITE_TAGLINE": settings.SITE_TAGLINE,
        },
    )
    return HTML(string=html, base_url=MEDIA_HOST, url_fetcher=_fetcher()).write_pdf()


def stored_pdf(issue: BulletinIssue) -> str:
    """The stored PDF of the issue as it is now: made (once) when missing or out of date."""
    items = public_items(issue)
    key = content_key(issue, items)
    name = f"{PDF_ROOT}/{issue.slug}/{key}.pdf"
    if issue.pdf_key == key and issue.pdf_file.name == name and default_storage.exists(name):
        return name
    data = render_pdf(issue, items)
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    old = issue.pdf_file.name
    # A plain update: the print edition is derived, not an edit (no new version or revision).
    BulletinIssue.objects.filter(pk=issue.pk).update(pdf_file=saved, pdf_key=key)
    issue.pdf_file.name, issue.pdf_key = saved, key
    if old and old != saved:
        transaction.on_commit(lambda: _delete_quietly(old), robust=True)
    log.info("Bulletin %s: print edition %s made (%d bytes)", issue.pk, saved, len(data))
    return saved


def _delete_quietly(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        log.warning("Could not delete the old print edition %s", name)
