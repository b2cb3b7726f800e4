from django.conf import settings
from django.db import models

from portal.text import clean_line


class Organization(models.Model):
    """A unit of the political system (Thành ủy, a ward's Party committee, a mass organisation).

    Authors and showcase entries belong to one. Units nest: a ward committee under the city one.
    """

    name = models.CharField("tên đơn vị", max_length=255, unique=True)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        self.short_name = clean_line(self.short_name)
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """One staff action worth answering for: logins, failed logins, publishing, taking down,
    deleting, restoring, role changes. Written by portal.audit.record only; never edited."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("tên đăng nhập", max_length=150, blank=True)
    action = models.CharField("thao tác", max_length=40, db_index=True)
    target = models.CharField("đối tượng", max_length=300, blank=True)
    detail = models.TextField("chi tiết", blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action}"


# The editorial core's shared tables (revisions, workflow events, preview links).
from portal.editorial.models import PreviewLink, Revision, WorkflowEvent  # noqa: E402,F401
