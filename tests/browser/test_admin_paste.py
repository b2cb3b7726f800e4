"""Pictures pasted or dropped into the body, in real Chromium: each goes through the same upload
view and picture pipeline as the image dialog (portal/uploads.py, portal/images.py), several at
once, and the editor asks for the alt text of what arrived."""

import base64
import io

import pytest
from PIL import Image
from selenium.webdriver.support.ui import WebDriverWait

from articles.roles import EDITOR
from tests.browser.test_admin_editor import _log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Builds File objects from base64 JPEGs and fires a real paste or drop event on the editable.
SEND = """
const [kind, pictures] = arguments;
const editor = CKEDITOR.instances.id_body;
const transfer = new DataTransfer();
pictures.forEach((data, n) => {
  const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
  transfer.items.add(new File([bytes], `anh-${n}.jpg`, {type: 'image/jpeg'}));
});
const target = editor.editable().$;
editor.focus();
if (kind === 'paste') {
  target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: transfer, bubbles: true,
                                                     cancelable: true}));
} else {
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true,
                                              cancelable: true, clientX: 20, clientY: 20}));
  }
}
"""
UPLOADED = """
return Array.from(CKEDITOR.instances.id_body.editable().$.querySelectorAll('img'))
  .map(img => img.getAttribute('src')).filter(src => src.includes('/renditions/uploads/'));
"""


def _jpeg(colour) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_pictures_pasted_and_dropped_are_uploaded_and_ask_for_alt(browser, live_server,
                                                                 screenshot):  # fmt: skip
    editor = UserFactory(username="bientap-dan-anh", roles=[EDITOR])
    _log_in(browser, live_server, editor)
    try:
        browser.get(live_server.url + "/admin/articles/article/add/")
        WebDriverWait(browser, 15).until(lambda b: b.execute_script(
            "return !!(window.CKEDITOR && CKEDITOR.instances.id_body "
            "&& CKEDITOR.instances.id_body.status === 'ready')"
        ))  # fmt: skip

        browser.execute_script(SEND, "paste", [_jpeg((200, 30, 30))])
        WebDriverWait(browser, 20).until(lambda b: len(b.execute_script(UPLOADED)) == 1)
        # The alt text is asked for at once, in the picture's own dialog.
        WebDriverWait(browser, 10).until(lambda b: b.execute_script(
            "const d = CKEDITOR.dialog.getCurrent(); return !!d && d.getName() === 'image2';"
        ))  # fmt: skip
        screenshot("admin-paste-alt", 1280)
        browser.execute_script("CKEDITOR.dialog.getCurrent().hide();")

        browser.execute_script(SEND, "drop", [_jpeg((30, 120, 30)), _jpeg((30, 30, 200))])
        WebDriverWait(browser, 30).until(lambda b: len(b.execute_script(UPLOADED)) == 3)
        sources = browser.execute_script(UPLOADED)
        assert all(src.endswith("/1024.jpg") or src.endswith("/640.jpg") for src in sources)
        assert len(set(sources)) == 3  # three pictures, each stored under its own name
    finally:
        browser.delete_all_cookies()
