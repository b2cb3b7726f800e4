"""The staff guide's pictures (docs/huong-dan/anh/), taken while doing each task of the guide in
the real admin, as the role the guide addresses: real logins, clicks and typing, and after each
step the outcome the guide promises (the item is in the queue, the public page shows it...).

Every `make test` retakes them, so the guide never shows an admin that no longer exists. The
server's clock stands still (time-machine; it moves a minute at each login) and the data is made
here, so a picture only changes when the screen it shows changes.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image, ImageChops
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from articles.roles import EDITOR, SITE_ADMIN, WRITER
from tests.browser.test_admin_editor import wait_for_editor
from tests.factories import AuthorFactory, CategoryFactory, OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # Sequences restart, so the numbers some screens show are the same on every run.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True),
]

PICTURES = Path(__file__).resolve().parents[2] / "docs" / "huong-dan" / "anh"
WIDTH, HEIGHT = 1280, 800
PASSWORD = "mat-khau-thu"  # the factories' password
# A morning in the future, so the browser keeps the session cookie the server sets.
MORNING = datetime(2030, 3, 4, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock():
    """The server's clock stands still (so the times the admin shows are the same on every
    run) and moves a minute each time someone logs in (`log_in_as`)."""
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def log_in_as(browser, live_server, clock):
    def log_in(username: str) -> None:
        clock.shift(60)
        _log_in(browser, live_server, username)

    return log_in


STILL = """
document.activeElement && document.activeElement.blur();
if (!document.getElementById('guide-still')) {
  const style = document.createElement('style');
  style.id = 'guide-still';
  style.textContent = '*, *::before, *::after {transition: none !important; ' +
    'animation: none !important; caret-color: transparent !important}';
  document.head.appendChild(style);
}
"""


@pytest.fixture
def picture(browser):
    """`picture(name, at=element)`: the window (scrolled to `at`) saved as anh/<name>.png, in
    a small palette so the repository stays light."""
    PICTURES.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(WIDTH, HEIGHT)

    def take(name: str, at=None) -> Path:
        browser.set_window_size(WIDTH, HEIGHT)
        # No blinking text cursor and no transition caught halfway (a focus ring fading out):
        # the same screen gives the same picture.
        browser.execute_script(STILL)
        # The pointer away from anything that changes under it (the last click left it there).
        browser.execute_cdp_cmd(
            "Input.dispatchMouseEvent", {"type": "mouseMoved", "x": WIDTH - 4, "y": 4}
        )
        if at is not None:
            browser.execute_script(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -60);", at
            )
        else:
            browser.execute_script("window.scrollTo(0, 0)")
        image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
        image = image.quantize(colors=64, dither=Image.Dither.NONE)
        path = PICTURES / f"{name}.png"
        if not _visibly_different(path, image):
            return path  # a border's anti-aliasing is not a change worth a new file in git
        image.save(path, optimize=True)
        return path

    yield take
    browser.delete_all_cookies()


def _visibly_different(path: Path, image: Image.Image) -> bool:
    """True unless `path` holds a picture of the same size where no pixel's brightness differs
    by more than 32 of 255 (text, a label, a colour that changed all differ by far more)."""
    if not path.exists():
        return True
    with Image.open(path) as stored:
        if stored.size != image.size:
            return True
        difference = ImageChops.difference(stored.convert("L"), image.convert("L"))
    return difference.point(lambda v: 255 if v > 32 else 0).getbbox() is not None


def _log_in(browser, live_server, username: str) -> None:
    """Through the admin's own login page, as staff do."""
    browser.delete_all_cookies()
    browser.get(live_server.url + "/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "user-tools"))


def wait_for_message(browser, kind: str = "success") -> str:
    found = WebDriverWait(browser, 15).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, f".messagelist .{kind}")
    )
    return found[0].text


def click_button(browser, label: str) -> None:
    """A link styled as a button, or a submit button, by the words it shows."""
    for element in browser.find_elements(
        By.CSS_SELECTOR, "a.button, input[type=submit], button[type=submit]"
    ):
        text = element.text or element.get_attribute("value")
        if text.strip() == label and element.is_displayed():
            element.click()
            return
    raise AssertionError(f"no button “{label}” on {browser.current_url}")


def submit_and_wait(browser, label: str) -> None:
    """`click_button`, then wait for the next page."""
    old = browser.find_element(By.TAG_NAME, "html")
    click_button(browser, label)
    WebDriverWait(browser, 15).until(lambda b: _stale(old))


