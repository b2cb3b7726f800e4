"""The staff audit log, in one place: `record()` writes an entry; the signal handlers below
record logins, failed logins, logouts, and every change to accounts, roles (groups) and
permissions -- who made it (the staff member of the current request, or "hệ thống" for a
command) and what changed. Workflow actions are recorded by portal.editorial.workflow, which
calls `record()`."""

from __future__ import annotations

import contextvars
import threading
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from portal.clientip import client_ip

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
    "account": "Tài khoản",
    "group": "Nhóm vai trò",
    "permissions": "Đổi quyền",
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
    "override": "Ghi đè bản của người khác",
    # Contests (models_campaign.contests).
    "contest_freeze": "Chốt kết quả vòng thi",
    "contest_change": "Sửa cuộc thi (vòng, câu hỏi)",
    "contest_export": "Xuất dữ liệu bài dự thi",
    "contest_self_delete": "Người dự thi tự xóa dữ liệu",
    "contest_anonymise": "Ẩn danh hóa người dự thi",
}
SYSTEM_ACTOR = "hệ thống"

_request: contextvars.ContextVar = contextvars.ContextVar("portal_audit_request", default=None)


class AuditRequestMiddleware:
    """Remembers the request being served, so that signal handlers know who made a change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _current():
    """(actor, request) of the change being made: the logged-in staff member, if any."""
    request = _request.get()
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user, request
    return None, request


_state = threading.local()


@contextmanager
def suspended():
    """No entries while restoring a backup: loading rows is not a staff action."""
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = False


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
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    verb = {"post_add": "Thêm", "post_remove": "Bỏ", "pre_clear": "Bỏ"}[action]
    actor, request = _current()
    if reverse:  # group.user_set.add(...): one entry per account, as from the account's side
        group = instance
        users = (
            group.user_set.all()
            if action == "pre_clear"
            else get_user_model().objects.filter(pk__in=pk_set or [])
        )
        for user in users:
            record(action="roles", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
                   target=user.get_username(), detail=f"{verb} vai trò: {group.name}")  # fmt: skip
        return
    groups = (
        instance.groups.all()
        if action == "pre_clear"
        else Group.objects.filter(pk__in=pk_set or [])
    )
    names = ", ".join(sorted(groups.values_list("name", flat=True)))
    if not names:
        return
    record(action="roles", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=instance.get_username(), detail=f"{verb} vai trò: {names}")  # fmt: skip


# --- accounts, groups and permissions --------------------------------------------------------
User = get_user_model()
USER_FIELDS = {
    "username": "tên đăng nhập",
    "first_name": "tên",
    "last_name": "họ",
    "email": "thư điện tử",
    "is_active": "đang hoạt động",
    "is_staff": "vào trang quản trị",
    "is_superuser": "siêu quản trị",
    "password": "mật khẩu",
}


def _show(field: str, value) -> str:
    if field == "password":
        return "(đã đổi)"
    if isinstance(value, bool):
        return "có" if value else "không"
    return f"“{value}”"


@receiver(pre_save, sender=User)
def _remember_user(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_before = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(USER_FIELDS):
        return  # e.g. last_login on every login
    instance._audit_before = User.objects.filter(pk=instance.pk).values(*USER_FIELDS).first()


@receiver(post_save, sender=User)
def _user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    actor, request = _current()
    if created:
        flags = [label for field, label in USER_FIELDS.items()
                 if field.startswith("is_") and getattr(instance, field)]  # fmt: skip
        detail = "Tạo tài khoản" + (f" ({', '.join(flags)})" if flags else "")
    else:
        before = getattr(instance, "_audit_before", None)
        if not before:
            return
        changes = [
            f"{label}: {_show(field, before[field])} → {_show(field, getattr(instance, field))}"
            if field != "password"
            else "đổi mật khẩu"
            for field, label in USER_FIELDS.items()
            if before[field] != getattr(instance, field)
        ]
        if not changes:
            return
        detail = "Sửa tài khoản: " + "; ".join(changes)
    record(action="account", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=instance.get_username(), detail=detail)  # fmt: skip


@receiver(post_delete, sender=User)
def _user_deleted(sender, instance, **kwargs):
    actor, request = _current()
    record(action="account", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=instance.get_username(), detail="Xóa tài khoản")  # fmt: skip


@receiver(pre_save, sender=Group)
def _remember_group(sender, instance, raw=False, **kwargs):
    instance._audit_name = None
    if not raw and instance.pk is not None:
        instance._audit_name = (
            Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        )


@receiver(post_save, sender=Group)
def _group_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        detail = "Tạo nhóm"
    else:
        before = getattr(instance, "_audit_name", None)
        if before is None or before == instance.name:
            return
        detail = f"Đổi tên nhóm: “{before}” → “{instance.name}”"
    actor, request = _current()
    record(action="group", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=instance.name, detail=detail)  # fmt: skip


@receiver(post_delete, sender=Group)
def _group_deleted(sender, instance, **kwargs):
    actor, request = _current()
    record(action="group", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=instance.name, detail="Xóa nhóm")  # fmt: skip


def _permission_names(pk_set) -> str:
    found = Permission.objects.filter(pk__in=pk_set or []).select_related("content_type")
    return ", ".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in found))


def _permissions_changed(instance, action, pk_set, target: str) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        pk_set = set(
            instance.permissions.values_list("pk", flat=True)
            if isinstance(instance, Group)
            else instance.user_permissions.values_list("pk", flat=True)
        )
        if not pk_set:
            return
    verb = {"post_add": "Cấp quyền", "post_remove": "Bỏ quyền", "pre_clear": "Bỏ mọi quyền"}
    actor, request = _current()
    record(action="permissions", actor=actor, actor_name=SYSTEM_ACTOR, request=request,
           target=target, detail=f"{verb[action]}: {_permission_names(pk_set)}")  # fmt: skip


@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_permissions_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if not reverse:
        _permissions_changed(instance, action, pk_set, f"tài khoản {instance.get_username()}")


@receiver(m2m_changed, sender=Group.permissions.through)
def _group_permissions_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if not reverse:
        _permissions_changed(instance, action, pk_set, f"nhóm {instance.name}")
