"""Cache flooding: pages are keyed on the parameters their views use, nonsense never creates an
entry, Last-Modified follows the content, and expensive requests have a per-client budget."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.cache import page_key
from tests.factories import ArticleFactory, CategoryFactory
from tests.models_campaign.factories import ShowcaseEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def _stored_pages(client, urls) -> int:
    """How many distinct cache entries these addresses are filed under (and exist)."""
    keys = set()
    for url in urls:
        request = client.get(url).wsgi_request
        key, _wanted = page_key(request)
        if key is not None and cache.get(key) is not None:
            keys.add(key)
    return len(keys)


def test_unknown_parameters_are_the_same_page(client):
    ArticleFactory(category=CategoryFactory(), published=True)
    assert client.get("/")["X-Cache"] == "MISS"
    for n in range(20):
        response = client.get(f"/?z={n}&utm_source=zalo{n}")
        assert response.status_code == 200
        assert response["X-Cache"] == "HIT"
    head = client.head("/?z=HEAD")
    assert head["X-Cache"] == "HIT"
    assert _stored_pages(client, ["/", "/?z=1", "/?utm_source=x"]) == 1


def test_list_pages_keyed_on_page_only_and_only_when_it_is_a_real_page(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    category = CategoryFactory(name="Xây dựng Đảng")
    for _ in range(5):
        ArticleFactory(category=category, published=True)
    url = category.get_absolute_url()
    assert client.get(url + "?page=2")["X-Cache"] == "MISS"
    assert client.get(url + "?page=2&x=1")["X-Cache"] == "HIT"
    # What a visitor types is shown as the nearest real page, but never stored under its own key.
    for junk in ("abc", "02", "2.0", "99999", "-1", "%00"):
        response = client.get(f"{url}?page={junk}")
        assert response.status_code == 200
        assert response["X-Cache"] == "MISS"
        assert client.get(f"{url}?page={junk}")["X-Cache"] == "MISS"
    assert client.get(url + "?page=2&page=3")["X-Cache"] == "BYPASS"


def test_showcase_filters_stored_only_for_real_values(client):
    entry = ShowcaseEntryFactory(published=True)
    base = reverse("models_campaign:list")
    real = f"{base}?linh-vuc={entry.field.slug}"
    assert client.get(real)["X-Cache"] == "MISS"
    assert client.get(real)["X-Cache"] == "HIT"
    for n in range(3):
        fake = f"{base}?linh-vuc=khong-co-{n}"
        assert client.get(fake)["X-Cache"] == "MISS"
        assert client.get(fake)["X-Cache"] == "MISS"


def test_undeclared_views_with_a_query_string_are_not_stored(client):
    # Feeds declare that no parameter changes them: one entry whatever is appended.
    assert client.get("/rss/")["X-Cache"] == "MISS"
    assert client.get("/rss/?x=1")["X-Cache"] == "HIT"
    # The sitemap's view declares nothing: with a query string it is neither read nor stored.
    assert client.get("/sitemap.xml?p=1")["X-Cache"] == "BYPASS"
    assert client.get("/sitemap.xml?p=1")["X-Cache"] == "BYPASS"


def test_last_modified_follows_the_content(client):
    import time_machine as tm
    from django.utils import timezone

    from portal.cache import bump_generation

    category = CategoryFactory()
    ArticleFactory(category=category, published=True)
    with tm.travel(timezone.now(), tick=False) as clock:
        first = client.get("/")["Last-Modified"]
        clock.shift(120)
        bump_generation()  # a new generation, the same content
        again = client.get("/")
        assert again["X-Cache"] == "MISS"
        assert again["Last-Modified"] == first
        clock.shift(120)
        ArticleFactory(category=category, published=True, title="Tin mới nhất")
        changed = client.get("/")
        assert changed["Last-Modified"] != first


def test_search_has_a_per_client_budget(client, settings):
    settings.RATE_LIMITS = [
        {**rule, "limit": 5} if rule["name"] == "search" else rule for rule in settings.RATE_LIMITS
    ]
    for n in range(5):
        assert client.get(f"/tim-kiem/?q=tin{n}", REMOTE_ADDR="10.9.0.1").status_code == 200
    refused = client.get("/tim-kiem/?q=tin", REMOTE_ADDR="10.9.0.1")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Bạn đang gửi quá nhiều yêu cầu" in page
    assert "tìm kiếm" in page
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    # Other readers are not affected.
    assert client.get("/tim-kiem/?q=tin", REMOTE_ADDR="10.9.0.2").status_code == 200
    # Ordinary pages are not counted.
    assert client.get("/", REMOTE_ADDR="10.9.0.1").status_code == 200
