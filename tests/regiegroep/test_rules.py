"""Each rule of the steering group is the service's: called directly, without a form, the
service refuses, with the message keyed to the field a form shows it next to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regiegroep import services
from regiegroep.models import (
    Decision,
    PlaybookVersion,
    Priority,
    Scenario,
    Seat,
    Stakeholder,
    Step,
)
from tests.coalition.factories import OrganisationFactory, UserFactory
from tests.regiegroep.factories import CrisisFactory, DecisionFactory, SeatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(call):
    """The messages of the ValidationError that `call` raises, by field."""
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _seat(group, organisation, **fields):
    person = fields.pop("person", None) or UserFactory()
    return Seat(
        group=group,
        organisation=organisation,
        person=person,
        role="Lid",
        hours_per_week=2,
        start_date=fields.pop("start_date", datetime.date(2026, 1, 1)),
        **fields,
    )


# --- The group and its seats ---------------------------------------------------------------


def test_group_save_keeps_the_maximum_at_or_above_the_seats_taken(group, organisation, member):
    SeatFactory(group=group, organisation=organisation)
    group.max_members = 1
    errors = refusal(lambda: services.group_save(group=group, organisations=[organisation]))
    assert errors == {
        "max_members": ["2 seats are taken; end seats before lowering the maximum below that."]
    }
    group.refresh_from_db()
    assert group.max_members == 5
    group.max_members = 2
    services.group_save(group=group, organisations=[organisation])
    group.refresh_from_db()
    assert group.max_members == 2


def test_group_save_does_not_count_ended_seats(group, organisation, member):
    SeatFactory(group=group, organisation=organisation, end_date=datetime.date(2026, 2, 1))
    group.max_members = 1
    services.group_save(group=group, organisations=[organisation], today=datetime.date(2026, 3, 1))
    group.refresh_from_db()
    assert group.max_members == 1


def test_group_save_needs_a_member_organisation(group):
    errors = refusal(lambda: services.group_save(group=group, organisations=[]))
    assert errors == {"organisations": ["Choose at least one member organisation."]}


def test_seat_save_needs_someone_of_the_organisation(group, organisation):
    person = UserFactory(first_name="Fatima", last_name="Ouali")
    errors = refusal(lambda: services.seat_save(seat=_seat(group, organisation, person=person)))
    assert errors == {"person": [f"Fatima Ouali does not work for {organisation.name}."]}
    assert not Seat.objects.exists()


def test_seat_save_needs_a_member_organisation(group):
    outsider = OrganisationFactory(name="Elders")
    person = UserFactory()
    person.profile.organisations.add(outsider)
    errors = refusal(lambda: services.seat_save(seat=_seat(group, outsider, person=person)))
    assert errors == {"organisation": ["Elders is not a member of this steering group."]}


def test_seat_save_refuses_dates_out_of_order_at_the_end_date(group, organisation):
    person = UserFactory()
    person.profile.organisations.add(organisation)
    seat = _seat(group, organisation, person=person, end_date=datetime.date(2025, 12, 1))
    errors = refusal(lambda: services.seat_save(seat=seat))
    assert errors == {"end_date": ["The end date must be on or after the start date."]}


def test_stakeholder_save_needs_an_address_or_a_user(group):
    stakeholder = Stakeholder(group=group, circle=2, name="GGD")
    errors = refusal(lambda: services.stakeholder_save(stakeholder=stakeholder))
    assert errors == {
        "email": ["Give an e-mail address, or choose the user of this app to inform."]
    }
    stakeholder.user = UserFactory()
    services.stakeholder_save(stakeholder=stakeholder)
    assert stakeholder.pk


# --- Content -------------------------------------------------------------------------------


def test_priority_save_needs_the_goal_of_an_organisation(group, organisation):
    errors = refusal(
        lambda: services.priority_save(
            priority=Priority(group=group, title="Flexpool"), goals={organisation: "  "}
        )
    )
    assert errors == {
        "__all__": ["Link the priority to the goal of at least one member organisation."]
    }
    assert not Priority.objects.exists()


def test_scenario_create_needs_a_step(group):
    scenario = Scenario(group=group, title="Stroomstoring", trigger="Geen stroom")
    errors = refusal(lambda: services.scenario_create(scenario=scenario, steps=[]))
    assert errors == {"__all__": ["The step plan is empty: add at least one step."]}
    assert not Scenario.objects.exists()
    step = Step(moment="start", action="Noodstroom", responsible_role="Facilitair")
    services.scenario_create(scenario=scenario, steps=[step])
    assert [s.action for s in scenario.steps.all()] == ["Noodstroom"]


# --- Crises and decisions ------------------------------------------------------------------


def test_crisis_event_cannot_predate_the_crisis(group):
    crisis = CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1))
    event = crisis.events.model(
        crisis=crisis, occurred_on=datetime.date(2026, 2, 1), description="Persconferentie"
    )
    errors = refusal(lambda: services.crisis_event_save(event=event))
    assert errors == {"occurred_on": ["This date is before the start of the crisis."]}


def test_closed_crisis_takes_no_events(group):
    crisis = CrisisFactory(group=group, closed_on=datetime.date(2026, 4, 1))
    event = crisis.events.model(
        crisis=crisis, occurred_on=datetime.date(2026, 4, 2), description="Na afloop"
    )
    errors = refusal(lambda: services.crisis_event_save(event=event))
    assert errors == {"__all__": ["This crisis is closed; no events can be added."]}


def test_crisis_close_needs_a_lesson_and_a_date_after_the_start(group):
    crisis = CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1))
    errors = refusal(
        lambda: services.crisis_close(
            crisis=crisis, closed_on=datetime.date(2026, 2, 1), lessons=[("  ", "")]
        )
    )
    assert errors == {
        "closed_on": ["A crisis cannot end before it started."],
        "lessons": ["Write down at least one lesson learned, one per line."],
    }
    crisis.refresh_from_db()
    assert crisis.is_open


def test_published_decision_is_refused_with_one_message(group, member):
    decision = services.decision_publish(
        decision=DecisionFactory(group=group), actor=member, circles=[]
    )
    decision.title = "Anders"
    by_save = refusal(lambda: services.decision_save(decision=decision))
    by_check = refusal(lambda: services.ensure_draft(decision=decision))
    assert (
        by_save
        == by_check
        == {
            "__all__": ["A published decision cannot be changed; supersede it with a new decision."]
        }
    )


def test_successor_of_a_decision_outside_the_mandate_keeps_the_confirmed_choice(group, member):
    outside = DecisionFactory.build(group=group, within_mandate=False)
    services.decision_save(decision=outside, outside_mandate_confirmed=True)
    services.decision_publish(decision=outside, actor=member, circles=[])
    outside.refresh_from_db()
    successor = services.decision_supersede(decision=outside)
    assert not successor.within_mandate and not successor.is_published
    assert Decision.objects.filter(supersedes=outside).get() == successor


# --- Playbook ------------------------------------------------------------------------------


def test_playbook_publish_needs_a_change_note(group, member):
    errors = refusal(
        lambda: services.playbook_publish(group=group, actor=member, change_note=" ", render=False)
    )
    assert errors == {"change_note": ["Write a short note on what changed in this version."]}
    assert not PlaybookVersion.objects.exists()
