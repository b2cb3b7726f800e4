import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.factories import ArticleFactory
from tests.models_campaign.factories import (
    EntryPhotoFactory,
    FieldFactory,
    LocalityFactory,
    RecognitionFactory,
    ShowcaseEntryFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_citizen_filters_the_showcase_and_opens_an_entry(browser, live_server, screenshot):
    edu, env = FieldFactory(name="Giáo dục"), FieldFactory(name="Môi trường")
    ward = LocalityFactory(name="Phường 1")
    origin = ShowcaseEntryFactory(
        name="Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình",
        field=edu,
        locality=ward,
        status="replicated",
        people_reached=1250,
        value_raised=38_000_000,
        results="Hơn 1.800 đầu sách do phụ huynh góp tặng.",
        published=True,
        related_articles=[ArticleFactory(title="Lan tỏa tủ sách Bác Hồ", published=True)],
    )
    EntryPhotoFactory(entry=origin, alt="Học sinh đọc sách", caption="Giờ đọc sách thứ Hai")
    EntryPhotoFactory(entry=origin, alt="Giá sách về Bác", caption="Tủ sách của trường")
    RecognitionFactory(entry=origin, decision_number="1245/QĐ-UBND")
    ShowcaseEntryFactory(
        name="Tủ sách Bác Hồ ở Trường THCS Nguyễn Văn Bé",
        field=edu,
        replicated_from=origin,
        published=True,
    )
    ShowcaseEntryFactory(name="Ngôi nhà gom rác thải nhựa", field=env, published=True)
    ShowcaseEntryFactory(name="Mô hình chưa duyệt", field=edu)

    browser.get(live_server.url + "/mo-hinh/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Mô hình học tập và làm theo Bác"
    cards = browser.find_elements(By.CSS_SELECTOR, ".showcase-card .card-title")
    assert len(cards) == 3
    assert "Mô hình chưa duyệt" not in browser.page_source
    screenshot("showcase-list", 360)
    screenshot("showcase-list", 1280)

    field = Select(browser.find_element(By.ID, "loc-linh-vuc"))
    assert [o.text for o in field.options] == ["Tất cả", "Giáo dục (2)", "Môi trường (1)"]
    field.select_by_visible_text("Môi trường (1)")
    browser.find_element(By.CSS_SELECTOR, ".filter-actions button").click()
    WebDriverWait(browser, 10).until(lambda b: "linh-vuc=moi-truong" in b.current_url)
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".showcase-card .card-title")]
    assert titles == ["Ngôi nhà gom rác thải nhựa"]

    Select(browser.find_element(By.ID, "loc-linh-vuc")).select_by_visible_text("Giáo dục (2)")
    browser.find_element(By.CSS_SELECTOR, ".filter-actions button").click()
    WebDriverWait(browser, 10).until(lambda b: "linh-vuc=giao-duc" in b.current_url)
    browser.find_element(By.LINK_TEXT, "Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.current_url.endswith("/mo-hinh/tu-sach-bac-ho-o-truong-tieu-hoc-hoa-binh/")
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == origin.name
    figures = browser.find_elements(By.CSS_SELECTOR, ".gallery figure")
    assert len(figures) == 2
    image = figures[0].find_element(By.TAG_NAME, "img")
    assert image.get_attribute("alt") == "Học sinh đọc sách"
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 0  # served
    assert figures[0].find_element(By.TAG_NAME, "figcaption").text == "Giờ đọc sách thứ Hai"
    assert "38.000.000 đồng" in browser.find_element(By.CSS_SELECTOR, ".showcase-numbers").text
    tree = browser.find_element(By.CSS_SELECTOR, ".replication-tree").text
    assert "Tủ sách Bác Hồ ở Trường THCS Nguyễn Văn Bé" in tree
    assert browser.find_element(By.LINK_TEXT, "Lan tỏa tủ sách Bác Hồ")
    screenshot("showcase-entry", 360)
    screenshot("showcase-entry", 1280)

    browser.get(live_server.url + "/mo-hinh/thong-ke/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")) == 4
    assert len(browser.find_elements(By.CSS_SELECTOR, "table caption")) == 4
    screenshot("showcase-stats", 360)
    screenshot("showcase-stats", 1280)