def press_and_wait(browser, button) -> None:
    """Click `button` and wait for the next page (not the message of the page before)."""
    old = browser.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(browser, 15).until(lambda b: _stale(old))


def _stale(element) -> bool:
    try:
        element.is_enabled()
        return False
    except Exception:  # StaleElementReferenceException: the next page has loaded
        return True


def choose_autocomplete(browser, field_id: str, words: str, choice: str) -> None:
    """The admin's search-as-you-type pickers (category, authors): type, click the choice."""
    box = browser.find_element(By.CSS_SELECTOR, f"#{field_id} + .select2 .select2-selection")
    box.click()
    search = WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.CSS_SELECTOR, ".select2-container--open .select2-search__field")
    )
    search.send_keys(words)

    def offered(b):
        options = b.find_elements(By.CSS_SELECTOR, ".select2-results__option")
        # Only once the server has answered the typed words: every option matches them.
        if options and all(words.lower() in o.text.lower() for o in options):
            return [o for o in options if o.text == choice]
        return []

    WebDriverWait(browser, 10).until(offered)[0].click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.ID, f"select2-{field_id}-container").text.endswith(choice)
    )


def type_into_editor(browser, text: str) -> None:
    wait_for_editor(browser)
    frame = browser.find_element(By.CSS_SELECTOR, "#cke_id_body iframe")
    browser.switch_to.frame(frame)
    try:
        body = browser.find_element(By.TAG_NAME, "body")
        body.click()
        body.send_keys(Keys.CONTROL, "a")
        body.send_keys(text)
    finally:
        browser.switch_to.default_content()


def fill_date_time(browser, name: str, day: str, hour: str) -> None:
    date_box = browser.find_element(By.NAME, f"{name}_0")
    date_box.clear()
    date_box.send_keys(day)
    time_box = browser.find_element(By.NAME, f"{name}_1")
    time_box.clear()
    time_box.send_keys(hour)


@pytest.fixture
def newsroom():
    """The people of the guide: a writer, an editor and a site admin of one office."""
    office = OrganizationFactory(name="Ban Tuyên giáo Thành ủy")
    writer = UserFactory(username="phongvien.lan", first_name="Lan", last_name="Nguyễn Thị",
                         roles=[WRITER])  # fmt: skip
    editor = UserFactory(username="bientap.minh", first_name="Minh", last_name="Trần Văn",
                         roles=[EDITOR])  # fmt: skip
    site_admin = UserFactory(username="quantri.hoa", first_name="Hòa", last_name="Lê Thị",
                             roles=[SITE_ADMIN])  # fmt: skip
    AuthorFactory(name="Nguyễn Thị Lan", organization=office, user=writer)
    category = CategoryFactory(name="Học tập và làm theo Bác")
    CategoryFactory(name="Xây dựng Đảng")
    return {"writer": writer, "editor": editor, "site_admin": site_admin, "category": category}


TITLE = "Phường 1 ra mắt mô hình “Tủ sách Bác Hồ” tại khu phố"
SUMMARY = (
    "Sáng 4/3, Đảng ủy Phường 1 tổ chức ra mắt mô hình “Tủ sách Bác Hồ” tại nhà văn hóa "
    "khu phố 3, với hơn 300 đầu sách do người dân đóng góp."
)
BODY = (
    "Tủ sách đặt tại nhà văn hóa khu phố, mở cửa các buổi tối trong tuần để thiếu nhi và "
    "người dân đến đọc."
)


