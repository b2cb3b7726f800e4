"""The staff guide (docs/huong-dan/, Markdown) shown inside the admin, for staff only.

`/admin/huong-dan/` renders README.md, `/admin/huong-dan/<page>/` renders `<page>.md`, and
`/admin/huong-dan/anh/<name>.png` serves a picture of `docs/huong-dan/anh/`. Links between the
Markdown files (`duyet-bai.md#buoc-2`) and picture paths (`anh/x.png`) are rewritten to these URLs,
so the same files read well on a code host and in the admin. Only names found by listing the
folder are served: a name from the URL is never joined to a path.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from portal.text import slugify_vi

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "huong-dan"
IMAGE_DIR = GUIDE_DIR / "anh"
INDEX = "README"
PAGE_NAME = re.compile(r"^[a-z0-9-]+$")
IMAGE_NAME = re.compile(r"^[a-z0-9-]+\.png$")
# A link to another page of the guide: "page.md", "README.md", optionally with "#anchor".
PAGE_LINK = re.compile(r"^(?:\./)?(?P<page>[A-Za-z0-9-]+)\.md(?P<anchor>#[\w-]*)?$")
IMAGE_LINK = re.compile(r"^(?:\./)?anh/(?P<name>[a-z0-9-]+\.png)$")


def pages() -> dict[str, Path]:
    """Every page of the guide by its URL name (the index is README)."""
    return {p.stem: p for p in sorted(GUIDE_DIR.glob("*.md")) if PAGE_NAME.match(p.stem.lower())}


def images() -> dict[str, Path]:
    if not IMAGE_DIR.is_dir():
        return {}
    return {p.name: p for p in sorted(IMAGE_DIR.iterdir()) if IMAGE_NAME.match(p.name)}


def page_url(name: str) -> str:
    if name == INDEX:
        return reverse("guide_index")
    return reverse("guide_page", kwargs={"page": name})


class _AdminLinks(Treeprocessor):
    """Rewrites page and picture links to the admin's URLs, and lifts the first heading out as
    the page title (the admin shows the title itself)."""

    def run(self, root: Element) -> None:
        self.md.guide_title = ""
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "h1" and not self.md.guide_title:
                    self.md.guide_title = "".join(child.itertext()).strip()
                    parent.remove(child)
        for link in root.iter("a"):
            found = PAGE_LINK.match(link.get("href", ""))
            if found:
                link.set("href", page_url(found["page"]) + (found["anchor"] or ""))
        for picture in root.iter("img"):
            found = IMAGE_LINK.match(picture.get("src", ""))
            if found:
                picture.set("src", reverse("guide_image", kwargs={"name": found["name"]}))
                picture.set("loading", "lazy")


class _AdminLinksExtension(Extension):
    def extendMarkdown(self, md):  # the Markdown library's name
        md.treeprocessors.register(_AdminLinks(md), "guide_admin_links", 0)


def render(source: str) -> tuple[str, str]:
    """(title, HTML body) of a guide page. The files are part of the repository, written by
    the team, so their HTML is trusted like a template."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", _AdminLinksExtension()],
        extension_configs={"toc": {"slugify": lambda value, _separator: slugify_vi(value)}},
    )
    body = md.convert(source)
    return md.guide_title, body


def _page(request, name: str):
    found = pages().get(name)
    if found is None:
        raise Http404("Không có trang hướng dẫn này.")
    title, body = render(found.read_text(encoding="utf-8"))
    return TemplateResponse(
        request,
        "admin/guide/page.html",
        {
            **admin.site.each_context(request),
            "title": title or "Hướng dẫn sử dụng",
            "body": mark_safe(body),
            "is_index": name == INDEX,
            "index_url": reverse("guide_index"),
        },
    )


def index_view(request):
    return _page(request, INDEX)


def page_view(request, page: str):
    if page == INDEX:
        raise Http404("Không có trang hướng dẫn này.")
    return _page(request, page)


def image_view(request, name: str):
    found = images().get(name)
    if found is None:
        raise Http404("Không có ảnh này.")
    return FileResponse(found.open("rb"), content_type="image/png")


def urls():
    view = admin.site.admin_view
    return [
        path("admin/huong-dan/", view(index_view), name="guide_index"),
        path("admin/huong-dan/anh/<str:name>", view(image_view), name="guide_image"),
        path("admin/huong-dan/<str:page>/", view(page_view), name="guide_page"),
    ]
