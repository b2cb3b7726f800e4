from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import search  # noqa: F401 - registers the search document's derivation
