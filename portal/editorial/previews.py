"""Preview links: made for one item by an editor, listed on its admin page, revocable one by one,
and ended when the item is taken down, returned, trashed or deleted (portal.editorial.workflow
calls `revoke_all`). A link shows the revision it was made from."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.editorial.models import PreviewLink


def max_age_days() -> int:
    return int(getattr(settings, "PREVIEW_LINK_DAYS", 7))


def create(*, item, by, revision_number: int | None) -> PreviewLink:
    return PreviewLink.objects.create(
        item=item,
        revision_number=revision_number,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=max_age_days()),
    )


def revoke(*, link: PreviewLink, by, reason: str = "Thu hồi") -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.revoked_reason = reason
        link.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])


def revoke_all(item, *, reason: str) -> int:
    return (
        PreviewLink.for_item(item)
        .filter(revoked_at__isnull=True)
        .update(revoked_at=timezone.now(), revoked_reason=reason[:200])
    )


_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def resolve(token: str):
    """(item, link) of an active link whose item still exists and is not in the trash, or None.
    Anything that is not a token's shape (a NUL byte, say) never reaches the database."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    link = PreviewLink.objects.filter(token=token).first()
    if link is None or not link.is_active:
        return None
    model = ContentType.objects.get_for_id(link.content_type_id).model_class()
    item = model._default_manager.filter(pk=link.object_id, deleted_at__isnull=True).first()
    if item is None:
        return None
    return item, link
