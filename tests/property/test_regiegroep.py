"""The steering group's forms: decisions (and the notification their publication sends),
scenarios with their step plan, steps, guiding principles, crises, their events and the
lessons they close with. Whatever is typed: never a server error; accepted means stored as
typed and shown as text; refused means an error next to a field and every value kept."""

import datetime
import unicodedata

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from coalition.models import Notification
from coalition.tasks import deliver_notification_email
from regiegroep import services
from regiegroep.models import (
    Crisis,
    CrisisEvent,
    Decision,
    Domain,
    Lesson,
    Moment,
    Principle,
    Scenario,
    Seat,
    Step,
)
from tests.regiegroep.factories import (
    CrisisFactory,
    ScenarioFactory,
    StakeholderFactory,
    SteeringGroupFactory,
)

from .checks import (
    accepted,
    details,
    exported,
    fewer_examples,
    fits_its_column,
    get,
    no_raw_markup,
    page_text,
    post,
    refused_with_input_kept,
    shown_as_text,
    typed,
)
from .strategies import Choice, Either, Text, field_text, form, gentle_text, long_text


@pytest.fixture
def steering_group(organisation):
    return SteeringGroupFactory(name="Regiegroep Amsterdam", organisations=[organisation])


@pytest.fixture
def seat_holder(steering_group, organisation, steering_member):
    """A steering member with a seat in the group: may write its content."""
    services.seat_save(
        seat=Seat(
            group=steering_group,
            organisation=organisation,
            person=steering_member,
            role="Voorzitter",
            hours_per_week=4,
            start_date=datetime.date(2026, 1, 1),
        )
    )
    return steering_member


decision_data = form(
    title=Text(200, required=True),
    domain=Choice(*Domain.values),
    text=Text(required=True),
    rationale=Text(required=True),
    within_mandate=Choice("within", "outside"),
)
PLAIN_DECISION = {
    "title": "Locatie Oost sluit tijdelijk",
    "domain": "locations",
    "text": "We sluiten locatie Oost.\r\nBewoners gaan naar West.",
    "rationale": "Te weinig personeel.",
    "within_mandate": "within",
}


@fewer_examples(0.6)
@given(data=decision_data)
@example(data=PLAIN_DECISION)
@example(data={**PLAIN_DECISION, "title": "<script>alert('x')</script>", "text": "<b>vet</b>"})
@example(data={**PLAIN_DECISION, "title": "Besluit " + "x" * 190})
@example(data={**PLAIN_DECISION, "title": "Twee\nregels"})
def test_decision_form_and_its_notification(
    browser_for, seat_holder, steering_group, colleague_in_second_circle, data
):
    client = browser_for(seat_holder)
    before = Decision.objects.count()
    response = post(client, reverse("regiegroep:decision_create", args=[steering_group.pk]), data)
    if not accepted(response):
        assert Decision.objects.count() == before
        refused_with_input_kept(response, data, ["title", "text", "rationale"])
        return
    decision = Decision.objects.latest("pk")
    assert (decision.title, decision.text, decision.rationale) == (
        typed(data["title"]),
        typed(data["text"]),
        typed(data["rationale"]),
    )
    fits_its_column(decision, "title")
    body = page_text(get(client, decision.get_absolute_url()))
    no_raw_markup(body)
    for value in (decision.title, decision.text, decision.rationale):
        shown_as_text(body, value)
    export = reverse("regiegroep:decision_export", args=[steering_group.pk])
    for file_format in ("csv", "xlsx"):
        exported(client, f"{export}?format={file_format}", decision.title)
    # Published, the decision informs the second circle: in the app, and by mail.
    response = post(
        client, reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": [2]}
    )
    assert response.status_code == 302, details(response)
    notification = Notification.objects.filter(recipient=colleague_in_second_circle).latest("pk")
    fits_its_column(notification, "subject")
    # A subject is one line: a title's line breaks and control characters do not make it
    # into a mail header, where they would stop the mail.
    assert not any(unicodedata.category(char) == "Cc" for char in notification.subject)
    deliver_notification_email(notification)
    assert mail.outbox[-1].subject == notification.subject
    no_raw_markup(
        page_text(get(browser_for(colleague_in_second_circle), reverse("coalition:notifications")))
    )


