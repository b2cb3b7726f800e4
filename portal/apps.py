from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Cổng thông tin"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal import audit  # noqa: F401 - connects the audit log's signal handlers
        from portal.cache import connect_signals

        connect_signals()
