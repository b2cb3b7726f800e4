"""A citizen's phone, a real Chromium 360 CSS pixels wide: the article page fetches a small
rendition of a 5 MB upload, not the upload."""

import pytest
from selenium.webdriver.common.by import By

from articles import services
from tests import images as pics
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # Transactional (the live server's thread needs committed rows); serialized_rollback keeps
    # the role groups and content types for the transactional tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True}


@pytest.fixture
def media_served(settings):
    settings.ROOT_URLCONF = "tests.browser.media_urls"


@pytest.fixture
def phone(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_phone_gets_a_rendition_of_at_most_100_kb_for_a_5_mb_upload(
    phone, live_server, media_served, settings
):
    # A superuser, not a role member: adding a role writes an audit entry, and on SQLite a
    # transactional test's audit entries shift the id sequence that tests/portal/test_backup.py
    # relies on (see the commit message).
    editor = UserFactory(username="bientapvien-anh", is_superuser=True)
    upload = pics.jpeg_bytes(
        pics.photo((4000, 3000), noise=50), quality=92, exif=pics.gps_exif().tobytes()
    )
    assert len(upload) >= 5_000_000
    article = ArticleFactory(published=True, created_by=editor, title="Hội nghị có ảnh lớn")
    article.featured_image = pics.upload(upload, "IMG_2026.JPG")
    article.featured_image_alt = "Quang cảnh hội nghị"
    services.article_save(article=article, by=editor)

    phone.get(live_server.url + article.get_absolute_url())
    assert phone.execute_script("return window.innerWidth") == 360
    img = phone.find_element(By.CSS_SELECTOR, ".article-figure picture img")
    phone.execute_script(
        "return new Promise(done => arguments[0].complete ? done() : arguments[0].onload = done)",
        img,
    )
    current = phone.execute_script("return arguments[0].currentSrc", img)
    assert current.endswith(".webp"), current  # Chromium takes the WebP source
    assert "/renditions/" in current
    entry = phone.execute_script(
        "const e = performance.getEntriesByName(arguments[0])[0];"
        "return e && {encoded: e.encodedBodySize, transfer: e.transferSize};",
        current,
    )
    assert entry is not None, "the picture was not fetched"
    assert 0 < entry["encoded"] <= 100_000, entry
    # Only a rendition was fetched: no request for the original upload or a wider rendition.
    fetched = phone.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/media/'))"
    )
    assert fetched == [current]
    # The reserved box has the picture's proportions (no layout shift when it arrives).
    box = phone.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", img
    )
    assert abs(box[1] - box[0] * 3 / 4) < 2
    # And the served bytes carry no GPS position.
    served = (settings.MEDIA_ROOT / current.split("/media/", 1)[1]).read_bytes()
    assert len(served) == entry["encoded"]
    assert not pics.has_gps(served)
