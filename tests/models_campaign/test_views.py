import re
from datetime import timedelta

import pytest
from django.utils import timezone

from models_campaign.models import ShowcaseEntry, ThemeArticle
from tests.factories import ArticleFactory, OrganizationFactory
from tests.html import inline_scripts
from tests.models_campaign.factories import (
    AnnualThemeFactory,
    EntryPhotoFactory,
    FieldFactory,
    LocalityFactory,
    RecognitionFactory,
    ShowcaseEntryFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/mo-hinh/"


def _names(response) -> list[str]:
    return [entry.name for entry in response.context["entries"]]


def _facet(response, param) -> dict[str, int]:
    facet = next(f for f in response.context["facets"] if f["param"] == param)
    return {option["value"]: option["count"] for option in facet["options"]}


@pytest.fixture
def catalogue():
    """Five published entries across fields, localities, years, themes, statuses, kinds;
    plus entries citizens must not see."""
    edu, env = FieldFactory(name="Giáo dục"), FieldFactory(name="Môi trường")
    p1, xa = LocalityFactory(name="Phường 1"), LocalityFactory(name="Xã Tân Khánh Đông")
    t22 = AnnualThemeFactory(year=2022)
    make = ShowcaseEntryFactory
    make(
        name="Tủ sách Bác Hồ",
        field=edu,
        locality=p1,
        year_started=2019,
        theme=t22,
        status="replicated",
        published=True,
    )
    make(
        name="Góc đọc sách",
        field=edu,
        locality=xa,
        year_started=2021,
        status="recognised",
        published=True,
    )
    make(
        name="Lớp học tình thương",
        field=edu,
        locality=p1,
        year_started=2021,
        kind="person",
        status="in_progress",
        published=True,
    )
    make(
        name="Nhà gom rác nhựa",
        field=env,
        locality=p1,
        year_started=2019,
        theme=t22,
        status="recognised",
        published=True,
    )
    make(
        name="Đường hoa",
        field=env,
        locality=xa,
        year_started=2022,
        status="registered",
        published=True,
    )
    make(name="Bản nháp bí mật", field=edu, locality=p1, year_started=2019)
    make(
        name="Hẹn giờ ngày mai",
        field=edu,
        locality=p1,
        year_started=2019,
        publication="published",
        publish_at=timezone.now() + timedelta(days=1),
    )
    make(
        name="Đã gỡ xuống",
        field=env,
        locality=xa,
        year_started=2022,
        publication="unpublished",
        publish_at=timezone.now() - timedelta(days=3),
    )
    # fmt: skip


def test_list_shows_published_entries_only(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(
        ["Tủ sách Bác Hồ", "Góc đọc sách", "Lớp học tình thương", "Nhà gom rác nhựa", "Đường hoa"]
    )
    html = response.content.decode()
    assert "Bản nháp bí mật" not in html and "Hẹn giờ ngày mai" not in html
    assert "Đã gỡ xuống" not in html
    assert "5 mô hình" in html


def test_counts_per_filter_value_without_filters(client, catalogue):
    response = client.get(LIST)
    assert _facet(response, "linh-vuc") == {"giao-duc": 3, "moi-truong": 2}
    assert _facet(response, "dia-ban") == {"phuong-1": 3, "xa-tan-khanh-dong": 2}
    assert _facet(response, "nam") == {"2022": 1, "2021": 2, "2019": 2}
    assert _facet(response, "chuyen-de") == {"2022": 2}  # entries without a theme: no option
    assert _facet(response, "tinh-trang") == {
        "in_progress": 1,
        "recognised": 2,
        "registered": 1,
        "replicated": 1,
    }
    assert _facet(response, "loai") == {"collective": 4, "person": 1}
    html = response.content.decode()
    assert "Giáo dục (3)" in html and "Môi trường (2)" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("linh-vuc=giao-duc", ["Góc đọc sách", "Lớp học tình thương", "Tủ sách Bác Hồ"]),
        ("linh-vuc=giao-duc&dia-ban=phuong-1", ["Lớp học tình thương", "Tủ sách Bác Hồ"]),
        ("nam=2019", ["Nhà gom rác nhựa", "Tủ sách Bác Hồ"]),
        ("chuyen-de=2022", ["Nhà gom rác nhựa", "Tủ sách Bác Hồ"]),
        ("tinh-trang=recognised", ["Góc đọc sách", "Nhà gom rác nhựa"]),
        ("loai=person", ["Lớp học tình thương"]),
        ("loai=person&linh-vuc=moi-truong", []),
    ],
)
def test_filters(client, catalogue, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert sorted(_names(response)) == expected


def test_counts_of_a_facet_follow_the_other_filters(client, catalogue):
    response = client.get(f"{LIST}?linh-vuc=giao-duc")
    # Fields still show every field (counted under the other filters: none)...
    assert _facet(response, "linh-vuc") == {"giao-duc": 3, "moi-truong": 2}
    # ...while localities are counted among the education entries.
    assert _facet(response, "dia-ban") == {"phuong-1": 2, "xa-tan-khanh-dong": 1}
    assert 'value="giao-duc" selected' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "linh-vuc=khong-ton-tai",
        "dia-ban=%F0%9F%98%80",
        "nam=abc",
        "nam=99999999999999999999",
        "nam=-1",
        "chuyen-de=1900",
        "chuyen-de=<script>",
        "tinh-trang=deleted",
        "loai=' OR 1=1 --",
        "page=abc&linh-vuc=x",
    ],
)
def test_nonexistent_filter_values_give_an_empty_list_not_an_error(client, catalogue, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert _names(response) == []
    assert "Không có mô hình nào phù hợp với bộ lọc." in response.content.decode()


def test_unknown_parameters_are_ignored(client, catalogue):
    assert len(_names(client.get(f"{LIST}?q=abc&foo=bar"))) == 5


def _fill(n):
    for i in range(n):
        entry = ShowcaseEntryFactory(
            field=FieldFactory(name=f"Lĩnh vực {i % 3}"),
            locality=LocalityFactory(name=f"Phường {i % 4}"),
            theme=AnnualThemeFactory(year=2020 + i % 3),
            year_started=2015 + i % 5,
            published=True,
        )
        EntryPhotoFactory(entry=entry)
        EntryPhotoFactory(entry=entry)


@pytest.mark.parametrize("n", [1, 15])
def test_list_query_count_is_fixed(client, django_assert_num_queries, n):
    _fill(n)
    # nav 1, six facets 6, count 1, page 1, photos of the page 1
    with django_assert_num_queries(10):
        assert client.get(LIST).status_code == 200
    # the navigation bar is read once per content generation (portal.cache.per_generation)
    with django_assert_num_queries(9):
        assert client.get(f"{LIST}?linh-vuc=linh-vuc-0&nam=2015&page=2").status_code == 200
    # A filter value that matches nothing: no page to fetch, nor photos.
    with django_assert_num_queries(7):
        assert client.get(f"{LIST}?linh-vuc=khong-co").status_code == 200
    # A year that is not a number: the database is not even asked, but for the year facet
    # itself (counted without the year filter).
    with django_assert_num_queries(1):
        assert client.get(f"{LIST}?nam=abc").status_code == 200


def test_list_is_paginated_safely(client):
    _fill(15)
    first = client.get(LIST)
    assert len(first.context["entries"]) == 12
    assert len(client.get(f"{LIST}?page=999").context["entries"]) == 3
    assert len(client.get(f"{LIST}?page=0").context["entries"]) == 12


@pytest.fixture
def full_entry():
    theme = AnnualThemeFactory(year=2023)
    origin = ShowcaseEntryFactory(name="Tủ sách Bác Hồ gốc", published=True)
    entry = ShowcaseEntryFactory(
        name="Tủ sách Bác Hồ Phường 3",
        replicated_from=origin,
        theme=theme,
        people_reached=12500,
        value_raised=38000000,
        results="Hơn 1.800 đầu sách.",
        description="<p>Giới thiệu <strong>chi tiết</strong>.</p>",
        organization=OrganizationFactory(name="Trường THCS Nguyễn Văn Bé"),
        status="recognised",
        published=True,
        related_articles=[
            ArticleFactory(title="Bài đã đăng về tủ sách", published=True),
            ArticleFactory(title="Bài nháp về tủ sách"),
        ],
    )
    ShowcaseEntryFactory(name="Tủ sách nhân rộng lần hai", replicated_from=entry, published=True)
    ShowcaseEntryFactory(name="Bản sao chưa đăng", replicated_from=entry)
    EntryPhotoFactory(entry=entry, alt="Học sinh đọc sách", caption="Giờ đọc sách", order=1)
    EntryPhotoFactory(entry=entry, alt="Giá sách", caption="", order=2)
    RecognitionFactory(
        entry=entry,
        level="province",
        decision_number="1780/QĐ-UBND",
        decided_on=timezone.datetime(2023, 2, 27).date(),
        issuer="Ủy ban nhân dân tỉnh",
    )
    return entry


def test_detail_page_shows_gallery_results_recognitions_tree_and_articles(client, full_entry):
    response = client.get(full_entry.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="article-title">Tủ sách Bác Hồ Phường 3</h1>' in html
    assert re.search(r'<figure>\s*<img src="/media/showcase/[^"]+" alt="Học sinh đọc sách"', html)
    assert "<figcaption>Giờ đọc sách</figcaption>" in html
    assert html.count("<figcaption>") == 1  # no empty caption for the second photo
    assert "12.500" in html and "38.000.000 đồng" in html
    assert "<strong>chi tiết</strong>" in html
    assert "Quyết định số 1780/QĐ-UBND ngày 27/02/2023 của Ủy ban nhân dân tỉnh" in html
    tree = response.context["replication_tree"]
    assert tree["name"] == "Tủ sách Bác Hồ gốc"
    assert [c["name"] for c in tree["children"]] == ["Tủ sách Bác Hồ Phường 3"]
    assert [c["name"] for c in tree["children"][0]["children"]] == ["Tủ sách nhân rộng lần hai"]
    assert "Bản sao chưa đăng" not in html
    assert "Bài đã đăng về tủ sách" in html and "Bài nháp về tủ sách" not in html
    assert 'href="/mo-hinh/chuyen-de/2023/"' in html


def test_detail_query_count_is_fixed(client, full_entry, django_assert_num_queries):
    # nav 1, entry (+field, locality, unit, theme) 1, photos 1, recognitions 1,
    # published related articles 1, replication tree 1
    with django_assert_num_queries(6):
        assert client.get(full_entry.get_absolute_url()).status_code == 200
    for i in range(10):
        ShowcaseEntryFactory(replicated_from=full_entry, published=True, name=f"Bản sao {i}")
        RecognitionFactory(entry=full_entry)
        EntryPhotoFactory(entry=full_entry)
    with django_assert_num_queries(6):
        assert client.get(full_entry.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "state",
    [
        {"publication": "draft"},
        {"publication": "pending"},
        {"publication": "unpublished", "publish_at": timezone.now() - timedelta(days=1)},
        {"publication": "published", "publish_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_entry_citizens_may_not_see_is_a_404(client, state):
    entry = ShowcaseEntryFactory(**state)
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 404


def test_theme_page_lists_its_published_articles_and_entries(client):
    theme = AnnualThemeFactory(year=2022)
    other = AnnualThemeFactory(year=2023)
    shown = ArticleFactory(title="Bài chuyên đề đã đăng", published=True)
    hidden = ArticleFactory(title="Bài chuyên đề nháp")
    elsewhere = ArticleFactory(title="Bài chuyên đề khác", published=True)
    ThemeArticle.objects.create(theme=theme, article=shown)
    ThemeArticle.objects.create(theme=theme, article=hidden)
    ThemeArticle.objects.create(theme=other, article=elsewhere)
    ShowcaseEntryFactory(name="Mô hình chuyên đề", theme=theme, published=True)
    ShowcaseEntryFactory(name="Mô hình chuyên đề nháp", theme=theme)
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Chuyên đề năm 2022</h1>" in html
    assert "Bài chuyên đề đã đăng" in html
    assert "Bài chuyên đề nháp" not in html and "Bài chuyên đề khác" not in html
    assert "Mô hình chuyên đề" in html and "Mô hình chuyên đề nháp" not in html
    assert client.get("/mo-hinh/chuyen-de/1999/").status_code == 404


@pytest.mark.parametrize("n", [1, 8])
def test_theme_and_stats_query_counts_are_fixed(client, django_assert_num_queries, n):
    from tests.factories import AuthorFactory

    theme = AnnualThemeFactory(year=2022)
    for i in range(n):
        article = ArticleFactory(published=True, authors=[AuthorFactory()])
        ThemeArticle.objects.create(theme=theme, article=article)
        EntryPhotoFactory(entry=ShowcaseEntryFactory(theme=theme, published=True, name=f"M {i}"))
    # nav 1, theme 1, entries 1 + photos 1, articles 1 (a card shows no byline)
    with django_assert_num_queries(5):
        assert client.get(theme.get_absolute_url()).status_code == 200
    # four grouped counts (the navigation bar was read by the page before, in this content
    # generation: portal.cache.per_generation)
    with django_assert_num_queries(4):
        assert client.get("/mo-hinh/thong-ke/").status_code == 200


def test_home_shows_published_showcase_highlights(client, django_assert_num_queries):
    ShowcaseEntryFactory(name="Mô hình nổi bật", is_featured=True, published=True)
    ShowcaseEntryFactory(name="Mô hình chưa đăng", is_featured=True)
    for i in range(5):
        EntryPhotoFactory(entry=ShowcaseEntryFactory(name=f"Mô hình {i}", published=True))
    # nav 1, featured + latest articles 2 (no article: no prefetch), most read 1,
    # categories 1 (none: no block query), showcase 1 + photos 1
    with django_assert_num_queries(7):
        response = client.get("/")
    highlights = [entry.name for entry in response.context["showcase"]]
    assert highlights[0] == "Mô hình nổi bật"
    assert len(highlights) == 3 and "Mô hình chưa đăng" not in highlights
    assert 'href="/mo-hinh/"' in response.content.decode()


def test_article_page_shows_related_published_entries(client):
    article = ArticleFactory(title="Lan tỏa tủ sách Bác Hồ", published=True)
    ShowcaseEntryFactory(name="Mô hình có liên quan", related_articles=[article], published=True)
    ShowcaseEntryFactory(name="Mô hình liên quan nháp", related_articles=[article])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Mô hình liên quan</h2>" in html
    assert "Mô hình có liên quan" in html and "Mô hình liên quan nháp" not in html

    lonely = ArticleFactory(title="Bài không có mô hình", published=True)
    assert "Mô hình liên quan</h2>" not in client.get(lonely.get_absolute_url()).content.decode()


def test_pages_have_one_h1_landmarks_and_no_inline_script(client, full_entry):
    for url in [
        LIST,
        full_entry.get_absolute_url(),
        "/mo-hinh/thong-ke/",
        "/mo-hinh/chuyen-de/2023/",
    ]:
        html = client.get(url).content.decode()
        assert '<html lang="vi">' in html
        assert html.count("<h1") == 1, url
        assert "<main" in html and "<nav" in html
        assert inline_scripts(html) == [], url
        assert ShowcaseEntry.objects.published().exists()
