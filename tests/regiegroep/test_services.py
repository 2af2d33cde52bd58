import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from coalition.models import Notification
from regiegroep import services
from regiegroep.models import (
    Circle,
    Communication,
    Decision,
    Lesson,
    PlaybookPdf,
    Priority,
    Seat,
    Step,
)
from regiegroep.permissions import access_for
from tests.coalition.factories import UserFactory
from tests.regiegroep.factories import (
    CrisisFactory,
    DecisionFactory,
    RiskFactory,
    ScenarioFactory,
    StakeholderFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request sees them: nothing of what was cached on the object."""
    return type(user).objects.get(pk=user.pk)


def _seat(group, organisation, person=None, **kwargs):
    person = person or UserFactory()
    person.profile.organisations.add(organisation)
    return Seat(
        group=group,
        organisation=organisation,
        person=person,
        role="Lid",
        hours_per_week=2,
        start_date=kwargs.pop("start_date", datetime.date(2026, 1, 1)),
        **kwargs,
    )


# --- Seats ---------------------------------------------------------------------------------


def test_seat_cap_refuses_one_too_many(group, organisation):
    group.max_members = 2
    group.save()
    services.seat_save(seat=_seat(group, organisation))
    services.seat_save(seat=_seat(group, organisation))
    with pytest.raises(ValidationError) as error:
        services.seat_save(seat=_seat(group, organisation))
    assert "De regiegroep is vol" in str(error.value) or "full" in str(error.value)
    assert group.seats.count() == 2


def test_ended_seats_free_their_place_and_stay_in_history(group, organisation):
    group.max_members = 1
    group.save()
    first = services.seat_save(seat=_seat(group, organisation))
    services.seat_end(seat=first, end_date=datetime.date(2026, 2, 1))
    services.seat_save(seat=_seat(group, organisation))
    assert group.seats.count() == 2
    assert first not in group.seats.not_ended(datetime.date(2026, 11, 1))


def test_same_person_cannot_hold_two_current_seats(group, organisation):
    person = UserFactory()
    services.seat_save(seat=_seat(group, organisation, person))
    with pytest.raises(ValidationError) as error:
        services.seat_save(seat=_seat(group, organisation, person))
    assert "person" in error.value.error_dict


def test_seat_end_before_start_is_refused(group, organisation):
    seat = services.seat_save(seat=_seat(group, organisation))
    with pytest.raises(ValidationError):
        services.seat_end(seat=seat, end_date=datetime.date(2025, 12, 31))


def test_seat_grants_and_ending_revokes_member_rights(group, organisation):
    person = UserFactory()
    seat = services.seat_save(seat=_seat(group, organisation, person))
    assert access_for(person, group).edit
    services.seat_end(seat=seat, end_date=datetime.date(2026, 2, 1))
    access = access_for(_fresh(person), group)
    assert not access.edit and not access.view
    assert access.read  # still staff of a member organisation


def test_future_seat_gets_rights_when_its_day_comes(group, organisation):
    person = UserFactory()
    with time_machine.travel(datetime.date(2026, 5, 1), tick=False):
        services.seat_save(
            seat=_seat(group, organisation, person, start_date=datetime.date(2026, 6, 1))
        )
        assert not access_for(person, group).edit
    with time_machine.travel(datetime.date(2026, 6, 2), tick=False):
        from regiegroep.tasks import sync_steering_member_permissions

        sync_steering_member_permissions()
        assert access_for(_fresh(person), group).edit


# --- Priorities and steps ------------------------------------------------------------------


def test_priorities_are_numbered_and_move_without_retyping(group, organisation):
    titles = ["Continuïteit", "Flexpool", "Eén stem"]
    for title in titles:
        services.priority_save(
            priority=Priority(group=group, title=title), goals={organisation: f"Doel {title}"}
        )
    third = group.priorities.get(title="Eén stem")
    assert services.priority_move(priority=third, direction="up")
    assert [p.title for p in group.priorities.all()] == ["Continuïteit", "Eén stem", "Flexpool"]
    first = group.priorities.get(title="Continuïteit")
    assert not services.priority_move(priority=first, direction="up")
    assert group.priorities.get(title="Flexpool").goals.get().goal == "Doel Flexpool"


def test_priority_goal_is_updated_and_removed(group, organisation, other_organisation):
    group.organisations.add(other_organisation)
    priority = services.priority_save(
        priority=Priority(group=group, title="P"),
        goals={organisation: "Oud", other_organisation: "Ander doel"},
    )
    services.priority_save(
        priority=priority, goals={organisation: "Nieuw", other_organisation: "Ander doel"}
    )
    assert priority.goals.get(organisation=organisation).goal == "Nieuw"
    services.priority_save(priority=priority, goals={organisation: " ", other_organisation: "x"})
    assert [goal.organisation for goal in priority.goals.all()] == [other_organisation]


def test_step_move_down(group):
    scenario = ScenarioFactory(group=group)
    a = StepFactory(scenario=scenario, position=0, action="A")
    StepFactory(scenario=scenario, position=1, action="B")
    services.step_move(step=a, direction="down")
    assert list(scenario.steps.values_list("action", flat=True)) == ["B", "A"]


def test_scenario_copy_takes_steps_and_risks(group):
    scenario = ScenarioFactory(group=group, title="Lockdown")
    StepFactory(scenario=scenario, action="Bijeenkomen")
    RiskFactory(scenario=scenario, description="Personeelstekort")
    copy = services.scenario_copy(scenario=scenario, title="Tweede golf")
    assert copy.copied_from == scenario
    assert [s.action for s in copy.steps.all()] == ["Bijeenkomen"]
    assert [r.description for r in copy.risks.all()] == ["Personeelstekort"]
    assert scenario.steps.count() == 1 and scenario.risks.count() == 1
    assert Step.objects.count() == 2


# --- Crises and decisions ------------------------------------------------------------------


def test_closing_a_crisis_records_its_lessons(group):
    crisis = CrisisFactory(group=group)
    lessons = services.crisis_close(
        crisis=crisis,
        closed_on=datetime.date(2026, 5, 1),
        lessons=[("Eerder opschalen", ""), ("Eén woordvoerder", "")],
    )
    crisis.refresh_from_db()
    assert not crisis.is_open
    assert [lesson.crisis for lesson in lessons] == [crisis, crisis]
    assert Lesson.objects.filter(group=group).count() == 2
    with pytest.raises(ValidationError):
        services.crisis_close(crisis=crisis, closed_on=datetime.date(2026, 5, 2), lessons=[])


def test_crisis_cannot_close_before_it_started(group):
    crisis = CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.crisis_close(crisis=crisis, closed_on=datetime.date(2026, 2, 1), lessons=[])


def test_publishing_informs_the_chosen_circles_once(
    group, member, django_capture_on_commit_callbacks
):
    in_app = UserFactory(username="wethouder")
    StakeholderFactory(group=group, circle=Circle.SECOND, name="Wethouder", user=in_app, email="")
    StakeholderFactory(group=group, circle=Circle.SECOND, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(
        group=group, circle=Circle.THIRD, name="Cliëntenraad", email="raad@x.example"
    )
    decision = DecisionFactory(group=group)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_publish(decision=decision, actor=member, circles=[Circle.SECOND])
    decision.refresh_from_db()
    assert decision.is_published and decision.communicated_at is not None
    informed = {c.name: c.channel for c in decision.communications.all()}
    assert informed == {"Wethouder": "in_app", "GGD": "email"}
    assert Notification.objects.filter(recipient=in_app).count() == 1
    assert {m.to[0] for m in mail.outbox} == {"crisis@ggd.example", in_app.email}
    # Informing the third circle later adds only the new people.
    with django_capture_on_commit_callbacks(execute=True):
        made = services.decision_communicate(decision=decision, circles=[2, 3])
    assert [c.name for c in made] == ["Cliëntenraad"]
    assert Communication.objects.filter(decision=decision).count() == 3


def test_people_outside_the_app_get_the_whole_decision_in_the_mail_and_no_link(
    group, member, django_capture_on_commit_callbacks
):
    member.first_name, member.last_name = "Sanne", "de Wit"
    member.save()
    in_app = UserFactory(username="wethouder", email="wethouder@gemeente.example")
    StakeholderFactory(group=group, circle=Circle.SECOND, name="Wethouder", user=in_app, email="")
    StakeholderFactory(group=group, circle=Circle.THIRD, name="GGD", email="crisis@ggd.example")
    decision = DecisionFactory(
        group=group,
        title="Noodfonds",
        text="We richten een noodfonds op.",
        rationale="Twee organisaties komen in liquiditeitsproblemen.",
    )
    published = datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.UTC)
    with time_machine.travel(published, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_publish(decision=decision, actor=member, circles=[2, 3])
    outside = next(m for m in mail.outbox if m.to == ["crisis@ggd.example"])
    assert outside.subject == f"Besluit van {group.name}: Noodfonds"
    assert outside.body.startswith(outside.subject)  # the title on top of the mail
    body = outside.body.split("\n", 1)[1]
    for part in (
        "We richten een noodfonds op.",
        "Onderbouwing: Twee organisaties komen in liquiditeitsproblemen.",
        group.name,
        "14 maart 2026",  # when it was decided, written out in the product language
        "Sanne de Wit",  # who published it
    ):
        assert part in body
    assert "http" not in outside.body and "/regiegroep/" not in outside.body
    assert Notification.objects.get(email="crisis@ggd.example").url == ""
    # A user of the app is told in the app, with the way to the decision.
    note = Notification.objects.get(recipient=in_app)
    assert note.url == decision.get_absolute_url()
    inside = next(m for m in mail.outbox if m.to == [in_app.email])
    assert "http" in inside.body


def test_published_decision_cannot_be_edited_only_superseded(group, member):
    decision = DecisionFactory(group=group)
    services.decision_publish(decision=decision, actor=member, circles=[])
    decision.refresh_from_db()
    decision.text = "Anders"
    with pytest.raises(ValidationError):
        services.decision_save(decision=decision)
    successor = services.decision_supersede(decision=decision)
    assert successor.supersedes == decision and not successor.is_published
    with pytest.raises(ValidationError):
        services.decision_supersede(decision=decision)
    with pytest.raises(ValidationError):
        services.decision_publish(decision=decision, actor=member, circles=[])


def test_decision_save_refuses_a_contradictory_mandate(group):
    within = DecisionFactory.build(group=group, within_mandate=True)
    with pytest.raises(ValidationError) as refused:
        services.decision_save(decision=within, outside_mandate_confirmed=True)
    assert "within_mandate" in refused.value.error_dict
    outside = DecisionFactory.build(group=group, within_mandate=False)
    with pytest.raises(ValidationError) as refused:
        services.decision_save(decision=outside)
    assert "within_mandate" in refused.value.error_dict
    assert not Decision.objects.exists()
    services.decision_save(decision=within)
    services.decision_save(decision=outside, outside_mandate_confirmed=True)
    assert sorted(Decision.objects.values_list("within_mandate", flat=True)) == [False, True]


def test_waiting_decisions(group, member):
    draft = DecisionFactory(group=group)
    silent = DecisionFactory(group=group)
    services.decision_publish(decision=silent, actor=member, circles=[])
    StakeholderFactory(group=group, circle=2)
    told = DecisionFactory(group=group)
    services.decision_publish(decision=told, actor=member, circles=[2])
    assert set(Decision.objects.waiting()) == {draft, silent}


# --- Playbook ------------------------------------------------------------------------------


def test_playbook_versions_are_numbered_and_frozen(group, member):
    scenario = ScenarioFactory(group=group, title="Lockdown")
    StepFactory(scenario=scenario, action="Bijeenkomen")
    v1 = services.playbook_publish(group=group, actor=member, change_note="Eerste versie")
    scenario.title = "Lockdown (herzien)"
    scenario.save()
    v2 = services.playbook_publish(group=group, actor=member, change_note="Titel herzien")
    v1.refresh_from_db()
    assert (v1.number, v2.number) == (1, 2)
    assert v1.snapshot["scenarios"][0]["title"] == "Lockdown"
    assert v2.snapshot["scenarios"][0]["title"] == "Lockdown (herzien)"
    assert v1.snapshot["members"][0]["role"] == "Voorzitter"


def test_publishing_renders_each_language_once(group, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.playbook_publish(group=group, actor=member, change_note="Eerste")
    pdfs = {p.language: p for p in PlaybookPdf.objects.filter(version=version)}
    assert set(pdfs) == {"nl", "en"}
    assert pdfs["nl"].file.read(4) == b"%PDF"
    again = services.playbook_pdf_render(version=version, language="nl")
    assert again.pk == pdfs["nl"].pk and again.rendered_at == pdfs["nl"].rendered_at


def test_missing_pdf_file_is_rendered_again(group, member):
    version = services.playbook_publish(group=group, actor=member, change_note="x", render=False)
    assert not version.pdfs.exists()
    pdf = services.playbook_pdf_render(version=version, language="nl")
    pdf.file.storage.delete(pdf.file.name)
    again = services.playbook_pdf_render(version=version, language="nl")
    assert again.pk == pdf.pk and again.file.storage.exists(again.file.name)


def test_yearly_review_reminder_is_sent_once_per_period(group, member):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        services.playbook_publish(group=group, actor=member, change_note="x", render=False)
    assert services.send_review_reminders(today=datetime.date(2026, 2, 27)) == 0
    assert services.send_review_reminders(today=datetime.date(2026, 3, 5)) == 1
    assert services.send_review_reminders(today=datetime.date(2026, 3, 6)) == 0
    # A missed day still sends; a second year overdue reminds again.
    assert services.send_review_reminders(today=datetime.date(2027, 4, 1)) == 1
    assert Notification.objects.filter(recipient=member).count() == 2


def test_yearly_review_reminder_is_dutch_with_the_date_written_out(group, member):
    from django.utils import translation

    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        services.playbook_publish(group=group, actor=member, change_note="x", render=False)
    with translation.override("en"):
        assert services.send_review_reminders(today=datetime.date(2026, 3, 5)) == 1
    note = Notification.objects.get(recipient=member)
    assert note.subject == f"Jaarlijkse herziening van het draaiboek van {group.name}"
    assert "1 maart 2025" in note.body


def test_publication_survives_a_broker_that_is_down(
    group, member, monkeypatch, django_capture_on_commit_callbacks
):
    from regiegroep.tasks import render_playbook_pdf

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(render_playbook_pdf, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.playbook_publish(group=group, actor=member, change_note="v1")
    assert version.pk and not any(pdf.is_stored() for pdf in version.pdfs.all())
    assert services.playbook_pdf_render(version=version, language="nl").is_stored()
