"""Every staff screen of every role speaks Vietnamese: no English left over from Django or the
admin's libraries, and none of the awkward translations staff reported. The text a person reads
is checked, and so are the labels screen readers read out (aria-label, title, placeholder, the
value of buttons)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.roles import EDITOR, SITE_ADMIN, WRITER
from tests.factories import ArticleFactory, UserFactory
from tests.models_campaign.factories import ShowcaseEntryFactory

pytestmark = pytest.mark.django_db

# English that Django or a library leaves on a screen when a translation is missing.
ENGLISH = [
    "Please correct", "comma-separated", "Show counts", "Hide counts", "Toggle theme",
    "Model name", "Browse for the image", "Embed Image", "Search files", "Heading",
    "Run the selected action", "Add another", "Save and", "View on site", "Select all",
    "selected", "Skip to main content", "Forgotten your", "Breadcrumbs", "Sidebar",
    "Toggle navigation", "Filter", "History", "Delete?", "Log out", "Change password",
    "Recent actions", "My actions", "None available", "Are you sure", "Yes, I", "Summary",
    "Date/time", "Action", "Currently:", "Change:", "Clear all filters", "Home",
]  # fmt: skip
# Vietnamese that staff found wrong or awkward on these screens.
WRONG = [
    "Bản ghi nhớ", "Bởi ", "Đi đến", "Bạn muốn xóa?", "Thêm vào ", "Bắt đầu hành động",
    "Hãy sửa lỗi sai", "Dấu đi",
]  # fmt: skip
READ_ALOUD = ("aria-label", "title", "placeholder", "alt")


class _Reader(HTMLParser):
    """The text of a page as a person (or a screen reader) gets it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        found = dict(attrs)
        self.parts += [found[name] for name in READ_ALOUD if found.get(name)]
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(found["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(reader.parts)


def _problems(text: str) -> list[str]:
    found = [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}", text)]
    found += [word for word in WRONG if word in text]
    return found


def _staff_pages(site_objects) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("review_queue"),
            reverse("ckeditor_browse")]  # fmt: skip
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = site_objects.get(model) or model._default_manager.order_by("pk").first()
        if obj is not None:
            urls += [reverse(f"{prefix}_change", args=[obj.pk]),
                     reverse(f"{prefix}_history", args=[obj.pk]),
                     reverse(f"{prefix}_delete", args=[obj.pk])]  # fmt: skip
        for extra in ("trash", "empty_trash", "import", "export"):
            try:
                urls.append(reverse(f"{prefix}_{extra}"))
            except NoReverseMatch:
                pass
        if obj is not None and hasattr(model_admin, "preview_link_view"):
            for view, args in (("preview_link", []), ("transition", ["submit"]),
                               ("compare", []), ("restore_revision", [1])):  # fmt: skip
                urls.append(reverse(f"{prefix}_{view}", args=[obj.pk, *args]))
    return urls


@pytest.fixture
def site_objects(writer):
    article = ArticleFactory(created_by=writer, title="Bài để kiểm tra ngôn ngữ")
    entry = ShowcaseEntryFactory(created_by=writer, name="Mô hình để kiểm tra ngôn ngữ")
    ArticleFactory(title="Bài trong thùng rác", deleted_at=timezone.now())
    return {type(article): article, type(entry): entry}


@pytest.mark.parametrize("role", [WRITER, EDITOR, SITE_ADMIN])
def test_every_admin_page_of_every_role_is_in_vietnamese(client, role, writer, site_objects):
    user = writer if role == WRITER else UserFactory(username=f"kiem-tra-{role}", roles=[role])
    client.force_login(user)
    checked, failures = 0, {}
    for url in _staff_pages(site_objects):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue  # a page this role may not open (its refusal is tested elsewhere)
        checked += 1
        problems = _problems(visible_text(response.content.decode()))
        if problems:
            failures[url] = problems
    assert checked >= 15, checked
    assert not failures, failures


def test_the_audit_log_filters_by_vietnamese_action_names(client, site_admin, editor):
    from articles import services

    article = ArticleFactory(status="pending")
    services.article_publish(article=article, by=editor)
    client.force_login(site_admin)
    page = client.get(reverse("admin:portal_auditentry_changelist"))
    filters = visible_text(page.content.decode())
    assert "Duyệt và xuất bản" in filters or "Xuất bản" in filters
    assert "\npublish\n" not in filters and "login\n" not in filters


def test_the_admins_javascript_speaks_vietnamese_too(client, editor):
    client.force_login(editor)
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()

    def written(text: str) -> str:  # as the catalogue writes it: JSON with \u escapes
        return json.dumps(text)[1:-1]

    assert written("Đã chọn %(sel)s/%(cnt)s") in catalogue  # "0 của 34 được chọn" before
    assert written("Chủ nhật") in catalogue and written("Chọn ngày") in catalogue


def test_the_checker_finds_english_and_wrong_words():
    page = '<p>Please correct the error below.</p><th aria-label="Model name">x</th>'
    assert _problems(visible_text(page)) == ["Please correct", "Model name"]
    assert _problems(visible_text('<input type="submit" value="Đi đến">')) == ["Đi đến"]
    assert _problems(visible_text("<script>var s = 'Show counts';</script><p>Lưu</p>")) == []


def test_the_compiled_catalogue_matches_its_source():
    """A .po edited without `make messages` would silently not apply: the .mo must agree."""
    import gettext
    from pathlib import Path

    import polib

    folder = Path(__file__).resolve().parents[2] / "portal" / "locale" / "vi" / "LC_MESSAGES"
    for source in folder.glob("*.po"):
        with open(source.with_suffix(".mo"), "rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for entry in polib.pofile(str(source)):
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                assert compiled._catalog[(key, 0)] == entry.msgstr_plural[0], entry.msgid
            else:
                assert compiled._catalog[key] == entry.msgstr, entry.msgid