@pytest.fixture
def colleague_in_second_circle(steering_group, make_person, organisation):
    person = make_person("employee", organisation, username="kring2", email="kring2@example.org")
    StakeholderFactory(group=steering_group, circle=2, name="Kring twee", user=person, email="")
    return person


def _step_rows(steps):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, (moment, action, role) in enumerate(steps):
        data[f"steps-{index}-moment"] = moment
        data[f"steps-{index}-action"] = action
        data[f"steps-{index}-responsible_role"] = role
    return data


def step_rows(gentle):
    row = st.tuples(
        Choice(*Moment.values).strategy(gentle),
        Text(300, required=True).strategy(gentle),
        Text(200, required=True).strategy(gentle),
    )
    return st.lists(row, min_size=1, max_size=3)


@given(
    data=form(
        title=Text(200, required=True),
        trigger=Text(required=True),
        description=Text(),
        steps=Either(step_rows(gentle=True), step_rows(gentle=False)),
    )
)
@example(
    data={
        "title": "Stroomstoring",
        "trigger": "<img src=x onerror=alert(1)>",
        "description": "",
        "steps": [("start", "Noodstroom <b>vet</b>", "Facilitair manager")],
    }
)
def test_scenario_form_with_its_step_plan(browser_for, seat_holder, steering_group, data):
    client = browser_for(seat_holder)
    steps = data["steps"]
    data = {**{k: v for k, v in data.items() if k != "steps"}, **_step_rows(steps)}
    before = Scenario.objects.count()
    response = post(client, reverse("regiegroep:scenario_create", args=[steering_group.pk]), data)
    if not accepted(response):
        assert Scenario.objects.count() == before
        fields = ["title", "trigger", "description"]
        fields += [
            f"steps-{i}-{f}" for i in range(len(steps)) for f in ("action", "responsible_role")
        ]
        refused_with_input_kept(response, data, fields)
        return
    scenario = Scenario.objects.latest("pk")
    assert (scenario.title, scenario.trigger, scenario.description) == (
        typed(data["title"]),
        typed(data["trigger"]),
        typed(data["description"]),
    )
    filled = [
        (m, typed(a), typed(r)) for m, a, r in steps if (m, typed(a), typed(r)) != ("", "", "")
    ]
    stored = [(s.moment, s.action, s.responsible_role) for s in scenario.steps.order_by("position")]
    assert stored == filled
    fits_its_column(scenario, "title")
    for step in scenario.steps.all():
        fits_its_column(step, "action", "responsible_role")
    body = page_text(get(client, scenario.get_absolute_url()))
    no_raw_markup(body)
    for value in (
        scenario.title,
        scenario.trigger,
        scenario.description,
        *[a for _m, a, _r in filled],
    ):
        shown_as_text(body, value)


