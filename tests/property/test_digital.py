"""Clients and their intake, the persona chosen, and care-plan goals with their attempts.
Whatever is typed or ticked: never a server error; accepted means stored as typed and shown
as text; refused means an error and every value kept."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from digital.models import (
    Client,
    Devices,
    Goal,
    HelpAtHome,
    Intake,
    Internet,
    Language,
    Persona,
    Service,
    TargetGroup,
)
from digital.services import intake as intake_services

from .checks import (
    accepted,
    fits_its_column,
    get,
    no_raw_markup,
    page_text,
    post,
    refused_with_input_kept,
    shown_as_text,
    typed,
)
from .strategies import Choice, Either, Text, field_text, form


def url(name, *args):
    return reverse(f"digital:{name}", args=args)


@pytest.fixture
def vocabulary(db):
    return Language.objects.get(code="nl"), TargetGroup.objects.get(name="Ouderen")


@given(data=form(number=Text(30, required=True)))
@example(data={"number": "AZ-<b>1</b>"})
@example(data={"number": "  AZ-2\t"})
def test_client_form(browser_for, intake_staff, organisation, vocabulary, data):
    number = data["number"]
    language, target_group = vocabulary
    client = browser_for(intake_staff)
    data = {
        "organisation": organisation.pk,
        "number": number,
        "language": language.pk,
        "target_group": target_group.pk,
    }
    before = Client.objects.count()
    response = post(client, url("client_create"), data)
    if not accepted(response):
        assert Client.objects.count() == before
        refused_with_input_kept(response, data, ["number"])
        return
    record = Client.objects.latest("pk")
    assert record.number == typed(number)
    fits_its_column(record, "number")
    body = page_text(get(client, record.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, record.number)


@pytest.fixture
def client_record(organisation, intake_staff, vocabulary):
    language, target_group = vocabulary
    record = Client(
        organisation=organisation, number="AZ-7", language=language, target_group=target_group
    )
    return intake_services.client_save(client=record, actor=intake_staff)


@given(
    data=form(
        devices=Either(
            st.lists(st.sampled_from(Devices.values), min_size=1, max_size=2, unique=True),
            st.lists(st.one_of(st.sampled_from(Devices.values), field_text), max_size=3),
        ),
        internet=Choice(*Internet.values),
        help_at_home=Choice(*HelpAtHome.values),
        reason=Text(),
    ),
    persona_choice=st.sampled_from(["proposed", "other"]),
)
@example(
    data={
        "devices": ["smartphone"],
        "internet": "home",
        "help_at_home": "sometimes",
        "reason": "<script>alert('x')</script>",
    },
    persona_choice="other",
)
def test_intake_and_persona_forms(browser_for, intake_staff, client_record, data, persona_choice):
    devices, internet, help_at_home = data["devices"], data["internet"], data["help_at_home"]
    reason = data["reason"]
    client = browser_for(intake_staff)
    data = {"devices": devices, "internet": internet, "help_at_home": help_at_home}
    before = Intake.objects.count()
    response = post(client, url("intake_create", client_record.pk), data)
    if not accepted(response):
        assert Intake.objects.count() == before
        assert response.status_code in (200, 400)
        body = page_text(response)
        assert "field-invalid" in body
        no_raw_markup(body)
        return
    intake = Intake.objects.latest("pk")
    assert (intake.devices, intake.internet, intake.help_at_home) == (
        devices,
        internet,
        help_at_home,
    )
    others = Persona.objects.exclude(pk=intake.proposed_persona_id).order_by("pk")
    persona = intake.proposed_persona if persona_choice == "proposed" else others.first()
    choice = {"persona": persona.pk, "reason": reason}
    response = post(client, url("intake_persona", client_record.pk, intake.pk), choice)
    intake.refresh_from_db()
    if accepted(response):
        assert intake.persona == persona
        # The reason is for another persona than the proposal; the label says so.
        expected = typed(reason) if persona != intake.proposed_persona else ""
        assert intake.override_reason == expected
    else:
        assert intake.persona is None
        refused_with_input_kept(response, choice, ["reason"])
    body = page_text(get(client, client_record.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, intake.override_reason)


@pytest.fixture
def menu_service(db, vocabulary):
    service = Service.objects.create(
        name="Medicijnen bestellen",
        description="Bestellen in de app.",
        analog_alternative="Bel de apotheek.",
    )
    service.target_groups.set([vocabulary[1]])
    service.languages.set([vocabulary[0]])
    return service


@given(data=form(title=Text(200, required=True), due_on=Choice("", "2027-03-01"), note=Text(300)))
@example(
    data={"title": "Ik bestel <b>vet</b>", "due_on": "", "note": "<img src=x onerror=alert(1)>"}
)
def test_goal_and_attempt_forms(browser_for, care_worker, client_record, menu_service, data):
    title, due_on, note = data["title"], data["due_on"], data["note"]
    client = browser_for(care_worker)
    data = {"title": title, "service": menu_service.pk, "due_on": due_on}
    before = Goal.objects.count()
    response = post(client, url("goal_create", client_record.pk), data)
    if not accepted(response):
        assert Goal.objects.count() == before
        refused_with_input_kept(response, data, ["title", "due_on"])
        return
    goal = Goal.objects.latest("pk")
    assert goal.title == typed(title)
    fits_its_column(goal, "title")
    prefix = f"g{goal.pk}"
    attempt = {f"{prefix}-worked": "0", f"{prefix}-note": note}
    response = post(client, url("attempt_log", client_record.pk, goal.pk), attempt)
    if accepted(response):
        logged = goal.attempts.get()
        assert logged.note == typed(note)
        fits_its_column(logged, "note")
    else:
        assert not goal.attempts.exists()
        refused_with_input_kept(response, attempt, [f"{prefix}-note"])
    body = page_text(get(client, client_record.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, goal.title)
    for logged in goal.attempts.all():
        shown_as_text(body, logged.note)
