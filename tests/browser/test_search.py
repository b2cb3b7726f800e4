import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    # Like every transactional test here: the flush after it must not take the content types
    # and role groups away from the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_citizen_searches_from_the_header_without_diacritics(browser, live_server, screenshot):
    ArticleFactory(
        title="Thành uỷ Sa Đéc phát động học tập và làm theo Bác",
        summary="Các chi bộ đăng ký mô hình học tập và làm theo Bác năm 2026.",
        published=True,
    )
    ArticleFactory(title="Bản nháp về Sa Đéc", summary="Không được thấy.")

    browser.set_window_size(360, 900)
    browser.get(live_server.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]")
    assert box.accessible_name == "Tìm kiếm bài viết"
    box.send_keys("thanh uy sa dec", Keys.ENTER)

    WebDriverWait(browser, 10).until(lambda b: "/tim-kiem/?q=thanh+uy+sa+dec" in b.current_url)
    results = browser.find_elements(By.CSS_SELECTOR, ".search-result h2")
    assert [r.text for r in results] == ["Thành uỷ Sa Đéc phát động học tập và làm theo Bác"]
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".search-result h2 mark")]
    assert marked == ["Thành", "uỷ", "Sa", "Đéc"]
    assert "Bản nháp" not in browser.page_source
    screenshot("search", 360)
    screenshot("search", 1280)
