"""Create the product's roles as Django groups; coordinators may manage the core in admin."""

from django.db import migrations

ROLES = [
    "coordinator",
    "steering_member",
    "working_group_member",
    "team_lead",
    "employee",
    "intake_staff",
    "care_worker",
    "relationship_manager",
]

COORDINATOR_MODELS = {
    "coalition": ["organisation", "team", "profile", "notification", "accesslogentry"],
    "auth": ["user"],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    coordinator = Group.objects.get(name="coordinator")
    for app_label, models in COORDINATOR_MODELS.items():
        perms = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
        coordinator.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
