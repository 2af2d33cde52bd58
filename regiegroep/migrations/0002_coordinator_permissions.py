"""Coordinators create steering groups, see all of them, and manage their seats and circles.

Editing a group's content is for its steering members, who get it per group (guardian).
"""

from django.db import migrations

CODENAMES = ["add_steeringgroup", "view_steeringgroup", "manage_steeringgroup"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinator, _ = Group.objects.get_or_create(name="coordinator")
    coordinator.permissions.add(
        *Permission.objects.filter(content_type__app_label="regiegroep", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="coordinator"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="regiegroep", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("regiegroep", "0001_initial"),
        ("coalition", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
