"""Each working group gets a Django group that holds its object permissions on cases (see
0011, which moves the rows there). Its own migration, so the data step of 0011 runs after
this schema change has committed on PostgreSQL."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("dilemmas", "0009_anonymised_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="workinggroup",
            name="auth_group",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dilemmas_working_group",
                to="auth.group",
            ),
        ),
    ]
