import pytest
from selenium.webdriver.common.by import By

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_goes_from_home_to_category_to_article(browser, live_server, screenshot):
    category = CategoryFactory(name="Xây dựng Đảng")
    author = AuthorFactory(name="Trương Văn A", organization__name="Ban Tuyên giáo Thành ủy")
    ArticleFactory(
        title="Sa Đéc: Đổi mới công tác triển khai",
        summary="Sapo của bài viết.",
        category=category,
        published=True,
        authors=[author],
    )
    ArticleFactory(title="Bản nháp không được thấy", category=category)

    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Bản nháp không được thấy" not in browser.page_source
    screenshot("home", 360)
    screenshot("home", 1280)

    browser.find_element(By.LINK_TEXT, "Xây dựng Đảng").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Xây dựng Đảng"

    browser.find_element(By.LINK_TEXT, "Sa Đéc: Đổi mới công tác triển khai").click()
    assert browser.current_url.endswith("/bai-viet/sa-dec-doi-moi-cong-tac-trien-khai/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sa Đéc: Đổi mới công tác triển khai"
    byline = browser.find_element(By.CSS_SELECTOR, ".byline").text
    assert byline == "Trương Văn A (Ban Tuyên giáo Thành ủy)"
    # The stylesheet is served and applied (brand colour on the header).
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.value_of_css_property("background-color") == "rgba(163, 22, 26, 1)"
    screenshot("article", 360)
    screenshot("article", 1280)
