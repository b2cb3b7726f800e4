"""The admin as staff use it all day, in real Chromium: writing helpers, edit conflicts resolved
in place, confirmation pages before irreversible steps, and axe-core on the main screens.
Screenshots go to artifacts/screenshots."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from articles.roles import EDITOR, SITE_ADMIN
from portal.editorial.models import Revision
from tests.browser.test_admin_editor import _log_in, wait_for_editor
from tests.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


LEAVING = """
const leaving = new Event('beforeunload', {cancelable: true});
window.dispatchEvent(leaving);
return leaving.defaultPrevented;
"""


def _change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor():
    return UserFactory(username="bientap-viet", first_name="Mai", last_name="Trần",
                       roles=[EDITOR])  # fmt: skip


def test_counts_chips_ctrl_s_and_the_unsaved_changes_warning(browser, live_server, editor,
                                                            screenshot):  # fmt: skip
    article = ArticleFactory(title="Bài viết để thử", body="<p>Một hai ba bốn.</p>",
                             tags=["Tủ sách Bác Hồ"])  # fmt: skip
    _log_in(browser, live_server, editor)
    try:
        browser.get(_change_url(live_server, article))
        wait_for_editor(browser)
        counts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".writing-count")]
        assert "4 từ, 15 ký tự" in counts  # the body: "Một hai ba bốn."
        chips = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".tag-chips li")]
        assert [c.split("\n")[0] for c in chips] == ["Tủ sách Bác Hồ"]
        box = browser.find_element(By.ID, "id_tags_moi")
        box.send_keys("Học tập và làm theo Bác", Keys.ENTER)
        assert len(browser.find_elements(By.CSS_SELECTOR, ".tag-chips li")) == 2
        title = browser.find_element(By.ID, "id_title")
        title.send_keys(" (sửa)")
        screenshot("admin-writing", 1280)

        # Leaving with unsaved changes asks first: the page cancels the unload (headless
        # Chromium under WebDriver then leaves without showing its dialog).
        assert browser.execute_script(LEAVING) is True

        # Ctrl+S saves and keeps editing.
        browser.find_element(By.ID, "id_title").send_keys(Keys.CONTROL, "s")
        WebDriverWait(browser, 10).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success")
        )
        article.refresh_from_db()
        assert article.title == "Bài viết để thử (sửa)"
        assert sorted(article.tags.names()) == ["Học tập và làm theo Bác", "Tủ sách Bác Hồ"]
        assert browser.execute_script(LEAVING) is False  # saved: leaving asks nothing
    finally:
        browser.delete_all_cookies()


@pytest.mark.parametrize("choice", ["theirs", "merge", "override"])
def test_an_edit_conflict_resolved_in_place(browser, live_server, editor, screenshot, choice):
    from django.test import Client

    from tests.portal.admin_forms import change_form_data

    article = ArticleFactory(title="Tiêu đề gốc", summary="Sapo gốc.")
    _log_in(browser, live_server, editor)
    try:
        browser.get(_change_url(live_server, article))
        wait_for_editor(browser)
        summary = browser.find_element(By.ID, "id_summary")
        summary.clear()
        summary.send_keys("Sapo của Mai.")
        # Meanwhile another editor saves.
        other = Client()
        other.force_login(UserFactory(username="bientap-khac", first_name="Bình",
                                      last_name="Lê", roles=[EDITOR]))  # fmt: skip
        url = f"/admin/articles/article/{article.pk}/change/"
        data = change_form_data(other.get(url), title="Tiêu đề của Bình")
        assert other.post(url, data).status_code == 302

        browser.find_element(By.NAME, "_continue").click()
        box = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "edit-conflict"))
        assert "Lê Bình" in box.text and "Sapo của Mai." in box.text
        assert "Please correct" not in browser.page_source
        screenshot(f"admin-conflict-{choice}", 1280)
        if choice == "theirs":
            box.find_element(By.PARTIAL_LINK_TEXT, "Lấy bản của").click()
            WebDriverWait(browser, 10).until(lambda b: not b.find_elements(By.ID, "edit-conflict"))
            assert browser.find_element(By.ID, "id_title").get_attribute("value") == (
                "Tiêu đề của Bình"
            )
            expected = ("Tiêu đề của Bình", "Sapo gốc.")
        elif choice == "merge":
            box.find_element(By.CSS_SELECTOR, 'button[value="merge"]').click()
            WebDriverWait(browser, 10).until(lambda b: "Đã gộp" in b.page_source)
            wait_for_editor(browser)
            assert browser.find_element(By.ID, "id_title").get_attribute("value") == (
                "Tiêu đề của Bình"
            )
            browser.find_element(By.NAME, "_continue").click()
            WebDriverWait(browser, 10).until(
                lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success")
            )
            expected = ("Tiêu đề của Bình", "Sapo của Mai.")
        else:
            box.find_element(By.CSS_SELECTOR, 'button[value="override"]').click()
            WebDriverWait(browser, 10).until(
                lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success")
            )
            expected = ("Tiêu đề gốc", "Sapo của Mai.")
            newest = Revision.for_item(article).order_by("-number").first()
            assert newest.note.startswith("Ghi đè thay đổi của Lê Bình")
        article.refresh_from_db()
        assert (article.title, article.summary) == expected
    finally:
        browser.delete_all_cookies()


def test_irreversible_steps_ask_first(browser, live_server, screenshot, axe):
    admin_user = UserFactory(username="quantri-xoa", roles=[SITE_ADMIN])
    article = ArticleFactory(title="Bài sẽ xóa vĩnh viễn", published=True)
    _log_in(browser, live_server, admin_user)
    base = f"{live_server.url}/admin/articles/article/"
    try:
        browser.get(f"{base}{article.pk}/delete/")
        browser.find_element(By.CSS_SELECTOR, 'input[type="submit"]').click()  # to the trash
        # Leaving before the answer would cancel the POST.
        WebDriverWait(browser, 10).until(lambda b: "/delete/" not in b.current_url)
        browser.get(f"{base}thung-rac/")
        browser.find_element(By.PARTIAL_LINK_TEXT, "Xóa vĩnh viễn").click()
        assert "không hoàn tác được" in browser.page_source
        screenshot("admin-purge-confirm", 1280)
        assert Article.objects.filter(pk=article.pk).exists()
        browser.find_element(By.CSS_SELECTOR, 'input[type="submit"].default').click()
        WebDriverWait(browser, 10).until(lambda b: "Đã xóa vĩnh viễn" in b.page_source)
        assert not Article.objects.filter(pk=article.pk).exists()

        pending = [ArticleFactory(title=f"Bài chờ duyệt {n}", status="pending") for n in (1, 2)]
        browser.get(base)
        for item in pending:
            browser.find_element(By.CSS_SELECTOR, f'input[value="{item.pk}"]').click()
        browser.find_element(By.CSS_SELECTOR, 'select[name="action"] option[value='
                                              '"publish_selected"]').click()  # fmt: skip
        browser.find_element(By.CSS_SELECTOR, 'button[name="index"]').click()
        table = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "bulk-items"))
        assert "Bài chờ duyệt 1" in table.text and "Bài chờ duyệt 2" in table.text
        screenshot("admin-bulk-confirm", 1280)
        assert axe() == []
        assert not Article.objects.published().exists()
        browser.find_element(By.CSS_SELECTOR, 'input[type="submit"].default').click()
        WebDriverWait(browser, 10).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success")
        )
        assert Article.objects.published().count() == 2
    finally:
        browser.delete_all_cookies()


def test_main_admin_screens_pass_axe(browser, live_server, editor, axe):
    article = ArticleFactory(title="Bài để kiểm tra trợ năng", status="pending")
    _log_in(browser, live_server, editor)
    base = f"{live_server.url}/admin/articles/article/"
    pages = [base, f"{base}{article.pk}/change/", f"{live_server.url}/admin/cho-duyet/",
             f"{base}{article.pk}/history/", f"{live_server.url}/admin/"]  # fmt: skip
    try:
        found = {}
        for url in pages:
            browser.get(url)
            issues = axe()
            if issues:
                found[url] = issues
        assert not found, repr(found)
    finally:
        browser.delete_all_cookies()
