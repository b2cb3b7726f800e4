from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import documents

        documents.connect()  # citations follow saved article bodies
