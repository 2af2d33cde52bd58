"""The sweeps of reflection moments and overdue trainings: a fixed number of queries however
many teams or people are due, each person told once, a second run sends nothing, and the
people told are those the rule for one team or one person names."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalition import roles
from coalition.models import Notification, Profile
from dilemmas import services, tasks
from dilemmas.permissions import team_leads
from tests.coalition.factories import TeamFactory

from .factories import TrainingTypeFactory

AMS = ZoneInfo("Europe/Amsterdam")
# Behind on the default six moments a year: the second period has begun, none was held.
MAY = datetime(2026, 5, 10, 8, tzinfo=AMS)


def sweep(task):
    """(what the task returned, queries other than the bulk insert of notifications). The
    insert is one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with CaptureQueriesContext(connection) as queries:
        sent = task()
    other = [q for q in queries if not q["sql"].startswith('INSERT INTO "coalition_notification"')]
    return sent, len(other)


# --- Teams behind on reflection ---


def teams_with_a_lead(count, organisation, make_person, start):
    teams = []
    for n in range(start, start + count):
        team = TeamFactory(organisation=organisation, name=f"Team {n}")
        make_person(roles.TEAM_LEAD, organisation, team, username=f"lead{n}")
        teams.append(team)
    return teams


def reflection_keys():
    return Notification.objects.filter(key__startswith="dilemmas-reflection-")


@time_machine.travel(MAY)
def test_the_reflection_sweep_costs_the_same_for_two_teams_as_for_thirty(
    group, organisation, make_person
):
    teams_with_a_lead(2, organisation, make_person, start=0)
    sent_few, queries_few = sweep(tasks.remind_teams_behind_on_reflection)
    teams_with_a_lead(30, organisation, make_person, start=2)
    sent_many, queries_many = sweep(tasks.remind_teams_behind_on_reflection)
    assert (sent_few, sent_many) == (2, 30)
    assert queries_many == queries_few
    # Each lead once, about their own team.
    assert reflection_keys().count() == 32
    assert reflection_keys().values("recipient").distinct().count() == 32


@time_machine.travel(MAY)
def test_a_second_reflection_sweep_sends_nothing(group, organisation, make_person):
    teams_with_a_lead(3, organisation, make_person, start=0)
    assert tasks.remind_teams_behind_on_reflection() == 3
    before = Notification.objects.count()
    assert tasks.remind_teams_behind_on_reflection() == 0
    assert Notification.objects.count() == before


@time_machine.travel(MAY)
def test_the_reflection_reminder_reads_as_it_did_for_one_team(group, team, team_lead):
    tasks.remind_teams_behind_on_reflection()
    [reminder] = Notification.objects.filter(recipient=team_lead)
    status = services.reflection_status(team, MAY.date())
    with override(settings.LANGUAGE_CODE):
        subject = _("Your team is behind on reflection moments")
        body = _(
            "%(team)s held %(held)s of the %(expected)s reflection moments "
            "expected by now (target: %(target)s a year). Plan a session."
        ) % {"team": team.name, "held": 0, "expected": status.expected, "target": 6}
    assert (status.held, status.expected, status.period) == (0, 2, 2)
    assert reminder.key == f"dilemmas-reflection-{team.pk}-2026-2"
    assert (reminder.subject, reminder.body) == (subject, body)
    assert reminder.url == reverse("dilemmas:reflection")


@time_machine.travel(MAY)
def test_the_leads_told_are_those_the_rule_for_one_team_names(
    group, organisation, other_organisation, team, team_lead, employee, make_person
):
    other_team = TeamFactory(organisation=organisation, name="Dagbesteding Oost")
    elsewhere = TeamFactory(organisation=other_organisation, name="Zonnehuis Noord")
    both = make_person(roles.TEAM_LEAD, organisation, team, username="lead-of-two")
    both.profile.teams.add(other_team)
    make_person(roles.TEAM_LEAD, organisation, team, username="gone", is_active=False)
    make_person(roles.TEAM_LEAD, other_organisation, elsewhere, username="lead-elsewhere")
    teams = [team, other_team, elsewhere]
    together = tasks._leads_by_team([t.pk for t in teams])
    for t in teams:
        alone = list(team_leads().filter(profile__teams=t).order_by("pk"))
        assert together.get(t.pk, []) == alone
    assert employee not in together[team.pk]
    tasks.remind_teams_behind_on_reflection()
    told = {(n.recipient, n.key.split("-")[2]) for n in reflection_keys()}
    # The team of an organisation no working group serves is not looked at.
    assert told == {(team_lead, str(team.pk)), (both, str(team.pk)), (both, str(other_team.pk))}