def test_writing_reviewing_correcting_and_restoring_an_article(
    browser, live_server, log_in_as, picture, newsroom
):
    base = live_server.url + "/admin/articles/article/"

    # --- the writer: log in, write, save a draft, submit ------------------------------------
    browser.delete_all_cookies()
    browser.get(live_server.url + "/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").send_keys("phongvien.lan")
    picture("dang-nhap")
    log_in_as("phongvien.lan")
    guide_link = browser.find_element(By.ID, "guide-link")
    assert guide_link.get_attribute("textContent") == "Hướng dẫn sử dụng"
    picture("trang-chu-quan-tri")

    browser.get(base + "add/")
    browser.find_element(By.ID, "id_title").send_keys(TITLE)
    browser.find_element(By.ID, "id_summary").send_keys(SUMMARY)
    type_into_editor(browser, BODY)
    choose_autocomplete(browser, "id_category", "Học tập", "Học tập và làm theo Bác")
    browser.find_element(By.ID, "id_tags_moi").send_keys("Tủ sách Bác Hồ", Keys.ENTER)
    picture("viet-bai-moi", at=browser.find_element(By.ID, "id_title"))
    press_and_wait(browser, browser.find_element(By.NAME, "_continue"))
    assert "được thêm vào thành công" in wait_for_message(browser)
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert list(article.authors.values_list("name", flat=True)) == ["Nguyễn Thị Lan"]
    assert article.category.name == "Học tập và làm theo Bác"
    picture("bai-nhap", at=browser.find_element(By.ID, "workflow-box"))

    click_button(browser, "Gửi duyệt")
    WebDriverWait(browser, 15).until(lambda b: "/chuyen-trang-thai/submit/" in b.current_url)
    picture("gui-duyet")
    submit_and_wait(browser, "Gửi duyệt")
    wait_for_message(browser)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING

    # --- the editor: the queue, return with a note --------------------------------------------
    log_in_as("bientap.minh")
    browser.find_element(By.LINK_TEXT, "Chờ duyệt (tất cả)").click()
    queue = WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "queue"))
    assert TITLE in queue.text and "Nguyễn Thị Lan" in queue.text
    picture("hang-cho-duyet")
    queue.find_element(By.LINK_TEXT, TITLE).click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "workflow-box"))
    picture("bai-cho-duyet", at=browser.find_element(By.ID, "workflow-box"))
    click_button(browser, "Trả lại")
    note = WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "id_note"))
    note.send_keys("Đề nghị bổ sung số sách và tên người góp sách nhiều nhất.")
    picture("tra-lai")
    submit_and_wait(browser, "Trả lại")
    wait_for_message(browser)
    article.refresh_from_db()
    assert article.status == Article.Status.REJECTED

    # --- the writer: sees the note, corrects, submits again ----------------------------------
    log_in_as("phongvien.lan")
    browser.get(base + f"{article.pk}/change/")
    box = browser.find_element(By.ID, "workflow-box")
    assert "bổ sung số sách" in box.text
    picture("bai-bi-tra-lai", at=box)
    summary = browser.find_element(By.ID, "id_summary")
    summary.send_keys(" Nhiều sách nhất là của bác Sáu Hùng (45 cuốn).")
    press_and_wait(browser, browser.find_element(By.NAME, "_continue"))
    wait_for_message(browser)
    click_button(browser, "Gửi duyệt")
    WebDriverWait(browser, 15).until(lambda b: "/chuyen-trang-thai/submit/" in b.current_url)
    submit_and_wait(browser, "Gửi duyệt")
    wait_for_message(browser)

    # --- the editor: approve and publish; the public page shows it ----------------------------
    log_in_as("bientap.minh")
    browser.get(base + f"{article.pk}/change/")
    click_button(browser, "Duyệt và xuất bản")
    WebDriverWait(browser, 15).until(lambda b: "/chuyen-trang-thai/publish/" in b.current_url)
    picture("duyet-va-xuat-ban")
    submit_and_wait(browser, "Duyệt và xuất bản")
    wait_for_message(browser)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    public_url = live_server.url + article.get_absolute_url()
    browser.get(public_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE

    # --- the writer corrects the published article: a pending change -------------------------
    log_in_as("phongvien.lan")
    browser.get(base + f"{article.pk}/change/")
    assert "đề xuất sửa" in browser.find_element(By.ID, "proposal-note").text
    title = browser.find_element(By.ID, "id_title")
    title.clear()
    title.send_keys(TITLE.replace("ra mắt", "khai trương"))
    press_and_wait(browser, browser.find_element(By.NAME, "_continue"))
    assert "Đã gửi đề xuất sửa" in wait_for_message(browser)
    picture("de-xuat-sua", at=browser.find_element(By.ID, "workflow-box"))
    browser.get(public_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE  # not yet

    # --- the editor approves the change --------------------------------------------------------
    log_in_as("bientap.minh")
    browser.get(live_server.url + "/admin/cho-duyet/")
    row = browser.find_element(By.ID, "queue")
    assert "Thay đổi chờ duyệt" in row.text
    row.find_element(By.PARTIAL_LINK_TEXT, "Phường 1").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "diff"))
    picture("thay-doi-cho-duyet")
    submit_and_wait(browser, "Duyệt thay đổi")
    assert "trang công khai đã cập nhật" in wait_for_message(browser)
    browser.get(public_url)  # the same address: a published article's URL never changes
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE.replace("ra mắt", "khai trương")

    # --- history: compare and restore an earlier version --------------------------------------
    browser.get(base + f"{article.pk}/history/")
    revisions = browser.find_element(By.ID, "revisions")
    picture("lich-su", at=revisions)
    restore = [
        link
        for link in revisions.find_elements(By.PARTIAL_LINK_TEXT, "Khôi phục phiên bản")
        if link.is_displayed()
    ]
    restore[0].click()  # the newest version that is not the current one
    WebDriverWait(browser, 15).until(lambda b: "/khoi-phuc/" in b.current_url)
    picture("khoi-phuc-phien-ban")
    press_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".submit-row input[type=submit]"))
    assert "Đã khôi phục phiên bản" in wait_for_message(browser)
    browser.get(public_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE


def test_scheduling_taking_down_and_the_trash(browser, live_server, log_in_as, picture, newsroom):
    from tests.factories import ArticleFactory

    base = live_server.url + "/admin/articles/article/"
    mine = {"created_by": newsroom["writer"], "category": newsroom["category"]}
    waiting = ArticleFactory(title="Hội nghị học tập chuyên đề năm 2030", status="pending", **mine)
    live = ArticleFactory(title="Thông báo lịch tiếp công dân tháng 3", published=True, **mine)
    for n in (1, 2):
        ArticleFactory(title=f"Tin ngắn hoạt động khu phố {n}", status="pending", **mine)
    log_in_as("bientap.minh")

    # Schedule: approve now, publish tomorrow morning, expire at the end of the month.
    browser.get(base + f"{waiting.pk}/chuyen-trang-thai/publish/")
    fill_date_time(browser, "publish_at", "05/03/2030", "07:00")
    fill_date_time(browser, "expire_at", "31/03/2030", "23:59")
    picture("hen-gio", at=browser.find_element(By.ID, "id_note"))
    submit_and_wait(browser, "Duyệt và xuất bản")
    wait_for_message(browser)
    waiting.refresh_from_db()
    assert waiting.is_scheduled
    assert not Article.objects.published().filter(pk=waiting.pk).exists()
    browser.get(live_server.url + waiting.get_absolute_url())
    assert browser.find_element(By.TAG_NAME, "h1").text != waiting.title  # not public yet
    browser.get(base + "hen-gio/")
    assert waiting.title in browser.find_element(By.ID, "content").text
    picture("danh-sach-hen-gio")
    with time_machine.travel(datetime(2030, 3, 5, 7, 1, tzinfo=MORNING.tzinfo), tick=True):
        browser.get(live_server.url + waiting.get_absolute_url())
        assert browser.find_element(By.TAG_NAME, "h1").text == waiting.title
    log_in_as("bientap.minh")  # the staff session ended overnight

    # Bulk: approve several items at once, after a confirmation page.
    browser.get(base + "?trang-thai=pending")
    for box in browser.find_elements(By.CSS_SELECTOR, "input.action-select"):
        box.click()
    browser.find_element(
        By.CSS_SELECTOR, 'select[name="action"] option[value="publish_selected"]'
    ).click()
    picture("chon-nhieu-bai")
    browser.find_element(By.CSS_SELECTOR, 'button[name="index"]').click()
    table = WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "bulk-items"))
    assert "Tin ngắn hoạt động khu phố 1" in table.text
    picture("xac-nhan-hang-loat")
    submit_and_wait(browser, "Duyệt và xuất bản")
    assert "2 bài viết" in wait_for_message(browser)

    # A preview link for someone without an account.
    browser.get(base + f"{live.pk}/lien-ket-xem-truoc/")
    picture("lien-ket-xem-truoc")  # before: a new link holds a random token and the test's port
    submit_and_wait(browser, "Tạo liên kết mới")
    links = browser.find_element(By.ID, "preview-links")
    assert "Đang dùng được" in links.text
    address = links.find_element(By.CSS_SELECTOR, "input[readonly]").get_attribute("value")
    log_in_as("phongvien.lan")
    browser.delete_all_cookies()  # someone without an account reads it
    browser.get(address)
    assert browser.find_element(By.TAG_NAME, "h1").text == live.title
    log_in_as("bientap.minh")

    # Take down, with a note; the public page is gone; publish again.
    browser.get(base + f"{live.pk}/change/")
    click_button(browser, "Gỡ xuống")
    note = WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "id_note"))
    note.send_keys("Lịch tiếp công dân thay đổi, chờ thông báo mới.")
    picture("go-bai")
    submit_and_wait(browser, "Gỡ xuống")
    wait_for_message(browser)
    browser.get(live_server.url + live.get_absolute_url())
    assert browser.find_element(By.TAG_NAME, "h1").text != live.title
    browser.get(base + f"{live.pk}/change/")
    click_button(browser, "Xuất bản lại")
    WebDriverWait(browser, 15).until(lambda b: "/republish/" in b.current_url)
    submit_and_wait(browser, "Xuất bản lại")
    wait_for_message(browser)
    browser.get(live_server.url + live.get_absolute_url())
    assert browser.find_element(By.TAG_NAME, "h1").text == live.title

    # Trash: delete, find it in the trash, restore it.
    browser.get(base + f"{live.pk}/change/")
    browser.find_element(By.CSS_SELECTOR, "a.deletelink").click()
    WebDriverWait(browser, 15).until(lambda b: "/delete/" in b.current_url)
    picture("xoa-vao-thung-rac")
    press_and_wait(browser, browser.find_element(By.CSS_SELECTOR, '#content input[type="submit"]'))
    browser.get(live_server.url + live.get_absolute_url())
    assert browser.find_element(By.TAG_NAME, "h1").text != live.title
    browser.get(base + "thung-rac/")
    trash = browser.find_element(By.ID, "trash")
    assert live.title in trash.text
    picture("thung-rac")
    submit_and_wait(browser, "Khôi phục")
    assert "Đã khôi phục" in wait_for_message(browser)
    browser.get(live_server.url + live.get_absolute_url())
    assert browser.find_element(By.TAG_NAME, "h1").text == live.title


