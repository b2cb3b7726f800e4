"""The staff editor in real Chromium: CKEditor starts on the article form under the staff
Content-Security-Policy, without a single policy violation."""

import pytest
from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR_READY = (
    "return !!(window.CKEDITOR && CKEDITOR.instances.id_body "
    "&& CKEDITOR.instances.id_body.status === 'ready')"
)


def wait_for_editor(browser):
    """Wait until CKEditor has started on the body field (fails after 10 s)."""
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script(EDITOR_READY), "CKEditor did not start"
    )


COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample || ''));
});
"""


def _log_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    browser.get(live_server.url + "/robots.txt")
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "path": "/"})  # fmt: skip


def test_ckeditor_runs_under_the_staff_policy(browser, live_server):
    editor = UserFactory(username="bientap-trinhduyet", roles=["Biên tập viên"])
    _log_in(browser, live_server, editor)
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT})
    try:
        browser.get(live_server.url + "/admin/articles/article/add/")
        assert "Thêm bài viết" in browser.page_source
        wait_for_editor(browser)
        assert browser.find_elements(By.CSS_SELECTOR, ".cke_toolbox")
        assert browser.execute_script("return window.__csp") == []
        # Paragraph formats and the picture dialog in plain Vietnamese (not "Heading 2", and
        # alt text not mislabelled as a caption).
        lang = browser.execute_script(
            "var l = CKEDITOR.instances.id_body.lang;"
            "return [l.format.tag_h2, l.format.tag_h3, l.image2.alt, l.image2.captioned];"
        )
        assert lang == ["Tiêu đề mục", "Tiêu đề nhỏ", "Mô tả ảnh (alt, cho người khiếm thị)",
                        "Có chú thích dưới ảnh"]  # fmt: skip
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": hook["identifier"]})  # fmt: skip
        browser.delete_all_cookies()


def test_the_violation_collector_is_real(browser, live_server):
    """On a public page the strict policy does block (and report) an outside picture."""
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT})
    try:
        browser.get(live_server.url + "/")
        browser.execute_script(
            "const i = document.createElement('img'); i.src = 'http://127.0.0.9/x.png';"
            "document.body.appendChild(i);"
        )
        # The report arrives asynchronously: wait for it rather than for a fixed time.
        WebDriverWait(browser, 10).until(
            lambda b: any(v.startswith("img-src") for v in b.execute_script("return window.__csp")),
            "the blocked picture was not reported",
        )
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": hook["identifier"]})  # fmt: skip


UPLOAD = """
const done = arguments[arguments.length - 1];
const withToken = arguments[0];
const editor = CKEDITOR.instances.id_body;
if (!editor.uploadRepository) { done(['no-upload-repository', '', '']); return; }
if (!withToken) { editor.config.fileTools_requestHeaders = {}; }
const canvas = document.createElement('canvas');
canvas.width = 320; canvas.height = 200;
const context = canvas.getContext('2d');
context.fillStyle = '#c00'; context.fillRect(0, 0, 320, 200);
canvas.toBlob(blob => {
  const loader = editor.uploadRepository.create(blob, 'anh-trinh-duyet.png');
  loader.on('update', () => {
    if (['uploaded', 'error', 'abort'].includes(loader.status)) {
      done([loader.status, loader.url || '', loader.message || '']);
    }
  });
  loader.loadAndUpload(editor.config.filebrowserUploadUrl + '?responseType=json');
}, 'image/png');
"""


def test_editor_uploads_carry_the_csrf_token(browser, live_server):
    """CKEditor's own uploader, in Chromium, against the CSRF-protected upload view."""
    writer = UserFactory(username="phongvien-trinhduyet", roles=["Phóng viên"])
    _log_in(browser, live_server, writer)
    try:
        browser.get(live_server.url + "/admin/articles/article/add/")
        wait_for_editor(browser)
        status, url, message = browser.execute_async_script(UPLOAD, True)
        assert status == "uploaded", message
        assert f"/uploads/{writer.pk}/" in url
        # The same upload without the token is refused by Django's CSRF check.
        browser.get(live_server.url + "/admin/articles/article/add/")
        wait_for_editor(browser)
        status, url, _message = browser.execute_async_script(UPLOAD, False)
        assert status == "error" and not url
    finally:
        browser.delete_all_cookies()
