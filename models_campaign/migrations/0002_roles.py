"""What each staff role may do in the showcase (groups created by articles.0002_roles).

Writers create and edit entries (with their photos and recognitions) and pick an article's
annual theme; editors also publish, take down and delete entries and manage annual themes;
the site administrators ("Quản trị") manage everything, fields and localities included.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = "Phóng viên"
EDITOR = "Biên tập viên"
SITE_ADMIN = "Quản trị"

_WRITER = [
    "models_campaign.add_showcaseentry", "models_campaign.change_showcaseentry",
    "models_campaign.view_showcaseentry",
    "models_campaign.add_entryphoto", "models_campaign.change_entryphoto",
    "models_campaign.delete_entryphoto", "models_campaign.view_entryphoto",
    "models_campaign.add_recognition", "models_campaign.change_recognition",
    "models_campaign.delete_recognition", "models_campaign.view_recognition",
    "models_campaign.add_themearticle", "models_campaign.change_themearticle",
    "models_campaign.delete_themearticle", "models_campaign.view_themearticle",
    "models_campaign.view_field", "models_campaign.view_locality",
    "models_campaign.view_annualtheme",
    # An entry belongs to a unit: the admin's unit picker needs to list them.
    "portal.view_organization",
]

ROLE_PERMISSIONS = {
    WRITER: _WRITER,
    EDITOR: [
        *_WRITER,
        "models_campaign.publish_showcaseentry", "models_campaign.delete_showcaseentry",
        "models_campaign.add_annualtheme", "models_campaign.change_annualtheme",
    ],
    SITE_ADMIN: ["models_campaign.*", "portal.view_organization"],
}


def _make_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        qs = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            qs = qs.filter(codename=codename)
        perms = list(qs)
        if not perms:
            raise LookupError(f"Permission {code} does not exist")
        found.extend(perms)
    return found


def grant(apps, schema_editor):
    _make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            perms = [p for p in _permissions(apps, codes) if p.content_type.app_label == "models_campaign"]
            group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("models_campaign", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
