"""The staff audit log, in one place: `record()` writes an entry; the signal handlers below
record logins, failed logins, logouts and role (group) changes. Workflow actions are recorded
by portal.editorial.workflow, which calls `record()`."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

ACTIONS = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "logout": "Đăng xuất",
    "publish": "Xuất bản",
    "republish": "Xuất bản lại",
    "unpublish": "Gỡ bài",
    "trash": "Xóa (vào thùng rác)",
    "restore": "Khôi phục",
    "purge": "Xóa vĩnh viễn",
    "roles": "Đổi vai trò",
    # The editorial workflow (portal.editorial.workflow), for every publishable type.
    "submit": "Gửi duyệt",
    "withdraw": "Rút lại",
    "reject": "Trả lại",
    "edit": "Sửa bản đang xuất bản",
    "propose": "Đề xuất sửa",
    "approve_change": "Duyệt thay đổi",
    "return_change": "Trả lại thay đổi",
    "withdraw_change": "Rút đề xuất thay đổi",
    "restore_revision": "Khôi phục phiên bản",
    "import": "Nhập từ tệp",
    # Contests (models_campaign.contests).
    "contest_freeze": "Chốt kết quả vòng thi",
    "contest_change": "Sửa cuộc thi (vòng, câu hỏi)",
    "contest_export": "Xuất dữ liệu bài dự thi",
    "contest_self_delete": "Người dự thi tự xóa dữ liệu",
    "contest_anonymise": "Ẩn danh hóa người dự thi",
}


_state = threading.local()


@contextmanager
def suspended():
    """No entries while restoring a backup: loading rows is not a staff action."""
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = False


def client_ip(request) -> str | None:
    """The client's address, through the proxy in front as django-axes sees it."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def record(*, action: str, actor=None, target: str = "", detail: str = "", request=None,
           actor_name: str = ""):  # fmt: skip
    from portal.models import AuditEntry

    if getattr(_state, "suspended", False):
        return None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
        target=str(target)[:300],
        detail=detail,
        ip_address=client_ip(request),
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(action="login", actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(action="logout", actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record(action="login_failed", actor_name=str(credentials.get("username", "")),
           request=request)  # fmt: skip


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _roles_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from django.contrib.auth.models import Group

    names = ", ".join(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    verb = {"post_add": "Thêm", "post_remove": "Bỏ", "post_clear": "Bỏ mọi"}[action]
    record(action="roles", target=instance.get_username(), detail=f"{verb} vai trò: {names}")
