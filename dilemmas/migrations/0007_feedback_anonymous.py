"""The "less alone" answers become anonymous: counts per session and answer, and apart from
them the people who answered, without their answer.

Until now each answer was a row naming its participant, and every history row of it named
the participant again as the one who made the change. Existing answers are turned into
counts, who answered is kept (so nobody is asked again), and the history of the answers is
removed with its table; 0008 then drops the participant from the answers. The link cannot
come back: it is gone on purpose."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Min


def answers_to_counts(apps, schema_editor):
    SessionFeedback = apps.get_model("dilemmas", "SessionFeedback")
    SessionRespondent = apps.get_model("dilemmas", "SessionRespondent")
    SessionRespondent.objects.bulk_create(
        [
            SessionRespondent(session_id=session_id, user_id=user_id)
            for session_id, user_id in SessionFeedback.objects.values_list("session_id", "user_id")
        ],
        ignore_conflicts=True,
    )
    groups = SessionFeedback.objects.values("session_id", "answer").annotate(
        n=Count("pk"), keep=Min("pk")
    )
    for group in groups:
        SessionFeedback.objects.filter(pk=group["keep"]).update(count=group["n"])
        SessionFeedback.objects.filter(
            session_id=group["session_id"], answer=group["answer"]
        ).exclude(pk=group["keep"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dilemmas", "0006_session_calendar_sequence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The history of the answers named who answered what: it goes first, unread.
        migrations.DeleteModel(name="HistoricalSessionFeedback"),
        migrations.CreateModel(
            name="SessionRespondent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="respondents",
                        to="dilemmas.supervisionsession",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "respondent", "verbose_name_plural": "respondents"},
        ),
        migrations.AddConstraint(
            model_name="sessionrespondent",
            constraint=models.UniqueConstraint(
                fields=("session", "user"), name="dilemmas_respondent_once"
            ),
        ),
        # Every existing row is one answer until the rows are merged into counts.
        migrations.AddField(
            model_name="sessionfeedback",
            name="count",
            field=models.PositiveIntegerField(default=1, verbose_name="number of answers"),
        ),
        # Going back is possible only without answers (0008 cannot give a count its people).
        migrations.RunPython(answers_to_counts, migrations.RunPython.noop, elidable=False),
    ]
