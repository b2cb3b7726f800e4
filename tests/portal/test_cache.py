"""The anonymous page cache: hits, invalidation on every kind of change and at schedule
boundaries, staff freshness, conditional GET, and a Redis that is down."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def category():
    return CategoryFactory(name="Xây dựng Đảng")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_view_is_a_hit_without_queries(client, category,
                                                        django_assert_num_queries):  # fmt: skip
    article = ArticleFactory(category=category, published=True)
    assert get(client, article.get_absolute_url())["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        response = get(client, article.get_absolute_url())
    assert response["X-Cache"] == "HIT"
    # Browsers revalidate every view (so a take-down reaches them), cheaply: a 304 with no body.
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert response["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and not again.content


def test_a_cdn_may_keep_pages_only_when_configured(client, category, settings):
    settings.PAGE_CACHE_SHARED_SECONDS = 30
    article = ArticleFactory(category=category, published=True)
    response = get(client, article.get_absolute_url())
    assert "s-maxage=30" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_publishing_and_taking_down_show_at_once_everywhere(client, category, editor, writer):
    old = ArticleFactory(title="Bài cũ đã đăng", category=category, published=True)
    new = ArticleFactory(title="Bài mới chờ duyệt", category=category, status="pending",
                         created_by=writer)  # fmt: skip
    pages = ["/", category.get_absolute_url(), "/rss/", "/sitemap.xml"]
    for url in pages:  # every page links an article by its address
        assert new.get_absolute_url() not in get(client, url).content.decode()
        assert get(client, url)["X-Cache"] == "HIT"

    services.article_publish(article=new, by=editor)
    for url in pages:
        assert new.get_absolute_url() in get(client, url).content.decode(), url

    services.article_unpublish(article=old, by=editor)
    for url in pages:
        assert old.get_absolute_url() not in get(client, url).content.decode(), url
    assert client.get(old.get_absolute_url()).status_code == 404


def test_editing_a_category_or_author_name_refreshes_pages(client, category):
    ArticleFactory(category=category, published=True)
    assert "Xây dựng Đảng" in get(client, "/").content.decode()
    category.name = "Công tác xây dựng Đảng"
    category.save()
    assert "Công tác xây dựng Đảng" in get(client, "/").content.decode()


def test_scheduled_article_appears_and_expires_on_time_through_the_cache(client, category):
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(
            title="Bài hẹn giờ 8 giờ",
            category=category,
            status="published",
            publish_at=NOW + timedelta(hours=1),
            expire_at=NOW + timedelta(hours=3),
        )
        assert "Bài hẹn giờ 8 giờ" not in get(client, "/").content.decode()
        assert get(client, "/")["X-Cache"] == "HIT"
    with time_machine.travel(NOW + timedelta(hours=1, seconds=1), tick=False):
        response = get(client, "/")
        assert "Bài hẹn giờ 8 giờ" in response.content.decode()
        assert get(client, article.get_absolute_url()).status_code == 200
    with time_machine.travel(NOW + timedelta(hours=3, seconds=1), tick=False):
        assert "Bài hẹn giờ 8 giờ" not in get(client, "/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_always_see_fresh_pages(client, category, editor):
    article = ArticleFactory(title="Tiêu đề trước", category=category, published=True)
    get(client, "/")
    # A change that sends no signal (as a raw SQL fix would): anonymous readers keep the
    # cached page until it expires, staff see the database.
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề sau")
    assert "Tiêu đề trước" in get(client, "/").content.decode()
    staff = Client()
    staff.force_login(editor)
    response = get(staff, "/")
    assert "Tiêu đề sau" in response.content.decode()
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_conditional_get_answers_304(client, category):
    ArticleFactory(category=category, published=True)
    first = get(client, "/")
    etag = first["ETag"]
    second = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304
    assert second.content == b""
    third = client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert third.status_code == 304


def test_cached_article_views_still_count(client, category):
    from articles.viewcounts import counter

    article = ArticleFactory(category=category, published=True)
    responses = [
        client.get(article.get_absolute_url(), REMOTE_ADDR=f"203.0.113.{n}") for n in range(5)
    ]
    assert [r["X-Cache"] for r in responses] == ["MISS", "HIT", "HIT", "HIT", "HIT"]
    assert counter.flush() == 5
    assert Article.objects.get(pk=article.pk).view_count == 5


def test_redis_down_means_uncached_not_broken(client, category, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },  # fmt: skip
        }
    }
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    assert caches["default"].get("x") is None  # the broken cache answers "miss"
    article = ArticleFactory(title="Vẫn đọc được", category=category, published=True)
    for url in ("/", article.get_absolute_url(), category.get_absolute_url()):
        response = get(client, url)
        assert response["X-Cache"] == "MISS"
    assert "Vẫn đọc được" in get(client, "/").content.decode()


def test_a_cached_page_is_answered_before_sessions_csrf_and_auth(client, category):
    """A reader without a session gets a hit from EarlyPageCacheMiddleware: none of the
    middleware below it runs, yet the answer carries every header the full stack gave."""
    from unittest import mock

    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    article = ArticleFactory(category=category, published=True)
    miss = get(client, article.get_absolute_url())
    refuse = mock.Mock(side_effect=AssertionError("the whole stack ran for a hit"))
    with (
        mock.patch.object(SessionMiddleware, "process_request", refuse),
        mock.patch.object(CsrfViewMiddleware, "process_request", refuse),
    ):
        hit = get(client, article.get_absolute_url())
        not_modified = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=miss["ETag"])
        head = client.head(article.get_absolute_url())
    assert hit["X-Cache"] == "HIT" and hit.content == miss.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
                   "X-Content-Type-Options", "Referrer-Policy", "Content-Language", "ETag",
                   "Content-Type", "Cache-Control", "Last-Modified"):  # fmt: skip
        assert hit[header] == miss[header], header
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) == len(miss.content)


def test_a_reader_with_a_session_goes_through_the_whole_stack(client, category, editor):
    """Staff carry a session cookie: the early answer is never given to them."""
    from unittest import mock

    from django.contrib.sessions.middleware import SessionMiddleware

    get(client, "/")
    assert get(client, "/")["X-Cache"] == "HIT"
    staff = Client()
    staff.force_login(editor)
    with mock.patch.object(
        SessionMiddleware, "process_request", autospec=True,
        side_effect=SessionMiddleware.process_request,
    ) as session:  # fmt: skip
        response = get(staff, "/")
    assert session.called
    assert "X-Cache" not in response and "private" in response["Cache-Control"]


def test_per_generation_values_kept_in_a_process_are_bounded(monkeypatch):
    """Per-article values (byline, related list) make one name per article read: a process keeps
    at most LOCAL_VALUES of them, never at the cost of the site-wide ones, and a value dropped
    from its memory is still shared in Redis (or computed again), never wrong."""
    from portal import cache as page_cache

    monkeypatch.setattr(page_cache, "LOCAL_VALUES", 10)
    computed = []
    assert page_cache.per_generation("test-site-wide", lambda: "tree") == "tree"

    def value(i):
        return page_cache.per_generation(
            f"test-value:{i}", lambda: computed.append(i) or i * 2, many=True
        )

    assert [value(i) for i in range(25)] == [i * 2 for i in range(25)]
    assert len(page_cache.local.item_values) <= 10
    assert "test-site-wide" in page_cache.local.values  # not pushed out by the articles
    assert value(0) == 0 and value(24) == 48  # the oldest from the shared cache, the newest kept
    assert computed == list(range(25))  # nothing computed twice in one generation


def test_what_a_reader_built_before_a_commit_is_not_kept_after_it(
    django_capture_on_commit_callbacks,
):
    """A reader between a save and its commit sees the old rows; what it builds then (a page, an
    article's related list) must not outlive the commit: the generation moves on again."""
    from portal import cache as page_cache

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ArticleFactory(published=True, title="Tiêu đề mới")  # a new generation at once
        # a reader in the window (another connection would not see the new article yet)
        page_cache.per_generation("test-titles", lambda: [])
        ArticleFactory(published=True)  # more rows in the same transaction
    assert len(callbacks) == 1  # one more bump at the commit, however many rows
    assert page_cache.per_generation("test-titles", lambda: ["Tiêu đề mới"]) == ["Tiêu đề mới"]