@given(
    data=form(
        **{
            "step-moment": Choice(*Moment.values),
            "step-action": Text(300, required=True),
            "step-responsible_role": Text(200, required=True),
        }
    )
)
@example(
    data={
        "step-moment": "during",
        "step-action": "<b>vet</b>",
        "step-responsible_role": "Teamleider",
    }
)
def test_step_form(browser_for, seat_holder, steering_group, data):
    scenario = ScenarioFactory(group=steering_group)
    client = browser_for(seat_holder)
    response = post(client, reverse("regiegroep:step_create", args=[scenario.pk]), data)
    if not accepted(response):
        assert not scenario.steps.exists()
        refused_with_input_kept(response, data, ["step-action", "step-responsible_role"])
        return
    step = Step.objects.get(scenario=scenario)
    assert (step.action, step.responsible_role) == (
        typed(data["step-action"]),
        typed(data["step-responsible_role"]),
    )
    fits_its_column(step, "action", "responsible_role")
    body = page_text(get(client, scenario.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, step.action)
    shown_as_text(body, step.responsible_role)


@given(data=form(domain=Choice(*Domain.values), text=Text(300, required=True)))
@example(data={"domain": "finances", "text": "<script>alert('x')</script> eerst de zorg"})
def test_principle_form(browser_for, seat_holder, steering_group, data):
    client = browser_for(seat_holder)
    before = Principle.objects.count()
    response = post(client, reverse("regiegroep:principle_create", args=[steering_group.pk]), data)
    if not accepted(response):
        assert Principle.objects.count() == before
        refused_with_input_kept(response, data, ["text"])
        return
    principle = Principle.objects.latest("pk")
    assert principle.text == typed(data["text"])
    fits_its_column(principle, "text")
    body = page_text(get(client, reverse("regiegroep:framework", args=[steering_group.pk])))
    no_raw_markup(body)
    shown_as_text(body, principle.text)


@given(
    name=st.one_of(gentle_text, field_text),
    event=form(description=Text(required=True), measures=Text()),
)
@example(
    name="Hittegolf <b>vet</b>",
    event={"description": "<img src=x onerror=alert(1)>", "measures": ""},
)
def test_crisis_and_event_forms(browser_for, seat_holder, steering_group, name, event):
    client = browser_for(seat_holder)
    today = timezone.localdate().isoformat()
    data = {"name": name, "started_on": today, "scenario": ""}
    before = Crisis.objects.count()
    response = post(client, reverse("regiegroep:crisis_create", args=[steering_group.pk]), data)
    if not accepted(response):
        assert Crisis.objects.count() == before
        refused_with_input_kept(response, data, ["name"])
        return
    crisis = Crisis.objects.latest("pk")
    assert crisis.name == typed(name)
    fits_its_column(crisis, "name")
    event = {**event, "occurred_on": today}
    response = post(client, reverse("regiegroep:event_create", args=[crisis.pk]), event)
    if accepted(response):
        logged = CrisisEvent.objects.get(crisis=crisis)
        assert (logged.description, logged.measures) == (
            typed(event["description"]),
            typed(event["measures"]),
        )
    else:
        assert not CrisisEvent.objects.filter(crisis=crisis).exists()
        refused_with_input_kept(response, event, ["description", "measures"])
    body = page_text(get(client, crisis.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, crisis.name)
    for logged in crisis.events.all():
        shown_as_text(body, logged.description)
        shown_as_text(body, logged.measures)


lesson_lines = st.lists(
    st.one_of(gentle_text, gentle_text, field_text, long_text), min_size=1, max_size=4
).map("\n".join)


@given(lessons=lesson_lines)
@example(lessons="Eerder opschalen\n<script>alert('x')</script>")
@example(lessons="Een les die lang is: " + "x" * 250)
def test_crisis_close_form_keeps_every_lesson(browser_for, seat_holder, steering_group, lessons):
    crisis = CrisisFactory(group=steering_group, started_on=datetime.date(2026, 1, 1))
    client = browser_for(seat_holder)
    data = {"closed_on": timezone.localdate().isoformat(), "lessons": lessons}
    response = post(client, reverse("regiegroep:crisis_close", args=[crisis.pk]), data)
    if not accepted(response):
        assert not Lesson.objects.filter(crisis=crisis).exists()
        refused_with_input_kept(response, data, ["lessons"])
        return
    stored = list(
        Lesson.objects.filter(crisis=crisis).order_by("pk").values_list("title", flat=True)
    )
    # One lesson per line written, each whole.
    assert stored == [line.strip() for line in typed(lessons).splitlines() if line.strip()]
    for lesson in Lesson.objects.filter(crisis=crisis):
        fits_its_column(lesson, "title")
    body = page_text(get(client, crisis.get_absolute_url()))
    no_raw_markup(body)
    for title in stored:
        shown_as_text(body, title)
