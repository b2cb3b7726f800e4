"""Rich-text sanitising, in one place: every rich-text body is cleaned here before it is stored.

The allowlist is what a news article needs and nothing more. Whatever the editor (CKEditor) or
an import sends, scripts, event handlers, styles, frames and forms never reach the database.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.files.storage import default_storage

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "blockquote",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# Content removed with its tag, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# CKEditor's image2 plugin marks captioned pictures with this class; the only class we keep.
ALLOWED_CLASSES = {"figure": {"image-captioned"}}


def _media_prefix() -> str:
    """Where the media storage serves files from: MEDIA_URL on local disk, the bucket's URL when
    the media live in object storage (S3_BUCKET)."""
    probe = "x"
    return default_storage.url(probe)[: -len(probe)] or settings.MEDIA_URL


def _is_own_image(src: str) -> bool:
    """Images in a body may only come from our own media (uploaded through the editor)."""
    parts = urlsplit(src)
    if "/.." in parts.path or "\\" in src:
        return False
    media = _media_prefix()
    if urlsplit(media).netloc:
        return src.startswith(media)
    if parts.scheme or parts.netloc:
        return False
    return parts.path.startswith(media)


class _MissingAlt(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.missing = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "img" and (values.get("src") or "").strip():
            if not (values.get("alt") or "").strip():
                self.missing += 1


def images_missing_alt(html: str | None) -> int:
    """How many pictures in `html` have no alternative text (screen readers read nothing).
    Run it on sanitised HTML: an <img> left without a source shows nothing and is not counted."""
    if not html or "<img" not in html:
        return 0
    parser = _MissingAlt()
    parser.feed(html)
    parser.close()
    return parser.missing


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _is_own_image(value):
        return None
    if attribute in {"width", "height", "colspan", "rowspan"} and not value.isdigit():
        return None
    return value


def sanitize_html(html: str | None) -> str:
    """Return `html` reduced to the portal's allowlist (idempotent)."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        allowed_classes=ALLOWED_CLASSES,
        strip_comments=True,
    )
    return cleaned.strip()


def html_to_text(html: str | None) -> str:
    """Plain text of a body (for comparing revisions, snippets, feeds)."""
    if not html:
        return ""
    spaced = html.replace("</p>", "</p>\n").replace("<br>", "\n")
    return unescape(nh3.clean(spaced, tags=set())).strip()
