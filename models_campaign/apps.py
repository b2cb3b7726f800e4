from django.apps import AppConfig


class ModelsCampaignConfig(AppConfig):
    name = "models_campaign"
    label = "models_campaign"
    verbose_name = "Mô hình học tập và làm theo Bác"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from models_campaign import search  # noqa: F401 - registers the search document's derivation