SHOWCASE_HEADERS = ["Tên mô hình", "Loại", "Đơn vị thực hiện", "Địa bàn", "Lĩnh vực",
                    "Năm bắt đầu", "Tình trạng", "Tóm tắt"]  # fmt: skip


def _showcase_csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHOWCASE_HEADERS)
        writer.writerows(rows)
    return path


def test_importing_showcase_entries(browser, live_server, log_in_as, picture, newsroom, tmp_path):
    from models_campaign.models import ShowcaseEntry
    from tests.models_campaign.factories import FieldFactory, LocalityFactory

    OrganizationFactory(name="Hội Liên hiệp Phụ nữ Phường 1")
    FieldFactory(name="Môi trường")
    LocalityFactory(name="Phường 1")
    good = ["Hội Liên hiệp Phụ nữ Phường 1", "Phường 1", "Môi trường", "2024", "Đang thực hiện"]
    wrong = _showcase_csv(tmp_path / "mo-hinh-loi.csv", [
        ["Ngôi nhà gom rác thải nhựa", "Mô hình tập thể", *good, "Gom rác nhựa giúp học sinh."],
        ["Tuyến đường hoa", "Mô hình tập thể", "Hội Liên hiệp Phụ nữ Phường 1", "Phường 99",
         "Môi trường", "năm ngoái", "Đang thực hiện", ""],
    ])  # fmt: skip
    right = _showcase_csv(tmp_path / "mo-hinh.csv", [
        ["Ngôi nhà gom rác thải nhựa", "Mô hình tập thể", *good, "Gom rác nhựa giúp học sinh."],
        ["Tuyến đường hoa", "Mô hình tập thể", *good, "Trồng hoa dọc đường khu phố 2."],
    ])  # fmt: skip
    log_in_as("bientap.minh")
    browser.get(live_server.url + "/admin/models_campaign/showcaseentry/")
    browser.find_element(By.CSS_SELECTOR, "a.import_link").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "id_import_file"))
    picture("nhap-mo-hinh")

    def upload(path: Path) -> None:
        browser.find_element(By.ID, "id_import_file").send_keys(str(path))
        browser.find_element(By.ID, "id_format").find_element(
            By.XPATH, ".//option[contains(., 'csv') or contains(., 'CSV')]"
        ).click()
        submit_and_wait(browser, "Kiểm tra thử")

    upload(wrong)
    report = browser.find_element(By.ID, "bao-cao-loi")
    assert "không có mô hình nào được ghi" in report.text
    assert "Phường 99" in report.text
    assert not ShowcaseEntry.objects.exists()  # all or nothing: the good row is not written
    picture("nhap-mo-hinh-bao-loi", at=report)

    upload(right)
    assert "2 mô hình sẽ được thêm" in browser.find_element(By.ID, "content").text
    picture("nhap-mo-hinh-xem-truoc", at=browser.find_element(By.CSS_SELECTOR, ".import-report"))
    submit_and_wait(browser, "Xác nhận nhập")
    assert "Đã nhập 2 mô hình" in wait_for_message(browser)
    assert {e.publication_status for e in ShowcaseEntry.objects.all()} == {"draft"}


