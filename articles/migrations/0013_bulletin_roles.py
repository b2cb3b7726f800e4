"""Who works on the cell-meeting bulletin: writers draft issues, editors publish them, the site
admin also empties the trash."""

from django.db import migrations

from articles.roles import EDITOR, SITE_ADMIN, WRITER, grant_permissions

DRAFTING = [
    f"articles.{action}_{model}"
    for model in ("bulletinissue", "bulletinitem", "bulletinsection")
    for action in ("add", "change", "delete", "view")
]
ROLE_PERMISSIONS = {
    WRITER: DRAFTING,
    EDITOR: [*DRAFTING, "articles.publish_bulletinissue"],
    SITE_ADMIN: [*DRAFTING, "articles.publish_bulletinissue",
                 "articles.empty_trash_bulletinissue"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_bulletins_radio")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
