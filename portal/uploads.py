"""CKEditor's upload and browse endpoints (`/ckeditor/...`), staff only.

django-ckeditor's own upload view stores whatever Pillow can open under a name derived from the
uploaded file name. This one sends every upload through `portal.images` instead: the same checks,
cleaning, random names and renditions as featured images.

Uploads are protected by Django's CSRF check like every other staff POST: the editor uploads
with XMLHttpRequest (`filebrowserUploadMethod: "xhr"`) and `static/js/ckeditor-config.js` adds
the page's CSRF token as an `X-CSRFToken` header (`fileTools_requestHeaders`). Each staff member's
pictures go to their own folder (`uploads/<user id>/`), and browsing (django-ckeditor's view,
`CKEDITOR_RESTRICT_BY_USER = "pk"`) shows a writer only their own; a superuser sees all.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import images

# The body shows this rendition (JPEG, for every browser); wider pictures are not needed in a
# 760-pixel column.
BODY_WIDTH = 1024


def _js_string(value: str) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def _reply(request, *, url: str = "", error: str = "", file_name: str = "") -> HttpResponse:
    """Answer in the form CKEditor asked for: a callback page for the image dialog's upload tab
    (`CKEditorFuncNum`), JSON for drag-and-drop and paste (`uploadimage`)."""
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit() and request.GET.get("responseType") != "json":
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, {_js_string(url)}, {_js_string(error)});</script>"
        )
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}})
    return JsonResponse({"uploaded": 1, "fileName": file_name, "url": url})


@require_POST
def upload(request):
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse("Không nhận ảnh gửi từ trang khác.", status=403)
    upload_file = request.FILES.get("upload")
    if upload_file is None:
        return _reply(request, error="Chưa chọn ảnh để tải lên.")
    stem = upload_file.name.rsplit(".", 1)[0]
    try:
        name, processed = images.store_image(
            upload_file, prefix=f"{settings.CKEDITOR_UPLOAD_PATH}{request.user.pk}/", stem=stem
        )
    except images.ImageRejected as exc:
        return _reply(request, error=exc.message)
    width, height = processed.image_width, processed.image_height
    shown = next(
        r
        for r in reversed(images.renditions_for(name, width=width, height=height))
        if r.format == "jpg" and r.width <= BODY_WIDTH
    )
    url = default_storage.url(shown.name)
    return _reply(request, url=url, file_name=name.rsplit("/", 1)[-1])


urlpatterns = [
    path("upload/", staff_member_required(upload), name="ckeditor_upload"),
    path(
        "browse/",
        never_cache(staff_member_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
]


# --- pictures uploaded into a text that was never saved ------------------------------------------
def unused_uploads(*, older_than: timedelta, storage=None) -> list[str]:
    """Editor uploads older than `older_than` that no stored text names (no item's rich text, no
    revision, no pending change): a picture pasted into an article that was then abandoned."""
    from portal.editorial.models import Revision, publishable_models

    storage = storage or default_storage
    cutoff = timezone.now() - older_than
    names = [name for name in _walk(storage, settings.CKEDITOR_UPLOAD_PATH.rstrip("/"))
             if storage.get_modified_time(name) < cutoff]  # fmt: skip
    if not names:
        return []
    texts = []
    for model in publishable_models():
        for field in model.rich_fields:
            texts += model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
    texts += [json.dumps(c, ensure_ascii=False) for c in Revision.objects.values_list(
        "content", flat=True)]  # fmt: skip
    used = set(_UPLOAD_RE.findall("\n".join(texts)))
    return [name for name in names if name.rsplit(".", 1)[0] not in used]


_UPLOAD_RE = re.compile(r"(uploads/[\w/.-]+?)(?:/\d+\.(?:jpg|webp)|\.(?:jpg|jpeg|png|webp))")


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")
