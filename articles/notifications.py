"""E-mail notifications of the editorial workflow (Django's e-mail backend; console by default).

Sent after the transaction commits, so a refused or rolled-back action never mails anyone.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from articles.roles import EDITOR


def after_transition(article, *, action: str, by, note: str = "") -> None:
    if action == "submit":
        transaction.on_commit(lambda: _to_editors(article))
    elif action in ("reject", "publish"):
        transaction.on_commit(lambda: _to_writer(article, action=action, note=note))


def _to_editors(article) -> None:
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=EDITOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        send_mail(
            f"[Chờ duyệt] {article.title}",
            f"Bài viết “{article.title}” vừa được gửi duyệt.\n"
            f"Xem và duyệt trong trang quản trị: /admin/articles/article/{article.pk}/change/",
            None,
            recipients,
        )


def _to_writer(article, *, action: str, note: str) -> None:
    writer = article.created_by
    if writer is None or not writer.email:
        return
    if action == "reject":
        subject = f"[Bị trả lại] {article.title}"
        text = f"Bài viết “{article.title}” đã bị trả lại.\nGhi chú của biên tập viên:\n{note}"
    else:
        subject = f"[Đã duyệt] {article.title}"
        text = f"Bài viết “{article.title}” đã được duyệt và xuất bản."
    send_mail(subject, text, None, [writer.email])
