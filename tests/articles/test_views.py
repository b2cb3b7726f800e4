from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.cache import current_generation
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(name="Xây dựng Đảng")


def test_home_lists_published_articles_only(client, category):
    ArticleFactory(title="Bài đã đăng", category=category, published=True)
    ArticleFactory(title="Bài nháp", category=category)
    ArticleFactory(
        title="Bài hẹn giờ",
        category=category,
        status="published",
        publish_at=timezone.now() + timedelta(days=1),
    )
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bài đã đăng" in content
    assert "Bài nháp" not in content
    assert "Bài hẹn giờ" not in content
    assert '<html lang="vi">' in content


def test_article_page_shows_the_article(client, category):
    org_author = AuthorFactory(name="Trương Văn A", organization__name="Ban Tuyên giáo Thành ủy")
    publish_at = timezone.make_aware(timezone.datetime(2026, 11, 26, 7, 25))
    article = ArticleFactory(
        title="Sa Đéc: Đổi mới công tác",
        summary="Sapo rõ ràng.",
        body="<p>Đoạn một.</p>",
        category=category,
        status="published",
        publish_at=publish_at,
        authors=[org_author],
        tags=["Chỉ thị 05"],
        source="Báo Đồng Tháp",
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert article.get_absolute_url() == "/bai-viet/sa-dec-doi-moi-cong-tac/"
    assert '<h1 class="article-title">Sa Đéc: Đổi mới công tác</h1>' in html
    assert "Thứ Năm, 26/11/2026 07:25" in html
    assert "Sapo rõ ràng." in html
    assert "<p>Đoạn một.</p>" in html
    assert "Trương Văn A</a> (Ban Tuyên giáo Thành ủy)" in html
    assert "Nguồn: Báo Đồng Tháp" in html
    assert 'href="/the/chi-thi-05/"' in html
    assert 'href="/chuyen-muc/xay-dung-dang/"' in html  # breadcrumb


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft"},
        {"status": "pending"},
        {"status": "rejected"},
        {"status": "unpublished", "publish_at": timezone.now() - timedelta(days=2)},
        {"status": "published", "publish_at": timezone.now() + timedelta(hours=1)},
        {
            "status": "published",
            "publish_at": timezone.now() - timedelta(days=2),
            "expire_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "pending", "rejected", "unpublished", "scheduled", "expired"],
)
def test_non_public_article_is_a_vietnamese_404(client, category, state):
    article = ArticleFactory(category=category, **state)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/bai-viet/khong-co-bai-nay/",
        "/chuyen-muc/khong-co/",
        "/the/khong-co/",
        "/tac-gia/khong-co/",
        "/khong-co-trang-nay/",
    ],
)
def test_unknown_slugs_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_category_page_includes_subcategories_newest_first(client, category):
    child = CategoryFactory(name="Chi bộ", parent=category)
    now = timezone.now()
    ArticleFactory(
        title="Cũ hơn", category=category, status="published", publish_at=now - timedelta(days=2)
    )
    ArticleFactory(
        title="Mới hơn", category=child, status="published", publish_at=now - timedelta(days=1)
    )
    ArticleFactory(title="Chuyên mục khác", published=True)
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    titles = [a.title for a in response.context["article_list"]]
    assert titles == ["Mới hơn", "Cũ hơn"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", 1), ("0", 1), ("-3", 1), ("999999", 3), ("2", 2), ("1" * 5000, 1), ("", 1)],
)
def test_page_nonsense_shows_the_nearest_valid_page(client, category, settings, page, expected):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(5, category=category, published=True)
    response = client.get(category.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def test_empty_category_pages_are_200(client, category):
    response = client.get(category.get_absolute_url(), {"page": "7"})
    assert response.status_code == 200
    assert "Chưa có bài viết nào." in response.content.decode()


def test_tag_and_author_pages(client, category):
    author = AuthorFactory(name="Phạm Thu Hà")
    ArticleFactory(
        title="Có thẻ", category=category, published=True, tags=["Đà Nẵng"], authors=[author]
    )
    ArticleFactory(title="Không thẻ", category=category, published=True)
    tag_page = client.get(reverse("articles:tag", kwargs={"slug": "da-nang"}))
    assert [a.title for a in tag_page.context["article_list"]] == ["Có thẻ"]
    author_page = client.get(author.get_absolute_url())
    assert [a.title for a in author_page.context["article_list"]] == ["Có thẻ"]


def _fill(category, n):
    for i in range(n):
        author = AuthorFactory()
        ArticleFactory(
            category=category,
            published=True,
            authors=[author],
            tags=["Thẻ A", "Thẻ B"],
            is_featured=i % 2 == 0,
        )


@pytest.mark.parametrize("n", [1, 12])
def test_query_counts_do_not_grow_with_articles(client, category, django_assert_num_queries, n):
    _fill(category, n)
    article = ArticleFactory(
        category=category, published=True, authors=[AuthorFactory()], tags=["Thẻ A"]
    )
    # The content generation and its next schedule boundary are read once per change of
    # content (portal.cache.current_generation), not per page: settled before measuring.
    current_generation()
    # nav 1 (then shared by the other pages until content changes: per_generation);
    # featured and latest: 1 each (a card shows no byline: no authors read); most read 1;
    # showcase highlights 1 (none published here: no photo prefetch);
    # category blocks: categories 1 + keys 1 per top-level category (1 here) + rows 1
    with django_assert_num_queries(8):
        assert client.get("/").status_code == 200
    # the category tree 1 (every category, its parent, children and descendants: kept for the
    # generation), count 1, page keys 1 + rows 1 (DeferredJoinPaginator)
    with django_assert_num_queries(4):
        assert client.get(category.get_absolute_url()).status_code == 200
    # the section's count and the category tree are kept for the generation: two queries
    # fewer the second time
    with django_assert_num_queries(2):
        assert client.get(category.get_absolute_url() + "?page=1").status_code == 200
    # article (+category, parent) 1; its byline, tags and related articles, read once per
    # generation (articles.views.article_extras): authors with their units 1, tags 1,
    # related 2; related showcase entries 1
    with django_assert_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200
    # the same article again in the same generation: the article alone
    with django_assert_num_queries(1):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_deferred_join_pages_match_plain_offset_pages(category):
    from django.core.paginator import Paginator

    from articles.models import Article
    from portal.pagination import DeferredJoinPaginator

    now = timezone.now()
    for i in range(23):  # some share a publish time: the id breaks the tie the same way
        ArticleFactory(category=category, status="published",
                       publish_at=now - timedelta(hours=i // 2))  # fmt: skip
    queryset = Article.objects.published().for_listing()
    plain, deferred = Paginator(queryset, 5), DeferredJoinPaginator(queryset, 5)
    assert deferred.num_pages == plain.num_pages == 5
    for number in range(1, 6):
        assert list(deferred.page(number)) == list(plain.page(number)), number


def test_postgresql_reads_a_deep_page_keys_from_the_listing_index(category):
    from django.db import connection

    from articles.models import Article

    if connection.vendor != "postgresql":
        pytest.skip("the covering index is PostgreSQL's (migration articles.0009)")
    ArticleFactory.create_batch(30, category=category, published=True)
    keys = (
        Article.objects.published()
        .filter(category_id__in=[category.pk])
        .order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)[24:36]
    )
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny table: make the plan show
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using article_public_listing_idx" in plan, plan


def test_section_count_is_kept_per_content_generation(client, category):
    """The section's article count is taken once per content generation: a raw database change
    that sends no signal is not seen, any real change (a new article) is, at once."""
    from articles.models import Article

    first = ArticleFactory(category=category, published=True)
    ArticleFactory(category=category, published=True)
    url = category.get_absolute_url()
    assert client.get(url).context["paginator"].count == 2
    Article.objects.filter(pk=first.pk).update(status="draft")  # no signal: same generation
    assert client.get(url).context["paginator"].count == 2
    ArticleFactory(category=category, published=True)  # a save: a new generation
    assert client.get(url).context["paginator"].count == 2  # 3 published, one now a draft
    assert len(client.get(url).context["page_obj"].object_list) == 2


def test_deep_pages_from_anchors_match_plain_offset_pages(category, monkeypatch):
    """Deep pages start from the anchor rows kept per content generation: the same articles,
    in the same order, as a plain OFFSET, ties on the publication time included."""
    from django.core.paginator import Paginator

    from articles.models import Article
    from portal.pagination import DeferredJoinPaginator

    monkeypatch.setattr(DeferredJoinPaginator, "ANCHOR_EVERY", 4)
    now = timezone.now()
    for i in range(37):  # pairs share a publish time: the id breaks the tie
        ArticleFactory(category=category, status="published",
                       publish_at=now - timedelta(hours=i // 2))  # fmt: skip
    queryset = Article.objects.published().for_listing()
    plain = Paginator(queryset, 3)
    deferred = DeferredJoinPaginator(queryset, 3, count_name="test:anchors")
    assert deferred.num_pages == plain.num_pages == 13
    assert len(deferred._anchors()) == 9  # rows 4, 8, ... 36
    for number in range(1, 14):
        assert list(deferred.page(number)) == list(plain.page(number)), number


def test_a_deep_page_reads_its_anchors_once_per_generation(client, category, monkeypatch,
                                                           django_assert_num_queries):  # fmt: skip
    from portal.cache import current_generation
    from portal.pagination import DeferredJoinPaginator

    monkeypatch.setattr(DeferredJoinPaginator, "ANCHOR_EVERY", 4)
    ArticleFactory.create_batch(30, category=category, published=True)
    current_generation()
    url = category.get_absolute_url() + "?page=3"  # rows 24-35: past the first anchor
    client.get(category.get_absolute_url())  # the count and the category tree, then kept
    # anchors 1, page keys 1 + rows 1; the category tree and the count are kept for the
    # generation since the first page
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(2):  # and so are the anchors
        page = client.get(url)
    assert [a.pk for a in page.context["page_obj"].object_list] == list(
        category.articles.published()
        .order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)[24:36]
    )
