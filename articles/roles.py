"""The staff roles (Django groups) and the helper that grants them permissions.

The groups and their permissions are created by data migrations (articles.0002_roles and later
ones); a change to what a role may do is a new migration calling `grant_permissions`.
"""

from __future__ import annotations

WRITER = "Phóng viên"
EDITOR = "Biên tập viên"
SITE_ADMIN = "Quản trị"
ALL_ROLES = (WRITER, EDITOR, SITE_ADMIN)


def grant_permissions(apps, role_permissions: dict[str, list[str]]) -> None:
    """Create the groups if needed and add the permissions ("app.codename" or "app.*").

    `apps` is a migration's historical app registry. Permissions are normally created after the
    whole migrate run, so they are made here first.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            if not found.exists():
                raise LookupError(f"Permission {code} does not exist")
            group.permissions.add(*found)
