from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import documents, search  # noqa: F401 - search registers its derivation

        documents.connect()  # links and citations of documents, the documents' derived fields
