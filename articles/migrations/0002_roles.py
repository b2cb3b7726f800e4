"""The three staff roles as Django groups, with their permissions.

Later changes to what a role may do come as new migrations, so that every database that was
migrated holds the same roles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = "Phóng viên"
EDITOR = "Biên tập viên"
SITE_ADMIN = "Quản trị"

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


def _make_permissions(apps):
    # Permissions are normally created after the whole migrate run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for code in codes:
            app_label, codename = code.split(".")
            qs = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                qs = qs.filter(codename=codename)
            found = list(qs)
            if not found:
                raise LookupError(f"Permission {code} does not exist")
            perms.extend(found)
        group.permissions.add(*perms)


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
