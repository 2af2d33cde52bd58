"""Retention: intakes, clients, cases and consultation requests older than their period are
anonymised by the nightly task, on the day the period ends and not the day before; a second
run changes nothing, and a run that stops halfway is finished by the next."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from coalition.privacy import retention_kinds
from coalition.privacy.retention import apply_retention
from coalition.sweeps import apply_retention as nightly_task
from digital.models import Client, HelpAtHome, Intake, Internet, Language, TargetGroup
from dilemmas.models import Consultation, DilemmaCase
from dilemmas.models.consultations import ConsultationStatus
from tests.dilemmas.factories import CaseFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 3, 15))


@pytest.fixture
def make_client(organisation):
    language = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0]
    target_group = TargetGroup.objects.get_or_create(name="Ouderen")[0]

    def make(number, *, created_at):
        return Client.objects.create(
            organisation=organisation,
            number=number,
            language=language,
            target_group=target_group,
            created_at=created_at,
        )

    return make


@pytest.fixture
def make_intake(make_client, intake_staff, settings):
    """Intakes of clients who stay (their own period is long here): the intake's own
    period decides."""
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "digital.client": 100 * 365}

    def make(number, *, done_at):
        client = make_client(number, created_at=done_at)
        return Intake.objects.create(
            client=client,
            done_by=intake_staff,
            done_at=done_at,
            internet=Internet.values[0],
            help_at_home=HelpAtHome.values[0],
            override_reason=f"Reden voor {number}",
        )

    return make


def test_an_intake_is_anonymised_on_the_day_its_period_ends_not_the_day_before(
    make_intake, settings
):
    days = settings.RETENTION_DAYS["digital.intake"]
    on_the_day = make_intake("A-1", done_at=NOW - timedelta(days=days))
    day_before = make_intake("A-2", done_at=NOW - timedelta(days=days - 1))
    with time_machine.travel(NOW, tick=False):
        done = apply_retention()
    assert done["digital.intake"] == 1
    on_the_day.refresh_from_db()
    day_before.refresh_from_db()
    assert (on_the_day.override_reason, on_the_day.anonymised_at) == ("", NOW)
    assert set(on_the_day.history.values_list("override_reason", flat=True)) == {""}
    assert day_before.override_reason == "Reden voor A-2"
    assert day_before.anonymised_at is None
    # The next night, the other one's day has come.
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert apply_retention()["digital.intake"] == 1


def test_a_second_run_changes_nothing(make_intake, settings):
    days = settings.RETENTION_DAYS["digital.intake"]
    intake = make_intake("B-1", done_at=NOW - timedelta(days=days + 10))
    with time_machine.travel(NOW, tick=False):
        apply_retention()
    versions = intake.history.count()
    anonymised_at = Intake.objects.get(pk=intake.pk).anonymised_at
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert set(apply_retention().values()) == {0}
    assert intake.history.count() == versions
    assert Intake.objects.get(pk=intake.pk).anonymised_at == anonymised_at


def test_a_run_that_stops_halfway_is_finished_by_the_next(make_intake, settings):
    days = settings.RETENTION_DAYS["digital.intake"]
    intakes = [make_intake(f"C-{n}", done_at=NOW - timedelta(days=days + n)) for n in range(5)]
    kind = retention_kinds()["digital.intake"]
    calls = []

    def crash_on_second_batch(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("the worker was stopped")
        return kind.anonymise(batch)

    crashing = kind.__class__(**{**kind.__dict__, "anonymise": crash_on_second_batch})
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch.dict("coalition.privacy.registry._retention", {kind.name: crashing}),
        pytest.raises(RuntimeError),
    ):
        apply_retention(batch_size=2)
    # The first batch stands; the second rolled back as a whole.
    assert Intake.objects.filter(anonymised_at__isnull=False).count() == 2
    with time_machine.travel(NOW, tick=False):
        assert apply_retention(batch_size=2)["digital.intake"] == 3
    assert {i.override_reason for i in Intake.objects.filter(pk__in=[i.pk for i in intakes])} == {
        ""
    }


def test_a_client_without_activity_is_anonymised_and_an_active_one_kept(
    make_client, make_intake, settings
):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "digital.client": 730}
    days = 730
    old = make_client("D-1", created_at=NOW - timedelta(days=days + 1))
    active = make_intake("D-2", done_at=NOW - timedelta(days=10)).client
    Client.objects.filter(pk=active.pk).update(created_at=NOW - timedelta(days=days + 1))
    with time_machine.travel(NOW, tick=False):
        nightly_task.apply()
    old.refresh_from_db()
    active.refresh_from_db()
    assert old.number == f"anoniem-{old.pk}"
    assert set(old.history.values_list("number", flat=True)) == {old.number}
    assert active.number == "D-2"


def test_old_cases_and_finished_requests_lose_their_text(organisation, employee, settings):
    case_days = settings.RETENTION_DAYS["dilemmas.dilemmacase"]
    request_days = settings.RETENTION_DAYS["dilemmas.consultation"]
    old_case = CaseFactory(
        organisation=organisation,
        author=employee,
        title="Piet weigert zorg",
        submitted_at=NOW - timedelta(days=case_days),
    )
    new_case = CaseFactory(organisation=organisation, author=employee, title="Recent")
    closed = ConsultationFactory(
        requester=employee,
        organisation=organisation,
        topic="Over Piet",
        status=ConsultationStatus.CLOSED,
        closed_at=NOW - timedelta(days=request_days),
    )
    still_open = ConsultationFactory(
        requester=employee,
        organisation=organisation,
        topic="Nog open",
        created_at=NOW - timedelta(days=request_days * 3),
    )
    with time_machine.travel(NOW, tick=False):
        done = apply_retention()
    assert done["dilemmas.dilemmacase"] == 1
    assert done["dilemmas.consultation"] == 1
    old_case = DilemmaCase.objects.get(pk=old_case.pk)
    assert (old_case.title, old_case.answers) == ("Geanonimiseerde casus", {})
    assert "Piet" not in str(list(old_case.history.values_list("title", "answers")))
    assert DilemmaCase.objects.get(pk=new_case.pk).title == "Recent"
    closed = Consultation.objects.get(pk=closed.pk)
    assert (closed.topic, closed.contact) == ("(geanonimiseerd)", "")
    assert Consultation.objects.get(pk=still_open.pk).topic == "Nog open"


def test_the_privacy_officer_sees_the_periods_and_what_waits(client_for, make_person, organisation):
    from coalition import roles

    officer = make_person(roles.PRIVACY_OFFICER, organisation, username="privacy")
    response = client_for(officer).get("/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bewaartermijnen" in html
    assert "730 dagen" in html


def test_the_page_keeps_its_count_for_ten_minutes_and_counts_again_after_a_run(
    client_for, make_person, organisation, make_intake, settings
):
    from coalition import roles

    officer = make_person(roles.PRIVACY_OFFICER, organisation, username="privacy")
    client = client_for(officer)
    days = settings.RETENTION_DAYS["digital.intake"]

    def waiting():
        response = client.get("/privacy/")
        rows = {row["name"]: row["due"] for row in response.context["retention"]["rows"]}
        assert "Geteld om" in response.content.decode()
        return rows["digital.intake"]

    with time_machine.travel(NOW, tick=False):
        make_intake("B-1", done_at=NOW - timedelta(days=days + 1))
        assert waiting() == 1
        make_intake("B-2", done_at=NOW - timedelta(days=days + 2))
        assert waiting() == 1  # kept: the page does not count the tables on every visit
    with time_machine.travel(NOW + timedelta(minutes=11), tick=False):
        assert waiting() == 2
        apply_retention()
        assert waiting() == 0  # a run forgets what was counted
