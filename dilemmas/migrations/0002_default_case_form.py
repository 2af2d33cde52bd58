"""Install the default case form (see dilemmas/default_form.py)."""

from django.db import migrations

from dilemmas.default_form import ensure_default_form


def create_default_form(apps, schema_editor):
    ensure_default_form(
        apps.get_model("dilemmas", "CaseFormVersion"), apps.get_model("dilemmas", "CaseQuestion")
    )


def remove_default_form(apps, schema_editor):
    apps.get_model("dilemmas", "CaseFormVersion").objects.filter(group__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("dilemmas", "0001_initial")]

    operations = [migrations.RunPython(create_default_form, remove_default_form)]
