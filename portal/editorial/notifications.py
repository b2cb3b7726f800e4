"""E-mail notifications of the editorial workflow (Django's e-mail backend; console by default).

Sent after the transaction commits, so a refused or rolled-back action never mails anyone. They
come from DEFAULT_FROM_EMAIL and link to the item's admin page at SITE_URL (an e-mail is read
away from the site, so its links are absolute).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

TO_EDITORS = {"submit", "propose"}
TO_WRITER = {
    "reject": "Bị trả lại",
    "publish": "Đã duyệt",
    "approve_change": "Đã duyệt thay đổi",
    "return_change": "Thay đổi bị trả lại",
}


def after(item, *, action: str, by, note: str = "", actor_of=None) -> None:
    """Queue the e-mails of one workflow step (sent once the transaction commits)."""
    if action in TO_EDITORS:
        transaction.on_commit(lambda: _to_editors(item, action))
    elif action in TO_WRITER:
        writer = actor_of or item.created_by
        transaction.on_commit(lambda: _to_writer(item, writer, action=action, note=note))


def _admin_url(item) -> str:
    """The absolute address of the item's page in the admin ("" for a type without one)."""
    meta = type(item)._meta
    try:
        path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def _to_editors(item, action: str) -> None:
    from portal.editorial.workflow import permission

    app_label, codename = permission(type(item), "publish").split(".")
    granted = Q(groups__permissions__codename=codename,
                groups__permissions__content_type__app_label=app_label)  # fmt: skip
    recipients = list(
        get_user_model()
        .objects.filter(granted, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    noun = type(item)._meta.verbose_name
    what = "vừa được gửi duyệt" if action == "submit" else "có một đề xuất sửa đang chờ duyệt"
    send_mail(
        f"[Chờ duyệt] {item.display_title}",
        f"{str(noun).capitalize()} “{item.display_title}” {what}.\n"
        f"Xem và duyệt trong trang quản trị: {_admin_url(item)}",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def _to_writer(item, writer, *, action: str, note: str) -> None:
    if writer is None or not writer.email:
        return
    label = TO_WRITER[action]
    noun = str(type(item)._meta.verbose_name).capitalize()
    text = f"{noun} “{item.display_title}”: {label.lower()}."
    if note:
        text += f"\nGhi chú của biên tập viên:\n{note}"
    link = _admin_url(item)
    if link:
        text += f"\nXem trong trang quản trị: {link}"
    send_mail(f"[{label}] {item.display_title}", text, settings.DEFAULT_FROM_EMAIL, [writer.email])
