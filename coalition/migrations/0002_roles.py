"""Create the product's roles as Django groups.

Their model permissions are kept in code (`coalition.roles.ROLE_PERMISSIONS`) and applied by
`coalition.roles.sync_role_groups` after every migrate.
"""

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


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coalition", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
