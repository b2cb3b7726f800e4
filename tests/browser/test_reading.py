"""A citizen's path through the site in a real headless Chromium."""

from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def content():
    category = CategoryFactory(name="Xây dựng Đảng")
    sub = CategoryFactory(name="Chi bộ", parent=category)
    author = AuthorFactory(name="Trương Văn A", organization__name="Ban Tuyên giáo Thành ủy")
    body = (
        "<p>Chi bộ khóm 2 đổi mới nội dung sinh hoạt.</p><h2>Cách làm</h2>"
        "<p>Mỗi kỳ chọn một việc cụ thể của khu phố.</p><blockquote><p>Trích dẫn.</p></blockquote>"
    )
    article = ArticleFactory(
        title="Sa Đéc: Đổi mới công tác triển khai",
        summary="Sapo của bài viết.",
        body=body,
        category=sub,
        published=True,
        authors=[author],
        tags=["Sinh hoạt chi bộ"],
        source="Ban Tuyên giáo Thành ủy",
    )
    for i in range(4):
        ArticleFactory(title=f"Tin liên quan số {i}", category=sub, published=True,
                       tags=["Sinh hoạt chi bộ"])  # fmt: skip
    ArticleFactory(title="Bản nháp không được thấy", category=category)
    return {"category": category, "article": article}


def test_citizen_goes_from_home_to_category_to_article_and_print(
    browser, live_server, screenshot, content
):
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Bản nháp không được thấy" not in browser.page_source
    screenshot("home", 360)
    screenshot("home", 1280)

    browser.find_element(By.CSS_SELECTOR, ".site-nav").find_element(
        By.LINK_TEXT, "Xây dựng Đảng"
    ).click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Xây dựng Đảng"
    screenshot("category", 360)

    browser.find_element(By.LINK_TEXT, "Sa Đéc: Đổi mới công tác triển khai").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.current_url.endswith("/bai-viet/sa-dec-doi-moi-cong-tac-trien-khai/")
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sa Đéc: Đổi mới công tác triển khai"
    byline = browser.find_element(By.CSS_SELECTOR, ".byline").text
    assert byline == "Trương Văn A (Ban Tuyên giáo Thành ủy)"
    crumbs = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".breadcrumbs li")]
    assert crumbs[:3] == ["Trang chủ", "Xây dựng Đảng", "Chi bộ"]
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.value_of_css_property("background-color") == "rgba(163, 22, 26, 1)"
    related = browser.find_elements(By.CSS_SELECTOR, ".related-list a")
    assert len(related) == 4
    screenshot("article", 360)
    screenshot("article", 1280)

    # Share links point at the article's address; the copy button appears with JavaScript.
    article_url = browser.current_url
    facebook = browser.find_element(By.CSS_SELECTOR, ".share-facebook").get_attribute("href")
    zalo = browser.find_element(By.CSS_SELECTOR, ".share-zalo").get_attribute("href")
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert zalo.startswith("https://zalo.me/share?url=")
    from urllib.parse import parse_qs

    assert parse_qs(urlsplit(facebook).query)["u"] == [article_url]
    assert parse_qs(urlsplit(zalo).query)["url"] == [article_url]
    copy = browser.find_element(By.CSS_SELECTOR, ".share-copy")
    assert copy.is_displayed() and copy.get_attribute("data-copy-url") == article_url

    # The print view: the article without navigation or share buttons, with its address.
    browser.find_element(By.LINK_TEXT, "Bản in").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/ban-in/"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".site-nav, .share")
    assert article_url in browser.find_element(By.CSS_SELECTOR, ".print-footer").text
    screenshot("print", 1280)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        tools = browser.find_element(By.CSS_SELECTOR, ".print-actions")
        assert not tools.is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_pages_pass_axe(browser, live_server, axe, content):
    article = content["article"]
    for path in ("/", content["category"].get_absolute_url(), article.get_absolute_url(),
                 "/luu-tru/", "/tim-kiem/?q=chi+bo", "/tim-kiem/"):  # fmt: skip
        browser.get(live_server.url + path)
        assert axe() == [], path


def test_article_page_weight_and_no_other_hosts(browser, live_server, content):
    browser.get(live_server.url + content["article"].get_absolute_url())
    entries = browser.execute_script(
        "return performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource')).map(e => "
        "({name: e.name, type: e.initiatorType, size: e.decodedBodySize}));"
    )
    origin = urlsplit(live_server.url).netloc
    assert all(urlsplit(e["name"]).netloc == origin for e in entries), entries
    text_bytes = sum(e["size"] for e in entries if e["type"] in ("navigation", "link", "script"))
    assert 0 < text_bytes <= 100 * 1024, entries


def test_text_size_and_contrast_are_remembered(browser, live_server, content):
    browser.get(live_server.url + "/")
    browser.execute_script("localStorage.clear()")
    browser.get(live_server.url + "/")
    html = browser.find_element(By.TAG_NAME, "html")
    base = float(browser.execute_script(
        "return parseFloat(getComputedStyle(document.documentElement).fontSize)"))  # fmt: skip
    browser.find_element(By.CSS_SELECTOR, "[data-text-size='1']").click()
    browser.find_element(By.CSS_SELECTOR, "[data-contrast]").click()
    assert "high-contrast" in html.get_attribute("class")
    browser.get(live_server.url + content["article"].get_absolute_url())
    html = browser.find_element(By.TAG_NAME, "html")
    bigger = float(browser.execute_script(
        "return parseFloat(getComputedStyle(document.documentElement).fontSize)"))  # fmt: skip
    assert bigger > base
    assert "high-contrast" in html.get_attribute("class")
    assert (
        browser.find_element(By.CSS_SELECTOR, "[data-contrast]").get_attribute("aria-pressed")
        == "true"
    )
    body_bg = browser.find_element(By.TAG_NAME, "body").value_of_css_property("background-color")
    assert body_bg == "rgba(0, 0, 0, 1)"
    browser.execute_script("localStorage.clear()")


def test_keyboard_skip_link_reaches_the_content(browser, live_server, content):
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server.url + "/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Bỏ qua, đến nội dung chính"
    assert focused.is_displayed()
    focused.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "noi-dung"


def test_site_is_usable_without_javascript(browser_without_js, live_server, content):
    article = content["article"]
    browser_without_js.get(live_server.url + "/")
    assert not browser_without_js.find_element(By.CSS_SELECTOR, ".reading-tools").is_displayed()
    browser_without_js.find_element(By.LINK_TEXT, article.title).click()
    assert browser_without_js.find_element(By.TAG_NAME, "h1").text == article.title
    assert browser_without_js.find_element(By.CSS_SELECTOR, ".share-zalo").is_displayed()
    assert not browser_without_js.find_element(By.CSS_SELECTOR, ".share-copy").is_displayed()


def test_axe_check_is_real(browser, live_server, axe, content):
    """The accessibility check does report a real problem (so a clean result means something)."""
    browser.get(live_server.url + "/")
    browser.execute_script(
        "const i = document.createElement('img'); i.src = '/static/css/site.css';"
        "document.querySelector('main').appendChild(i);"
    )
    assert "image-alt" in [v["id"] for v in axe()]
