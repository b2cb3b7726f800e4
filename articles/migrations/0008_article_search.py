# Search document on Article (see portal/search.py): the fields, a GIN index on PostgreSQL,
# and the documents of the articles that already exist.

import django.contrib.postgres.search
from django.db import migrations, models

GIN_INDEX = "article_search_vector_gin"


def create_gin_index(apps, schema_editor):
    # PostgreSQL only; SQLite searches search_text with LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON articles_article USING gin (search_vector)"
        )
        # Ranking reads the vector of every candidate row. Kept in the row (STORAGE MAIN), it is
        # read with the row; moved out to the TOAST table (the default for a value this size),
        # each read is an extra index lookup: about 8 times slower (README, "Benchmarks").
        schema_editor.execute(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        schema_editor.execute(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


def index_existing_articles(apps, schema_editor):
    from articles.search import article_search_fields
    from portal.search import SEARCH_FIELDS

    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.only("pk", "title", "summary", "body").iterator(chunk_size=500):
        for name, value in article_search_fields(article).items():
            setattr(article, name, value)
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, SEARCH_FIELDS)
            batch = []
    if batch:
        Article.objects.bulk_update(batch, SEARCH_FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_featured_image_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop, elidable=True),
    ]
