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
