"""A take-down reaches a reader who has just read the page: browsers revalidate public pages on
every view (no-cache with an ETag), while the server's page cache keeps them fast."""

import pytest
from selenium.webdriver.common.by import By

from articles import services
from articles.roles import EDITOR
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_taken_down_article_is_gone_at_the_readers_next_view(browser, live_server, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the server-side cache on, as in production
    editor = UserFactory(username="bientap-go-bai", roles=[EDITOR])
    article = ArticleFactory(title="Bài sắp bị gỡ xuống", published=True)
    page_url = live_server.url + article.get_absolute_url()
    for url in (page_url, live_server.url + "/", page_url, live_server.url + "/"):
        browser.get(url)  # read twice: the second view comes from the server's cache
        assert "Bài sắp bị gỡ xuống" in browser.page_source

    services.article_unpublish(article=article, by=editor, note="Sai số liệu")

    browser.get(page_url)  # the same address again, as a reader coming back to it
    assert browser.find_element(By.TAG_NAME, "h1").text != "Bài sắp bị gỡ xuống"
    assert "Bài sắp bị gỡ xuống" not in browser.page_source
    browser.get(live_server.url + "/")
    assert "Bài sắp bị gỡ xuống" not in browser.page_source
