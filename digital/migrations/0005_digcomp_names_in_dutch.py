"""The DigComp competences of the default badges named in Dutch, as users read them."""

from django.db import migrations

DUTCH = {
    "Identifying needs and technological responses": (
        "Behoeften en technologische oplossingen herkennen"
    ),
    "Solving technical problems": "Technische problemen oplossen",
    "Identifying digital competence gaps": "Hiaten in digitale competenties herkennen",
}


def to_dutch(apps, schema_editor):
    Achievement = apps.get_model("digital", "Achievement")
    for english, dutch in DUTCH.items():
        Achievement.objects.filter(digcomp_name=english).update(digcomp_name=dutch)


class Migration(migrations.Migration):
    dependencies = [("digital", "0004_default_achievements")]

    operations = [migrations.RunPython(to_dutch, migrations.RunPython.noop)]
