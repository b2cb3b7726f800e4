"""The cell-meeting bulletin: visibility of issues and of the articles in them, the web edition,
and the stored A4 print edition checked with poppler-utils (pdftotext, pdffonts, pdftoppm)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import bulletin_pdf, services
from articles.models import BulletinIssue, BulletinItem, BulletinSection
from tests.factories import ArticleFactory, AuthorFactory, jpeg_file

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
HOUR = timedelta(hours=1)
# Old and new tone-mark placement, and "Đ", exactly as editors typed them.
TITLES = [
    "Đảng bộ phường Hoà Thuận khoá mới ra quân",
    "Ủy ban nhân dân và Uỷ ban Mặt trận phối hợp",
    "Đoàn kết xây dựng chi bộ trong sạch, vững mạnh",
]
LONG_BODY = "".join(
    f"<p>Đoạn {i}: chi bộ thảo luận nghị quyết, thống nhất nhiệm vụ trọng tâm của quý, phân "
    "công đảng viên phụ trách từng tổ dân phố và báo cáo kết quả tại kỳ sinh hoạt sau.</p>"
    for i in range(1, 60)
)


def poppler(*args: str) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} (gói poppler-utils) chưa được cài: .ci/run cài gói này.")
    return subprocess.run([tool, *args[1:]], check=True, capture_output=True, text=True).stdout


def make_issue(**values) -> BulletinIssue:
    defaults = {"number": 11, "year": 2026, "period_value": 11, "status": "published",
                "publish_at": timezone.now() - HOUR}  # fmt: skip
    return BulletinIssue.objects.create(**{**defaults, **values})


def add_articles(issue, articles, mode="full"):
    for order, article in enumerate(articles):
        BulletinItem.objects.create(issue=issue, article=article, order=order, mode=mode)


@pytest.fixture
def three_articles():
    author = AuthorFactory(name="Trần Thị Đào")
    first = ArticleFactory(published=True, title=TITLES[0], body=LONG_BODY, authors=[author])
    first.featured_image = jpeg_file(size=(900, 500))
    first.featured_image_alt = "Lễ ra quân"
    services.article_save(article=first, by=None)
    second = ArticleFactory(published=True, title=TITLES[1],
                            body="<p>Hai cơ quan ký quy chế phối hợp năm 2026.</p>")  # fmt: skip
    third = ArticleFactory(published=True, title=TITLES[2], summary="Sapo về đoàn kết.",
                           body="<p>Nội dung không in trong bản rút gọn.</p>")  # fmt: skip
    return first, second, third


def test_print_edition(client, three_articles, tmp_path):
    first, second, third = three_articles
    issue = make_issue(introduction="Kính gửi các đồng chí bí thư chi bộ.")
    add_articles(issue, [first, second])
    BulletinItem.objects.create(issue=issue, article=third, order=3, mode="summary")
    BulletinSection.objects.create(issue=issue, title="Định hướng tháng 11",
                                   body="Tập trung học tập nghị quyết.", order=1)  # fmt: skip

    response = client.get(f"/ban-tin/{issue.slug}/ban-in.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "ban-tin.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))

    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)))[1])
    text = [poppler("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-")
            for n in range(1, pages + 1)]  # fmt: skip
    assert all(unicodedata.is_normalized("NFC", t) for t in text)
    cover = " ".join(text[0].split())
    assert "BẢN TIN SINH HOẠT CHI BỘ" in cover and "Số 11 · Tháng 11/2026" in cover

    # Every title comes out exactly (old and new tone marks, "Đ"), on the page the table of
    # contents (page 2) gives.
    toc = {}
    for line in text[1].splitlines():
        found = re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if found:
            toc[found[1]] = int(found[2])
    assert list(toc) == [*TITLES, "Định hướng tháng 11"]
    for title, page in toc.items():
        heading_pages = [n + 1 for n, t in enumerate(text) if n > 1 and title in t]
        assert heading_pages and heading_pages[0] == page, title
    assert toc[TITLES[1]] > toc[TITLES[0]] + 1  # the long first article fills several pages

    # Running headers and page numbers on the inner pages, none on the cover.
    assert f"Trang 3 / {pages}" in text[2] and TITLES[0] in text[2].splitlines()[0]
    assert "Trang 1" not in text[0]
    # The summary-only article prints its sapo, not its body.
    summary_page = text[toc[TITLES[2]] - 1]
    assert "Sapo về đoàn kết." in summary_page
    assert "Nội dung không in" not in summary_page
    assert "Trần Thị Đào" in text[toc[TITLES[0]] - 1]

    # Fonts embedded (subsets of Debian's DejaVu), and the picture is there.
    fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any("DejaVu" in line for line in fonts)
    assert poppler("pdfimages", "-list", str(pdf)).count("\n") > 2

    # Page 1 kept as a picture in the test artefacts.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    poppler("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf),
            str(ARTIFACTS / "ban-tin-trang-1"))  # fmt: skip
    assert (ARTIFACTS / "ban-tin-trang-1.png").stat().st_size > 1000


def test_print_edition_is_made_once_per_version(client, three_articles, monkeypatch):
    issue = make_issue()
    add_articles(issue, three_articles)
    client.get(f"/ban-tin/{issue.slug}/ban-in.pdf")
    issue.refresh_from_db()
    first_name = issue.pdf_file.name
    assert first_name.endswith(".pdf")

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again for an unchanged issue")

    monkeypatch.setattr(bulletin_pdf, "render_pdf", refuse)
    for _ in range(2):
        assert client.get(f"/ban-tin/{issue.slug}/ban-in.pdf").status_code == 200
    monkeypatch.undo()

    # A new version of the issue (its introduction edited) gets a new print edition.
    issue.introduction = "Lời giới thiệu đã sửa."
    issue.version += 1
    issue.save()
    client.get(f"/ban-tin/{issue.slug}/ban-in.pdf")
    issue.refresh_from_db()
    assert issue.pdf_file.name != first_name


def test_only_published_issues_and_articles_are_shown(client, three_articles):
    now = timezone.now()
    first, second, third = three_articles
    visible = make_issue(number=1)
    add_articles(visible, [first, second, third])
    third.status = "unpublished"  # taken down after the issue was made
    third.save()
    hidden = [
        make_issue(number=2, status="draft", publish_at=None),
        make_issue(number=3, status="pending", publish_at=None),
        make_issue(number=4, publish_at=now + HOUR),  # scheduled
        make_issue(number=5, publish_at=now - 2 * HOUR, expire_at=now - HOUR),  # expired
        make_issue(number=6, status="unpublished"),
        make_issue(number=7, deleted_at=now),  # in the trash
    ]
    listing = client.get("/ban-tin/").content.decode()
    assert visible.title in listing
    page = client.get(visible.get_absolute_url()).content.decode()
    assert TITLES[0] in page and TITLES[1] in page
    assert TITLES[2] not in page  # no longer published: not in the web edition
    for issue in hidden:
        assert issue.title not in listing
        assert client.get(issue.get_absolute_url()).status_code == 404
        assert client.get(issue.get_pdf_url()).status_code == 404


def test_default_title_and_slug():
    issue = make_issue(number=3, period_kind="quarter", period_value=4)
    assert issue.title == "Bản tin sinh hoạt chi bộ số 3 – quý iv/2026"


def test_making_a_pdf_leaves_picture_checks_strict(three_articles):
    """WeasyPrint's import switches Pillow to accepting truncated files for the whole process;
    the portal switches it back, so uploads stay checked after a PDF was made."""
    from PIL import ImageFile

    from portal import images
    from tests.images import jpeg_bytes

    issue = make_issue()
    add_articles(issue, three_articles)
    assert bulletin_pdf.render_pdf(issue).startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(images.ImageRejected):
        images.process_upload(io.BytesIO(jpeg_bytes()[:20_000]))