def test_documents_bulletins_radio_and_contests(browser, live_server, log_in_as, picture, newsroom):
    from tests.articles.document_factories import DocumentFactory, IssuingBodyFactory
    from tests.models_campaign.contest_factories import ContestFactory, RoundFactory

    editor = newsroom["editor"]
    politburo = IssuingBodyFactory(name="Bộ Chính trị")
    document = DocumentFactory(kind="ket-luan", number="01-KL/TW", issuing_body=politburo,
                               abstract="Về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
                               created_by=editor)  # fmt: skip
    contest = ContestFactory(title="Hội thi tìm hiểu 135 năm Ngày sinh Chủ tịch Hồ Chí Minh")
    RoundFactory(contest=contest, number=1)
    log_in_as("bientap.minh")

    browser.get(live_server.url + f"/admin/articles/document/{document.pk}/change/")
    assert "01-KL/TW" in browser.find_element(By.ID, "id_number").get_attribute("value")
    picture("van-ban")
    attachments = browser.find_element(By.CSS_SELECTOR, "[id$='-group'] h2")
    picture("van-ban-tep-dinh-kem", at=attachments)
    browser.get(live_server.url + "/admin/articles/document/nhap/")
    assert browser.find_elements(By.CSS_SELECTOR, "input[type=file]")
    picture("nhap-van-ban")

    browser.get(live_server.url + "/admin/articles/bulletinissue/add/")
    browser.find_element(By.ID, "id_number").send_keys("3")
    picture("ban-tin")
    browser.get(live_server.url + "/admin/articles/article/add/")
    audio = browser.find_element(By.ID, "id_audio")
    picture("phat-thanh", at=audio.find_element(By.XPATH, "ancestor::fieldset"))

    browser.get(live_server.url + f"/admin/models_campaign/contest/{contest.pk}/change/")
    assert contest.title in browser.find_element(By.ID, "content").text
    picture("hoi-thi")
    browser.get(live_server.url + "/admin/models_campaign/contestround/")
    picture("vong-thi")


