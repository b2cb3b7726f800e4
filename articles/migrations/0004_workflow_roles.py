"""Permissions for history, revisions and the trash."""

from django.db import migrations

from articles.roles import EDITOR, SITE_ADMIN, WRITER, grant_permissions

ROLE_PERMISSIONS = {
    WRITER: ["articles.view_articleevent", "articles.view_articlerevision"],
    EDITOR: ["articles.view_articleevent", "articles.view_articlerevision"],
    # Only the site admin empties the trash (deletes for good).
    SITE_ADMIN: ["articles.*"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
