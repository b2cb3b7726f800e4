from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def _local(value: datetime) -> datetime:
    """`value` in the site's time zone (settings.TIME_ZONE; the portal activates no other).
    Cheaper than `timezone.localtime`, which looks up the active zone on every call: these
    filters run a dozen times on every list page."""
    return value.astimezone(timezone.get_default_timezone())


@register.filter
def vn_datetime(value: datetime | None) -> str:
    """ "Thứ Năm, 26/11/2026 07:25" in the site's time zone."""
    if not value:
        return ""
    local = _local(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


@register.filter
def vn_date(value: datetime | None) -> str:
    """ "26/11/2026" in the site's time zone."""
    if not value:
        return ""
    return f"{_local(value):%d/%m/%Y}"


@register.filter
def iso_datetime(value: datetime | None) -> str:
    """ISO 8601 in the site's time zone ("2026-11-26T07:25:00+07:00"), for `<time datetime>`
    and meta tags: what `|date:'c'` gives, for a fraction of its cost. A date, or a datetime
    without a zone, is written as it is."""
    if not value:
        return ""
    if not isinstance(value, datetime) or timezone.is_naive(value):
        return value.isoformat()
    return _local(value).isoformat()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL's query string with `page` set to `number` (other filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` (or a media/static URL) as an absolute URL on the current host."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, breadcrumbs, authors) -> str:
    """JSON-LD NewsArticle + BreadcrumbList for an article page (a data block, not a script);
    `authors` as `articles.views.article_extras` gives them (name and address)."""
    import json

    from django.utils.safestring import mark_safe

    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "articleSection": article.category.name,
        "author": [
            {
                "@type": "Person",
                "name": author["name"],
                "url": request.build_absolute_uri(author["url"]),
            }
            for author in authors
        ],
        "publisher": {"@type": "Organization", "name": context.get("SITE_NAME", "")},
    }
    from portal.sharecards import card_url

    # 16:9, 4:3 and 1:1, as search engines ask for news pictures.
    news["image"] = [
        request.build_absolute_uri(card_url(article, s)) for s in ("16x9", "4x3", "1x1")
    ]
    items = [("Trang chủ", request.build_absolute_uri("/"))]
    items += [(c.name, request.build_absolute_uri(c.get_absolute_url())) for c in breadcrumbs]
    items.append((article.title, url))
    trail = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": link}
            for i, (name, link) in enumerate(items, start=1)
        ],
    }
    blocks = []
    for data in (news, trail):
        text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
        blocks.append(f'<script type="application/ld+json">{text}</script>')
    return mark_safe("\n".join(blocks))  # JSON with <, > and & escaped: cannot close the tag


@register.filter
def month_label(value: datetime | None) -> str:
    """ "Tháng 11/2026"."""
    if not value:
        return ""
    return f"Tháng {timezone.localtime(value):%m/%Y}"


class ChromeNode(template.Node):
    def __init__(self, name: str, nodelist, variants):
        self.name, self.nodelist, self.variants = name, nodelist, variants

    def render(self, context) -> str:
        from portal.cache import generation_fragment

        key = (self.name, *(variant.resolve(context) for variant in self.variants))
        return generation_fragment(key, lambda: self.nodelist.render(context))


@register.tag
def chrome(parser, token):
    """`{% chrome "nav" request.path %}...{% endchrome %}`: the page chrome shared by every
    page (navigation, footer, the links to the style sheets), rendered once per content
    generation and reused by this process (portal.cache.generation_fragment). The values after
    the name are the only context the fragment may depend on besides settings and content."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("chrome needs a name")
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1].strip("\"'"), nodelist, [parser.compile_filter(b) for b in bits[2:]])
