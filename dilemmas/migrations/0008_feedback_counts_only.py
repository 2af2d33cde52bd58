"""The "less alone" answers keep counts only: the participant and the moment go (see 0007).

Its own migration, so the schema change runs after the data step has committed (PostgreSQL
does not alter a table with pending trigger events in the same transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dilemmas", "0007_feedback_anonymous")]

    operations = [
        migrations.RemoveConstraint(model_name="sessionfeedback", name="dilemmas_feedback_once"),
        migrations.RemoveField(model_name="sessionfeedback", name="answered_at"),
        migrations.RemoveField(model_name="sessionfeedback", name="user"),
        migrations.AlterField(
            model_name="sessionfeedback",
            name="count",
            field=models.PositiveIntegerField(default=0, verbose_name="number of answers"),
        ),
        migrations.AddConstraint(
            model_name="sessionfeedback",
            constraint=models.UniqueConstraint(
                fields=("session", "answer"), name="dilemmas_feedback_count"
            ),
        ),
    ]
