from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from dilemmas.models import (
    CaseStatus,
    Consultation,
    DilemmaCase,
    Perspective,
    SupervisionSession,
    TrainingType,
    WorkingGroup,
    add_months,
    add_working_days,
)

from .factories import WorkingGroupFactory

AMS = ZoneInfo("Europe/Amsterdam")


def test_add_months_clips_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_working_days_skip_the_weekend():
    friday = datetime(2026, 11, 13, 15, tzinfo=AMS)
    assert add_working_days(friday, 2) == datetime(2026, 11, 17, 15, tzinfo=AMS)
    monday = datetime(2026, 11, 16, 9, tzinfo=AMS)
    assert add_working_days(monday, 2) == datetime(2026, 11, 18, 9, tzinfo=AMS)


@pytest.mark.django_db
def test_missing_perspectives(make_person, organisation):
    group = WorkingGroupFactory()
    assert group.missing_perspectives() == ["Leidinggevende", "Medewerker", "Ervaringsdeskundige"]
    for perspective in (Perspective.MANAGER, Perspective.OTHER):
        group.memberships.create(user=make_person(None, organisation), perspective=perspective)
    assert group.missing_perspectives() == ["Medewerker", "Ervaringsdeskundige"]


def test_next_due_of_a_training():
    yearly = TrainingType(repeat_months=12)
    joined = date(2026, 1, 10)
    assert yearly.next_due(None, joined) == date(2026, 4, 10)  # first time: three months
    assert yearly.next_due(date(2026, 3, 1), joined) == date(2027, 3, 1)
    assert TrainingType(repeat_months=None).next_due(date(2026, 3, 1), joined) == date.max


@pytest.mark.django_db(transaction=True)
def test_seed_demo_twice_gives_the_full_picture(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    group = WorkingGroup.objects.get()
    assert group.missing_perspectives() == []
    assert group.form_versions.filter(published_at__isnull=False).count() == 1
    for team in ("Wonen De Pijp", "Dagbesteding Oost"):
        statuses = set(DilemmaCase.objects.filter(team__name=team).values_list("status", flat=True))
        assert statuses == set(CaseStatus.values)
    assert DilemmaCase.objects.count() == 8
    assert SupervisionSession.objects.filter(outcomes_recorded_at__isnull=False).count() == 2
    assert {c.status for c in Consultation.objects.all()} == {"open", "closed"}
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dilemmas import services

    people = list(get_user_model().objects.all())
    today = timezone.localdate()
    dues = services.trainings_due_for(people, today)
    overdue = {u.username for u in people if any(d.is_overdue(today) for d in dues[u.pk])}
    assert overdue == {"employee2"}


def test_a_team_with_cases_or_sessions_cannot_be_deleted(session_with_case, team):
    """Deleting it would leave its leads' access to the cases behind."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        team.delete()


@pytest.mark.django_db
def test_session_and_training_session_names_write_the_date_out_in_dutch():
    from .factories import SessionFactory, TrainingSessionFactory

    moment = datetime(2026, 10, 13, 19, 30, tzinfo=AMS)
    session = SessionFactory(kind="supervision", team__name="Wonen De Pijp", starts_at=moment)
    assert str(session) == "Supervisie, Wonen De Pijp, 13 oktober 2026"
    training = TrainingSessionFactory(training__name="Moreel beraad leiden", starts_at=moment)
    assert str(training) == "Moreel beraad leiden, 13 oktober 2026"
