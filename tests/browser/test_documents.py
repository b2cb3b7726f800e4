"""The documents registry on a 360 px phone in real Chromium: filter and search `/van-ban/`, open a
document, download its PDF; axe-core finds no serious issue on either page."""

from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from articles import document_services
from tests.articles.document_factories import DocumentFactory, IssuingBodyFactory, pdf_file
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _wait_for_file(browser, folder: Path, seconds: float = 15) -> Path:
    """The first finished download in `folder` (Chromium writes `.crdownload` until done)."""

    def finished(_driver):
        done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        return done[0] if done else False

    return WebDriverWait(browser, seconds).until(finished, "the PDF was not downloaded")


def test_phone_reader_finds_a_document_and_downloads_its_pdf(
    browser, live_server, screenshot, axe, tmp_path
):
    politburo = IssuingBodyFactory(name="Bộ Chính trị")
    document = DocumentFactory(
        kind="ket-luan", number="01-KL/TW", issuing_body=politburo, issued_on=date(2021, 5, 18),
        abstract="Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về đẩy mạnh "
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        published=True,
    )  # fmt: skip
    DocumentFactory(kind="chi-thi", number="05-CT/TW", issuing_body=politburo,
                    issued_on=date(2016, 5, 15), published=True,
                    abstract="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách "
                    "Hồ Chí Minh")  # fmt: skip
    DocumentFactory(kind="nghi-dinh", number="42/2022/NĐ-CP", issued_on=date(2022, 6, 6),
                    issuing_body=IssuingBodyFactory(name="Chính phủ"), published=True)  # fmt: skip
    editor = UserFactory(username="bt-van-ban", is_superuser=True)
    document_services.attachment_add(
        document=document, uploaded=pdf_file("Ket luan 01-KL/TW, toan van."), by=editor
    )
    ArticleFactory(
        title="Chi bộ khu phố học Kết luận 01",
        body="<p>Các đảng viên thảo luận Kết luận số 01-KL/TW của Bộ Chính trị.</p>",
        published=True,
    )

    browser.set_window_size(360, 800)
    browser.get(live_server.url + "/van-ban/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Văn bản"
    assert len(browser.find_elements(By.CSS_SELECTOR, ".document-item")) == 3
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    assert axe() == []
    screenshot("documents-list", 360)

    Select(browser.find_element(By.ID, "vb-loai")).select_by_visible_text("Kết luận")
    box = browser.find_element(By.ID, "vb-q")
    box.send_keys("kết luận 01")
    browser.find_element(By.CSS_SELECTOR, ".filter-actions button").click()
    WebDriverWait(browser, 15).until(EC.url_contains("loai=ket-luan"))
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".document-item h3")]
    assert titles == ["Kết luận số 01-KL/TW"]
    assert axe() == []
    screenshot("documents-search", 360)

    browser.find_element(By.LINK_TEXT, "Kết luận số 01-KL/TW").click()
    WebDriverWait(browser, 15).until(EC.url_matches(r"/van-ban/ket-luan-so-01-kl-tw/$"))
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kết luận số 01-KL/TW"
    related = browser.find_element(By.ID, "bai-viet-lien-quan").find_element(By.XPATH, "..")
    assert "Chi bộ khu phố học Kết luận 01" in related.text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    assert axe() == []
    screenshot("document-detail", 360)
    screenshot("document-detail", 1280)

    browser.set_window_size(360, 800)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.find_element(By.PARTIAL_LINK_TEXT, "Tải về").click()
    downloaded = _wait_for_file(browser, downloads)
    assert downloaded.name == "ket-luan-so-01-kl-tw.pdf"
    assert downloaded.read_bytes().startswith(b"%PDF-")
