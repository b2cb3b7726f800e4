# The title's words alone, indexed (PostgreSQL only): `ts_filter` keeps the weight-A lexemes of
# the search document (the title, see portal.search.build_document) with their positions, so an
# article whose title holds the words typed, or the words in a row, is found through this index
# however common the words are in bodies (portal.search.hits, "title first").

from django.db import migrations

INDEX = "article_title_lexemes_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
            "USING gin (ts_filter(search_vector, '{a}'::\"char\"[]))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_bulletin_roles")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
