"""The badges a new installation starts with (coordinators can add more)."""

from django.db import migrations

from digital.defaults import ensure_achievements


def add_achievements(apps, schema_editor):
    ensure_achievements(apps.get_model("digital", "Achievement"))


class Migration(migrations.Migration):
    dependencies = [("digital", "0003_goals_attempts_rewards")]

    operations = [migrations.RunPython(add_achievements, migrations.RunPython.noop)]
