"""The three staff roles as Django groups, with their first permissions."""

from django.db import migrations

from articles.roles import EDITOR, SITE_ADMIN, WRITER, grant_permissions

ROLE_PERMISSIONS = {
    WRITER: [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.view_category", "articles.view_author", "articles.view_tag",
        "articles.add_tag",
    ],
    EDITOR: [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.delete_article", "articles.publish_article",
        "articles.view_category", "articles.view_author", "articles.add_author",
        "articles.change_author",
        "articles.view_tag", "articles.add_tag", "articles.change_tag",
        "portal.view_organization",
    ],
    SITE_ADMIN: [
        "articles.*", "portal.*",
        "auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group",
    ],
}


def create_roles(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
