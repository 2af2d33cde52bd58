"""The languages, target groups, intake statements and personas a new installation needs."""

from django.db import migrations

from digital.defaults import ensure_defaults


def add_defaults(apps, schema_editor):
    ensure_defaults(
        apps.get_model("digital", "Language"),
        apps.get_model("digital", "TargetGroup"),
        apps.get_model("digital", "SkillStatement"),
        apps.get_model("digital", "Persona"),
    )


class Migration(migrations.Migration):
    dependencies = [("digital", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
