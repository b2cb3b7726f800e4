# Search document on ShowcaseEntry (see portal/search.py and models_campaign/search.py): the
# fields, a GIN index on PostgreSQL, and the documents of the entries that already exist.

import django.contrib.postgres.search
from django.db import migrations, models

GIN_INDEX = "entry_search_vector_gin"
TABLE = "models_campaign_showcaseentry"


def create_gin_index(apps, schema_editor):
    # PostgreSQL only; SQLite searches search_text with LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING gin (search_vector)"
        )
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


def index_existing_entries(apps, schema_editor):
    from models_campaign.search import entry_search_fields
    from portal.search import SEARCH_FIELDS

    ShowcaseEntry = apps.get_model("models_campaign", "ShowcaseEntry")
    batch = []
    fields = ("pk", "name", "summary", "description", "results")
    for entry in ShowcaseEntry.objects.only(*fields).iterator(chunk_size=500):
        for name, value in entry_search_fields(entry).items():
            setattr(entry, name, value)
        batch.append(entry)
        if len(batch) == 500:
            ShowcaseEntry.objects.bulk_update(batch, SEARCH_FIELDS)
            batch = []
    if batch:
        ShowcaseEntry.objects.bulk_update(batch, SEARCH_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("models_campaign", "0003_photo_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="showcaseentry",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="showcaseentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
        migrations.RunPython(index_existing_entries, migrations.RunPython.noop, elidable=True),
    ]