# --- Overdue mandatory trainings ---


def trainees(count, organisation, make_person, start):
    """People who joined 200 days ago and never followed the mandatory training."""
    return [
        make_person(
            roles.EMPLOYEE,
            organisation,
            username=f"trainee{n}",
            date_joined=datetime(2026, 1, 1, 9, tzinfo=AMS) - timedelta(days=200),
        )
        for n in range(start, start + count)
    ]


def training_keys():
    return Notification.objects.filter(key__startswith="dilemmas-training-due-")


@time_machine.travel(datetime(2026, 1, 1, 9, tzinfo=AMS))
def test_the_training_sweep_costs_the_same_for_two_people_as_for_thirty(
    group, organisation, working_group_member, make_person
):
    # The working-group member joined today: nothing is due for them yet.
    TrainingTypeFactory(group=group, name="Basis")
    trainees(2, organisation, make_person, start=0)
    sent_few, queries_few = sweep(tasks.remind_overdue_trainings)
    trainees(30, organisation, make_person, start=2)
    sent_many, queries_many = sweep(tasks.remind_overdue_trainings)
    assert (sent_few, sent_many) == (2, 30)
    assert queries_many == queries_few
    assert training_keys().count() == 32
    assert training_keys().values("recipient").distinct().count() == 32


@time_machine.travel(datetime(2026, 1, 1, 9, tzinfo=AMS))
def test_a_second_training_sweep_sends_nothing(group, organisation, make_person):
    TrainingTypeFactory(group=group, name="Basis")
    trainees(3, organisation, make_person, start=0)
    assert tasks.remind_overdue_trainings() == 3
    before = Notification.objects.count()
    assert tasks.remind_overdue_trainings() == 0
    assert Notification.objects.count() == before


@time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=AMS))
def test_the_trainings_told_are_those_due_for_each_person_alone(
    group, organisation, other_organisation, team, team_lead, employee, make_person
):
    basis = TrainingTypeFactory(group=group, name="Basis")
    leading = TrainingTypeFactory(group=group, name="Leiderschap", audience="team_leads")
    TrainingTypeFactory(group=group, name="Vrijwillig", mandatory=False)
    long_ago = datetime(2025, 1, 1, 9, tzinfo=AMS)
    for person in (team_lead, employee):
        person.date_joined = long_ago
        person.save()
    recent = make_person(roles.EMPLOYEE, organisation, username="new", date_joined=MAY)
    gone = make_person(roles.EMPLOYEE, organisation, username="gone", date_joined=long_ago)
    gone.is_active = False
    gone.save()
    make_person(roles.EMPLOYEE, other_organisation, username="elsewhere", date_joined=long_ago)
    tasks.remind_overdue_trainings()
    told = set(training_keys().values_list("recipient", "key"))
    expected = set()
    today = datetime(2026, 6, 1, tzinfo=AMS).date()
    for person in (team_lead, employee, recent):
        for item in services.trainings_due_for([person], today)[person.pk]:
            if item.is_overdue(today):
                expected.add(
                    (person.pk, f"dilemmas-training-due-{item.training.pk}-{item.key_date}")
                )
    assert told == expected
    assert {key.split("-")[3] for _pk, key in told} == {str(basis.pk), str(leading.pk)}
    # The lead is told of both trainings, the employee only of the one for everyone.
    assert {k for pk, k in told if pk == employee.pk} == {
        f"dilemmas-training-due-{basis.pk}-2025-04-01"
    }
    assert len([k for pk, k in told if pk == team_lead.pk]) == 2


@time_machine.travel(datetime(2026, 1, 1, 9, tzinfo=AMS))
def test_each_persons_mail_choice_holds_in_the_training_sweep(
    group, organisation, make_person, mailoutbox, django_capture_on_commit_callbacks
):
    TrainingTypeFactory(group=group, name="Basis")
    each, in_app, digest = trainees(3, organisation, make_person, start=0)
    Profile.objects.filter(user=in_app).update(notification_mail=Profile.NotificationMail.IN_APP)
    Profile.objects.filter(user=digest).update(notification_mail=Profile.NotificationMail.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_overdue_trainings() == 3
    assert [m.to for m in mailoutbox] == [[each.email]]
    assert not Notification.objects.get(recipient=in_app).send_email
    # The digest person's mail waits for the daily digest.
    assert Notification.objects.mail_pending().filter(recipient=digest).exists()
