"""A participant on a 360 px phone takes a round, then finds the masked winner on the result
page once the round is closed and frozen; axe-core on every page of the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from models_campaign.contests import services
from models_campaign.contests.models import ContestEntry, ContestRound
from portal.models import Organization
from tests.factories import UserFactory
from tests.models_campaign.contest_factories import ContestFactory, QuestionFactory, RoundFactory
from tests.models_campaign.factories import LocalityFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check_page(browser, axe, name: str) -> None:
    assert axe() == [], name
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: trang rộng {width}px trên màn hình 360px"


def test_participant_takes_a_round_on_a_phone_and_sees_the_result(
    browser, live_server, screenshot, axe
):
    Organization.objects.create(name="Chi đoàn Trường THPT Sa Đéc")
    LocalityFactory(name="Phường 3")
    questions = [
        QuestionFactory(text="Chủ tịch Hồ Chí Minh sinh năm nào?", option_a="1890",
                        option_b="1891", option_c="1911", option_d="1945", correct="a"),
        QuestionFactory(text="Bác ra đi tìm đường cứu nước từ bến cảng nào?",
                        option_a="Hải Phòng", option_b="Bến Nhà Rồng", option_c="Đà Nẵng",
                        option_d="Quy Nhơn", correct="b"),
        QuestionFactory(text="Tác phẩm “Sửa đổi lối làm việc” ký bút danh gì?",
                        option_a="T.L.", option_b="C.B.", option_c="X.Y.Z", option_d="Tân Sinh",
                        correct="c"),
    ]  # fmt: skip
    contest = ContestFactory(title="Hội thi tìm hiểu về Bác năm 2026")
    round_ = RoundFactory(contest=contest, number=1, questions=questions, question_count=3)
    browser.set_window_size(360, 800)

    browser.get(live_server.url + "/cuoc-thi/")
    check_page(browser, axe, "danh sách cuộc thi")
    browser.find_element(By.LINK_TEXT, "Hội thi tìm hiểu về Bác năm 2026").click()
    check_page(browser, axe, "trang cuộc thi")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Vào thi").click()
    WebDriverWait(browser, 10).until(lambda b: "/vong-1/" in b.current_url)
    check_page(browser, axe, "trang vòng thi")
    assert "Vì sao chúng tôi cần các thông tin này" in browser.page_source
    assert not browser.find_element(By.ID, "id_website").is_displayed()  # the honeypot

    browser.find_element(By.ID, "id_full_name").send_keys("Trần Thị Bích Ngọc")
    browser.find_element(By.ID, "id_birth_year").send_keys("2007")
    browser.find_element(By.ID, "id_phone").send_keys("+84 912 345 678")
    Select(browser.find_element(By.ID, "id_unit")).select_by_visible_text(
        "Chi đoàn Trường THPT Sa Đéc"
    )
    Select(browser.find_element(By.ID, "id_locality")).select_by_visible_text("Phường 3")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_consent]").click()
    browser.find_element(By.CSS_SELECTOR, "label[for=ghi-nho]").click()
    screenshot("contest-form", 360)
    browser.find_element(By.CSS_SELECTOR, "#form-nguoi-du-thi button[type=submit]").click()

    WebDriverWait(browser, 10).until(lambda b: "/bai-thi/" in b.current_url)
    check_page(browser, axe, "bài thi")
    assert "Còn" in browser.find_element(By.CSS_SELECTOR, "[data-countdown]").text
    shown = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".question legend")]
    assert len(shown) == 3
    right = {"sinh năm": "1890", "bến cảng": "Bến Nhà Rồng", "bút danh": "X.Y.Z"}
    for index, legend in enumerate(shown):
        wanted = next(answer for clue, answer in right.items() if clue in legend)
        fieldset = browser.find_elements(By.CSS_SELECTOR, ".question fieldset")[index]
        fieldset.find_element(By.XPATH, f".//label[contains(., '{wanted}')]").click()
    browser.find_element(By.ID, "du-doan").send_keys("1")
    screenshot("contest-attempt", 360)
    browser.find_element(By.CSS_SELECTOR, "#bai-thi button[type=submit]").click()

    WebDriverWait(browser, 10).until(lambda b: "/xac-nhan/" in b.current_url)
    check_page(browser, axe, "xác nhận")
    code = browser.find_element(By.CSS_SELECTOR, ".receipt-code").text
    entry = ContestEntry.objects.get()
    assert code == entry.receipt_code
    assert entry.score == 3 and entry.prediction == 1
    assert entry.participant.phone == "0912345678"
    assert "3/3" not in browser.page_source  # no score while the round is open
    screenshot("contest-receipt", 360)

    # The form is remembered on this device (asked for), not on the server.
    browser.get(live_server.url + round_.get_absolute_url())
    assert browser.find_element(By.ID, "id_full_name").get_attribute("value") == (
        "Trần Thị Bích Ngọc"
    )

    # The round closes; the organiser freezes it.
    ContestRound.objects.filter(pk=round_.pk).update(
        closes_at=timezone.now() - timedelta(minutes=round_.time_limit_minutes, seconds=30)
    )
    round_.refresh_from_db()
    services.freeze_round(round_=round_, by=UserFactory(username="bantochuc"))

    browser.get(live_server.url + f"/cuoc-thi/{contest.slug}/ket-qua/")
    check_page(browser, axe, "kết quả")
    winners = browser.find_element(By.CSS_SELECTOR, "table.winners tbody").text
    assert "Trần T. B. N." in winners and "0912***678" in winners and "Giải Nhất" in winners
    assert "Bích Ngọc" not in browser.page_source and "0912345678" not in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, ".stats-chart svg")
    screenshot("contest-results", 360)

    browser.get(live_server.url + f"/cuoc-thi/{contest.slug}/du-lieu-ca-nhan/")
    check_page(browser, axe, "tra cứu dữ liệu")
    browser.find_element(By.ID, "id_phone").send_keys("0912345678")
    browser.find_element(By.ID, "id_receipt").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, ".contest-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "Đúng 3/3 câu" in b.page_source)
    check_page(browser, axe, "dữ liệu của tôi")
