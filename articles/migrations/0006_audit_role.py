"""Quản trị reads the staff audit log (portal.AuditEntry)."""

from django.db import migrations

from articles.roles import SITE_ADMIN, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, {SITE_ADMIN: ["portal.view_auditentry"]})


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_view_count"), ("portal", "0002_audit")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
