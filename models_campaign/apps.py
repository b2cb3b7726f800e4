from django.apps import AppConfig


class ModelsCampaignConfig(AppConfig):
    name = "models_campaign"
    label = "models_campaign"
    verbose_name = "Mô hình học tập và làm theo Bác"
    default_auto_field = "django.db.models.BigAutoField"
