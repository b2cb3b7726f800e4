"""The bulletin and the radio programme in a real headless Chromium: pages that pass axe-core,
an audio file the browser can actually play."""

import pytest
from django.core.files.base import ContentFile
from selenium.webdriver.common.by import By

from articles import services
from articles.models import BulletinIssue, BulletinItem
from portal.demo.sounds import tone_mp3
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def media_served(settings):
    settings.ROOT_URLCONF = "tests.browser.media_urls"


def test_radio_programme_plays_and_is_accessible(browser, live_server, screenshot, axe,
                                                  media_served):  # fmt: skip
    article = ArticleFactory(published=True, title="Gương sáng khu phố Hoà Bình")
    article.audio = ContentFile(tone_mp3(3), name="doc.mp3")
    services.article_save(article=article, by=None)

    browser.get(live_server.url + "/phat-thanh/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Phát thanh"
    assert axe() == []
    screenshot("phat-thanh", 360)

    browser.get(live_server.url + article.get_absolute_url())
    player = browser.find_element(By.CSS_SELECTOR, ".audio-player audio")
    # The browser loads the file and reads its length: a real, playable MP3.
    duration = browser.execute_async_script(
        "const a = arguments[0], done = arguments[1];"
        "a.preload = 'auto'; a.addEventListener('loadedmetadata', () => done(a.duration));"
        "a.addEventListener('error', () => done(-1)); a.load();",
        player,
    )
    assert duration == pytest.approx(3, abs=0.2)
    assert axe() == []
    screenshot("bai-viet-phat-thanh", 1280)


def test_bulletin_pages_are_accessible(browser, live_server, screenshot, axe):
    from django.utils import timezone

    issue = BulletinIssue.objects.create(
        number=5, year=2026, period_value=5, status="published", publish_at=timezone.now()
    )
    for order in range(2):
        BulletinItem.objects.create(issue=issue, order=order,
                                    article=ArticleFactory(published=True))  # fmt: skip
    browser.get(live_server.url + "/ban-tin/")
    assert axe() == []
    browser.find_element(By.LINK_TEXT, issue.title).click()
    assert browser.find_element(By.TAG_NAME, "h1").text == issue.title
    assert axe() == []
    screenshot("ban-tin", 360)
