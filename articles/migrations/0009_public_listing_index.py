# An index for the public lists of articles (home, categories, tags, authors, archives): the
# published, not trashed articles newest first, carrying what the visibility rule and the
# category filter read, so that a page's keys come from the index alone (an index-only scan;
# see portal.pagination.DeferredJoinPaginator). PostgreSQL only: SQLite has no INCLUDE.

from django.db import migrations

INDEX = "article_public_listing_idx"
# The home page's featured pieces: few rows, found without walking every published article.
FEATURED_INDEX = "article_public_featured_idx"
# The admin's change list (every state, newest first) and its date hierarchy's first and last.
STAFF_INDEX = "article_staff_listing_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
            "(publish_at DESC, id DESC) INCLUDE (category_id, expire_at) "
            "WHERE status = 'published' AND deleted_at IS NULL"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {FEATURED_INDEX} ON articles_article "
            "(publish_at DESC, id DESC) INCLUDE (expire_at) "
            "WHERE is_featured AND status = 'published' AND deleted_at IS NULL"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {STAFF_INDEX} ON articles_article "
            "(publish_at DESC, id DESC) WHERE deleted_at IS NULL"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {FEATURED_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {STAFF_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_article_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
