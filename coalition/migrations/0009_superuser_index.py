"""A partial index on the few superuser accounts: who never gets sight through a grant
(coalition.access.sight_excluded_ids) is read on many pages, and without it that read
goes through every account."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("coalition", "0008_access_log_erased"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS coalition_superusers ON auth_user (id) WHERE is_superuser",
            "DROP INDEX IF EXISTS coalition_superusers",
            elidable=False,
        ),
    ]
