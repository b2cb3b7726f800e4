"""The staff guide in the admin (portal.guide): staff only, every page renders with its title,
links and pictures point at URLs that answer, nothing outside docs/huong-dan/ is served; and the
guide and its pictures (taken by tests/browser/test_staff_guide.py) match one to one."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from articles.roles import WRITER
from portal import guide
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GUIDE = Path(guide.GUIDE_DIR)
PAGES = sorted(p.stem for p in GUIDE.glob("*.md"))
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.in_guide = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "guide":
            self.in_guide = 1
        elif self.in_guide and tag == "div":
            self.in_guide += 1
        if not self.in_guide:
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs["src"])

    def handle_endtag(self, tag):
        if self.in_guide and tag == "div":
            self.in_guide -= 1


def _url(page: str) -> str:
    return "/admin/huong-dan/" if page == "README" else f"/admin/huong-dan/{page}/"


@pytest.fixture
def writer_client(client):
    client.force_login(UserFactory(username="phongvien-doc-huong-dan", roles=[WRITER]))
    return client


def test_the_guide_has_its_pages():
    assert "README" in PAGES and len(PAGES) >= 10


def test_staff_see_the_link_in_the_header(writer_client):
    html = writer_client.get("/admin/").content.decode()
    assert '<a href="/admin/huong-dan/" id="guide-link">Hướng dẫn sử dụng</a>' in html


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_its_title_and_working_links(writer_client, page):
    source = (GUIDE / f"{page}.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", source, re.MULTILINE).group(1).strip()
    response = writer_client.get(_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"<title>{title} |" in html
    found = _Links()
    found.feed(html)
    assert ".md" not in " ".join(found.links)  # every page link was rewritten
    for link in found.links:
        if link.startswith("/admin/"):
            assert writer_client.get(link.split("#")[0]).status_code == 200, link
    for src in found.images:
        assert src.startswith("/admin/huong-dan/anh/")
        answer = writer_client.get(src)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/png", src
    assert len(found.images) == len(MARKDOWN_IMAGE.findall(source))


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in ["/admin/huong-dan/", "/admin/huong-dan/duyet-bai/",
                "/admin/huong-dan/anh/hang-cho-duyet.png"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_people_without_staff_access_are_sent_to_the_login(client):
    client.force_login(UserFactory(username="nguoi-dan", is_staff=False))
    assert client.get("/admin/huong-dan/").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/huong-dan/khong-co-trang-nay/",
        "/admin/huong-dan/README/",  # the index has one address
        "/admin/huong-dan/..%2F..%2FREADME/",
        "/admin/huong-dan/anh/khong-co.png",
        "/admin/huong-dan/anh/..%2F..%2F..%2Fmanage.py",
        "/admin/huong-dan/anh/..%2FREADME.md",
        "/admin/huong-dan/anh/%2Fetc%2Fpasswd",
    ],
)
def test_unknown_pages_and_traversal_attempts_are_404(writer_client, url):
    assert writer_client.get(url).status_code == 404


def test_every_picture_is_used_and_every_used_picture_exists():
    used = set()
    for page in GUIDE.glob("*.md"):
        for target in MARKDOWN_IMAGE.findall(page.read_text(encoding="utf-8")):
            assert target.startswith("anh/"), f"{page.name}: {target}"
            used.add(target.removeprefix("anh/"))
    stored = {p.name for p in (GUIDE / "anh").iterdir()}
    assert used - stored == set(), "pictures the guide shows but nobody took"
    assert stored - used == set(), "pictures no page of the guide shows"


def test_every_picture_is_taken_by_the_browser_test():
    """So that `make test` retakes each of them (tests/browser/test_staff_guide.py)."""
    source = (Path(__file__).parents[1] / "browser" / "test_staff_guide.py").read_text("utf-8")
    taken = set(re.findall(r'picture\("([a-z0-9-]+)"', source))
    stored = {p.stem for p in (GUIDE / "anh").glob("*.png")}
    assert stored == taken