def test_site_admin_accounts_and_audit_log(browser, live_server, log_in_as, picture, newsroom):
    log_in_as("quantri.hoa")
    writer = newsroom["writer"]
    browser.get(live_server.url + f"/admin/auth/user/{writer.pk}/change/")
    groups = browser.find_element(By.ID, "id_groups_from")
    offered = {o.text for o in groups.find_elements(By.TAG_NAME, "option")}
    assert {"Biên tập viên", "Quản trị"} <= offered
    picture("tai-khoan", at=groups.find_element(By.XPATH, "ancestor::fieldset"))
    groups.find_element(By.XPATH, ".//option[.='Biên tập viên']").click()
    browser.find_element(By.ID, "id_groups_add").click()
    press_and_wait(browser, browser.find_element(By.NAME, "_save"))
    wait_for_message(browser)
    assert writer.groups.filter(name=EDITOR).exists()
    browser.get(live_server.url + "/admin/portal/auditentry/")
    # This morning's entries only (the roles' migrations wrote some at the real date).
    browser.find_element(By.CSS_SELECTOR, "nav.toplinks").find_element(By.LINK_TEXT, "2030").click()
    WebDriverWait(browser, 15).until(lambda b: "2030" in b.current_url)
    log = browser.find_element(By.ID, "result_list").text
    assert "Đổi vai trò" in log and "phongvien.lan" in log
    picture("nhat-ky")


def test_the_guide_in_the_admin(browser, live_server, log_in_as, picture, newsroom):
    log_in_as("phongvien.lan")
    browser.find_element(By.ID, "guide-link").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "guide"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hướng dẫn sử dụng trang quản trị"
    picture("huong-dan")
    browser.find_element(By.CSS_SELECTOR, "#guide a[href$='/viet-va-gui-bai/']").click()
    WebDriverWait(browser, 15).until(lambda b: "/viet-va-gui-bai/" in b.current_url)
    sources = [p.get_attribute("src") for p in browser.find_elements(By.CSS_SELECTOR, "#guide img")]
    assert len(sources) >= 4
    # The pictures load lazily: ask for each one as the page would, with the staff session.
    answers = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(arguments[0].map(u => fetch(u).then(r => r.status + ' ' +"
        " r.headers.get('content-type')))).then(done);",
        sources,
    )
    assert answers == ["200 image/png"] * len(sources)
