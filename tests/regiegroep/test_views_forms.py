"""Forms reject bad input with a Dutch message next to the field and keep what was entered;
good input does what it says."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from coalition.models import Notification
from regiegroep import services
from regiegroep.models import Decision, Scenario, Seat
from tests.coalition.factories import UserFactory
from tests.regiegroep.factories import (
    CrisisFactory,
    DecisionFactory,
    ScenarioFactory,
    StakeholderFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def field_errors(body, field):
    """The error list rendered inside the field group of `field`."""
    match = re.search(
        rf'<div class="field field-invalid">(?:(?!<div class="field).)*?name="{field}"', body, re.S
    )
    return match.group(0) if match else ""


def _colleague(organisation, username):
    person = UserFactory(username=username, first_name="Fatima", last_name="Ouali")
    person.profile.organisations.add(organisation)
    return person


def _seat_data(person, organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "person": person.pk,
        "role": "Lid, portefeuille personeel",
        "expectations": "Bereikbaar in een crisis",
        "hours_per_week": "3",
        "start_date": "2026-02-01",
        "end_date": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_seat(client_for, coordinator, group, organisation):
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(person, organisation)
    )
    assert response.status_code == 302
    seat = Seat.objects.get(person=person)
    assert seat.role == "Lid, portefeuille personeel"


def test_seat_beyond_the_cap_is_refused_with_a_clear_message(
    client_for, coordinator, group, organisation, member
):
    group.max_members = 1
    group.save()
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(person, organisation)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De regiegroep is vol: er zijn 1 van maximaal 1 leden." in body
    assert "Lid, portefeuille personeel" in body  # what was entered is kept
    assert Seat.objects.filter(group=group).count() == 1


def test_seat_dates_in_wrong_order(client_for, coordinator, group, organisation):
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]),
        _seat_data(person, organisation, start_date="2026-05-01", end_date="2026-04-01"),
    )
    body = response.content.decode()
    assert "De einddatum moet op of na de begindatum liggen." in field_errors(body, "end_date")
    assert 'value="2026-05-01"' in body
    assert not Seat.objects.filter(person=person).exists()


def test_duplicate_representative_is_refused_next_to_the_person(
    client_for, coordinator, group, organisation, member
):
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(member, organisation)
    )
    body = response.content.decode()
    assert "Deze persoon heeft al een zetel in deze regiegroep." in field_errors(body, "person")
    assert Seat.objects.filter(person=member).count() == 1


def test_representative_must_work_for_the_organisation(
    client_for, coordinator, group, organisation, other_organisation
):
    group.organisations.add(other_organisation)
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]),
        _seat_data(person, other_organisation),
    )
    assert "werkt niet voor Het Zonnehuis" in field_errors(response.content.decode(), "person")


def test_empty_step_plan_is_refused(client_for, member, group):
    data = {
        "title": "Stroomstoring",
        "trigger": "Langer dan een dag geen stroom",
        "description": "",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i in range(3):
        data.update(
            {f"steps-{i}-moment": "", f"steps-{i}-action": "", f"steps-{i}-responsible_role": ""}
        )
    response = client_for(member).post(reverse("regiegroep:scenario_create", args=[group.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het stappenplan is leeg: voeg minstens één stap toe." in body
    assert 'value="Stroomstoring"' in body
    assert not Scenario.objects.exists()


def test_scenario_with_steps_is_created(client_for, member, group):
    data = {
        "title": "Stroomstoring",
        "trigger": "Langer dan een dag geen stroom",
        "description": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-moment": "start",
        "steps-0-action": "Noodstroom regelen",
        "steps-0-responsible_role": "Facilitair manager",
        "steps-1-moment": "",
        "steps-1-action": "",
        "steps-1-responsible_role": "",
    }
    response = client_for(member).post(reverse("regiegroep:scenario_create", args=[group.pk]), data)
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response.url == scenario.get_absolute_url()
    assert [s.action for s in scenario.steps.all()] == ["Noodstroom regelen"]


def test_likelihood_of_seven_is_refused(client_for, member, group):
    scenario = ScenarioFactory(group=group)
    response = client_for(member).post(
        reverse("regiegroep:risk_create", args=[scenario.pk]),
        {"organisation": "", "description": "Uitval ICT", "likelihood": "7", "impact": "3"},
    )
    body = response.content.decode()
    assert "Kies een waarde van 1 (laagst) tot en met 5 (hoogst)." in field_errors(
        body, "likelihood"
    )
    assert 'value="Uitval ICT"' in body
    assert not scenario.risks.exists()


def test_member_adds_a_step_from_the_scenario_page(client_for, member, group):
    scenario = ScenarioFactory(group=group)
    StepFactory(scenario=scenario, action="Eerste")
    response = client_for(member).post(
        reverse("regiegroep:step_create", args=[scenario.pk]),
        {"step-moment": "after", "step-action": "Evalueren", "step-responsible_role": "Voorzitter"},
    )
    assert response.status_code == 302
    assert [s.action for s in scenario.steps.all()] == ["Eerste", "Evalueren"]


def test_last_step_cannot_be_removed(client_for, member, group):
    scenario = ScenarioFactory(group=group)
    step = StepFactory(scenario=scenario)
    response = client_for(member).post(
        reverse("regiegroep:step_delete", args=[step.pk]), follow=True
    )
    assert "Het stappenplan mag niet leeg zijn" in response.content.decode()
    assert scenario.steps.count() == 1


DECISION = {
    "title": "Noodfonds",
    "domain": "finances",
    "text": "We richten een noodfonds op.",
    "rationale": "Liquiditeit.",
}


def in_english(client):
    """The client with the language switch set to English: pages show the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_decision_mandate_is_one_choice(client_for, member, group):
    url = reverse("regiegroep:decision_create", args=[group.pk])
    body = client_for(member).get(url).content.decode()
    radios = re.findall(r'<input[^>]*name="within_mandate"[^>]*>', body)
    assert len(radios) == 2 and all('type="radio"' in radio for radio in radios)
    # Within the mandate unless chosen otherwise; no second box to tick.
    assert [radio for radio in radios if "checked" in radio] == [
        radio for radio in radios if 'value="within"' in radio
    ]
    assert "confirm_outside_mandate" not in body


def test_decision_outside_mandate_is_chosen_explicitly(client_for, member, group):
    c = in_english(client_for(member))
    url = reverse("regiegroep:decision_create", args=[group.pk])
    response = c.post(url, DECISION)
    errors = field_errors(response.content.decode(), "within_mandate")
    assert "Choose whether this decision is within the mandate." in errors
    assert 'value="Noodfonds"' in response.content.decode()
    assert not Decision.objects.exists()
    response = c.post(url, {**DECISION, "within_mandate": "outside"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and not decision.within_mandate
    page = c.get(decision.get_absolute_url()).content.decode()
    assert "The steering group took this decision outside its mandate" in page
    # Editing the draft starts from that choice.
    edit = c.get(reverse("regiegroep:decision_edit", args=[decision.pk])).content.decode()
    assert re.search(r'<input[^>]*name="within_mandate" value="outside"[^>]*checked', edit)


def test_decision_form_shows_the_refusal_of_the_service(client_for, member, group, monkeypatch):
    # Should the form ever pass on a contradiction, the service refuses and the form says why.
    monkeypatch.setattr(
        "regiegroep.forms.DecisionForm.outside_mandate_confirmed", lambda form: True
    )
    c = in_english(client_for(member))
    url = reverse("regiegroep:decision_create", args=[group.pk])
    response = c.post(url, {**DECISION, "within_mandate": "within"})
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), "within_mandate")
    assert "A decision is either within the mandate or outside it, not both." in errors
    assert not Decision.objects.exists()


def test_published_decision_edit_redirects_with_message(client_for, member, group):
    decision = DecisionFactory(group=group)
    services.decision_publish(decision=decision, actor=member, circles=[])
    response = client_for(member).post(
        reverse("regiegroep:decision_edit", args=[decision.pk]),
        {
            "title": "Anders",
            "domain": "personnel",
            "text": "x",
            "rationale": "y",
            "within_mandate": "within",
        },
        follow=True,
    )
    assert "Een gepubliceerd besluit kan niet worden gewijzigd" in response.content.decode()
    decision.refresh_from_db()
    assert decision.title != "Anders"


def test_publish_then_supersede(client_for, member, group):
    decision = DecisionFactory(group=group)
    c = client_for(member)
    c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": []})
    decision.refresh_from_db()
    assert decision.is_published
    response = c.post(reverse("regiegroep:decision_supersede", args=[decision.pk]))
    successor = Decision.objects.get(supersedes=decision)
    assert response.url == reverse("regiegroep:decision_edit", args=[successor.pk])
    page = c.get(decision.get_absolute_url()).content.decode()
    assert "Een concept gaat dit besluit vervangen" in page


def publish_form_defaults(client, decision):
    """What the publish form on the decision page sends when nothing is changed."""
    body = client.get(decision.get_absolute_url()).content.decode()
    action = reverse("regiegroep:decision_publish", args=[decision.pk])
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', body, re.S).group(0)
    return re.findall(r'<input[^>]*name="circles" value="(\d+)"[^>]*checked', form)


def test_publishing_with_the_default_choices_informs_every_circle(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group)
    c = client_for(member)
    defaults = publish_form_defaults(c, decision)
    assert sorted(defaults) == ["2", "3"]
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": defaults}
        )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_published and decision.communicated_at is not None
    assert {x.name for x in decision.communications.all()} == {"GGD", "Raad"}
    assert sorted(m.to[0] for m in mail.outbox) == ["crisis@ggd.example", "raad@x.example"]


def test_publishing_with_a_circle_unticked_leaves_that_circle_uninformed(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group)
    c = client_for(member)
    chosen = [circle for circle in publish_form_defaults(c, decision) if circle != "3"]
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": chosen})
    decision.refresh_from_db()
    assert decision.is_published
    assert [x.name for x in decision.communications.all()] == ["GGD"]
    assert [m.to[0] for m in mail.outbox] == ["crisis@ggd.example"]
    assert not Notification.objects.filter(email="raad@x.example").exists()


def test_a_successor_preselects_the_circles_of_the_decision_it_replaces(client_for, member, group):
    decision = services.decision_publish(
        decision=DecisionFactory(group=group), actor=member, circles=[2]
    )
    successor = services.decision_supersede(decision=decision)
    assert publish_form_defaults(client_for(member), successor) == ["2"]


def test_communicate_requires_a_circle(client_for, member, group):
    decision = DecisionFactory(group=group)
    services.decision_publish(decision=decision, actor=member, circles=[])
    response = client_for(member).post(
        reverse("regiegroep:decision_communicate", args=[decision.pk]), {}
    )
    assert response.status_code == 400
    errors = field_errors(response.content.decode(), "inform-circles")
    assert "Kies minstens één kring om te informeren." in errors
    assert 'aria-describedby="id_inform-circles_error"' in errors


def test_publish_with_a_wrong_circle_shows_the_error_at_the_circles(client_for, member, group):
    decision = DecisionFactory(group=group)
    response = client_for(member).post(
        reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": ["2", "9"]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Selecteer een geldige keuze" in field_errors(body, "circles")
    assert re.search(r'<input[^>]*name="circles" value="2"[^>]*checked', body)
    decision.refresh_from_db()
    assert not decision.is_published


def test_closing_a_crisis_asks_for_lessons(client_for, member, group):
    crisis = CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1))
    url = reverse("regiegroep:crisis_close", args=[crisis.pk])
    response = client_for(member).post(url, {"closed_on": "2026-04-01", "lessons": "  \n "})
    assert "Schrijf minstens één geleerde les op, één per regel." in field_errors(
        response.content.decode(), "lessons"
    )
    response = client_for(member).post(url, {"closed_on": "2026-02-01", "lessons": "Les"})
    assert "Een crisis kan niet eindigen voordat hij begon." in field_errors(
        response.content.decode(), "closed_on"
    )
    response = client_for(member).post(
        url, {"closed_on": "2026-04-01", "lessons": "Eerder opschalen\nEén woordvoerder"}
    )
    crisis.refresh_from_db()
    assert response.status_code == 302 and not crisis.is_open
    assert sorted(crisis.lessons.values_list("title", flat=True)) == [
        "Eerder opschalen",
        "Eén woordvoerder",
    ]


def test_event_before_crisis_start_is_refused(client_for, member, group):
    crisis = CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1))
    response = client_for(member).post(
        reverse("regiegroep:event_create", args=[crisis.pk]),
        {"occurred_on": "2026-02-01", "description": "Persconferentie", "measures": ""},
    )
    body = response.content.decode()
    assert "Deze datum ligt vóór het begin van de crisis." in field_errors(body, "occurred_on")
    assert "Persconferentie" in body


def test_playbook_publish_needs_a_change_note(client_for, member, group):
    response = client_for(member).post(
        reverse("regiegroep:playbook_publish", args=[group.pk]), {"change_note": ""}
    )
    assert "Schrijf kort op wat er in deze versie is veranderd." in field_errors(
        response.content.decode(), "change_note"
    )
    assert not group.playbooks.exists()


def test_lowering_the_cap_below_taken_seats_is_refused(
    client_for, coordinator, group, member, organisation
):
    other = _colleague(organisation, "fatima")
    services.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=other,
            role="Lid",
            hours_per_week=2,
            start_date=datetime.date(2026, 1, 1),
        )
    )
    response = in_english(client_for(coordinator)).post(
        reverse("regiegroep:group_edit", args=[group.pk]),
        {
            "name": "Regiegroep Amsterdam-Noord",
            "scope": "broad",
            "organisations": [organisation.pk],
            "max_members": 1,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 seats are taken; end seats before lowering the maximum below that." in (
        field_errors(body, "max_members")
    )
    # What was entered is kept.
    assert 'value="Regiegroep Amsterdam-Noord"' in body
    assert re.search(r'<input[^>]*name="scope" value="broad"[^>]*checked', body)
    assert re.search(r'<input[^>]*name="max_members" value="1"', body)
    group.refresh_from_db()
    assert (group.name, group.max_members) == ("Regiegroep Amsterdam", 5)


def test_stakeholder_without_address_or_user_is_refused_next_to_the_address(
    client_for, coordinator, group
):
    response = in_english(client_for(coordinator)).post(
        reverse("regiegroep:stakeholder_create", args=[group.pk]),
        {
            "circle": "3",
            "name": "Centrale cliëntenraad",
            "organisation": "",
            "user": "",
            "email": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Give an e-mail address, or choose the user of this app to inform." in field_errors(
        body, "email"
    )
    assert 'value="Centrale cliëntenraad"' in body
    assert re.search(r'<input[^>]*name="circle" value="3"[^>]*checked', body)
    assert not group.stakeholders.exists()


def test_priority_needs_an_organisation_goal(client_for, member, group):
    response = in_english(client_for(member)).post(
        reverse("regiegroep:priority_create", args=[group.pk]), {"title": "Flexpool"}
    )
    body = response.content.decode()
    assert "Link the priority to the goal of at least one member organisation." in body
    assert 'value="Flexpool"' in body


def test_vision_and_interests_are_saved(client_for, member, group, organisation):
    response = client_for(member).post(
        reverse("regiegroep:vision_edit", args=[group.pk]),
        {
            "vision": "Samen <b>sterk</b>",
            "urgency": "Hoog",
            "relevance": "",
            "client_interest": "Continuïteit",
            "mandate": "Locaties",
            "mandate_domains": ["locations"],
            f"interest_{organisation.pk}": "Wonen",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.mandate_domains == ["locations"]
    assert group.interests.get().interest == "Wonen"
    page = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "Samen &lt;b&gt;sterk&lt;/b&gt;" in page


def test_decision_history_shows_each_change(client_for, member, group):
    c = client_for(member)
    url = reverse("regiegroep:decision_create", args=[group.pk])
    c.post(
        url,
        {
            "title": "Flexpool",
            "domain": "personnel",
            "text": "Eerste tekst",
            "rationale": "r",
            "within_mandate": "within",
        },
    )
    decision = Decision.objects.get()
    c.post(
        reverse("regiegroep:decision_edit", args=[decision.pk]),
        {
            "title": "Flexpool",
            "domain": "personnel",
            "text": "Tweede tekst",
            "rationale": "r",
            "within_mandate": "within",
        },
    )
    c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {})
    body = c.get(reverse("regiegroep:decision_history", args=[decision.pk])).content.decode()
    assert "Eerste tekst" in body and "Tweede tekst" in body
    assert "Gepubliceerd" in body and "Concept" in body
    assert body.count('<li class="card">') >= 3


def test_decision_list_filters_by_status_and_domain(client_for, member, reader, group):
    DecisionFactory(group=group, title="Concept over locaties", domain="locations")
    published = DecisionFactory(group=group, title="Besluit over personeel", domain="personnel")
    services.decision_publish(decision=published, actor=member, circles=[])
    url = reverse("regiegroep:decision_list", args=[group.pk])
    body = client_for(member).get(url, {"status": "draft"}).content.decode()
    assert "Concept over locaties" in body and "Besluit over personeel" not in body
    body = client_for(member).get(url, {"domain": "personnel"}).content.decode()
    assert "Besluit over personeel" in body and "Concept over locaties" not in body
    body = client_for(reader).get(url, {"status": "draft"}).content.decode()
    assert "Concept over locaties" not in body and 'name="status"' not in body


def test_notifications_are_dutch_whatever_language_the_member_uses(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group, title="Flexpool", rationale="Te weinig mensen")
    c = client_for(member)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": ["2"]}
        )
        assert response.status_code == 302
        c.post(
            reverse("regiegroep:decision_communicate", args=[decision.pk]),
            {"inform-circles": ["3"]},
        )
    notes = {n.email: n for n in Notification.objects.all()}
    assert set(notes) == {"crisis@ggd.example", "raad@x.example"}
    for note in notes.values():
        assert note.subject == f"Besluit van {group.name}: Flexpool"
        assert "Onderbouwing: Te weinig mensen" in note.body


def test_playbook_tables_scroll_inside_the_page_on_a_small_screen(client_for, member, group):
    scenario = ScenarioFactory(group=group, title="Lockdown")
    StepFactory(scenario=scenario, action="Bijeenkomen")
    version = services.playbook_publish(group=group, actor=member, change_note="x", render=False)
    body = client_for(member).get(reverse("regiegroep:playbook_detail", args=[version.pk]))
    body = body.content.decode()
    tables = body.count('<table class="pb-table')
    assert tables >= 2
    wrapped = re.findall(r'<div class="table-wrap">\s*<table class="pb-table[ "]', body)
    assert len(wrapped) == tables


def test_step_moment_asks_for_a_choice_in_dutch(client_for, member, group):
    scenario = ScenarioFactory(group=group)
    body = client_for(member).get(scenario.get_absolute_url()).content.decode()
    assert '<option value="" selected>Kies een moment</option>' in body
    assert "---------" not in body
    response = client_for(member).post(
        reverse("regiegroep:step_create", args=[scenario.pk]),
        {"step-moment": "", "step-action": "Bijeenkomen", "step-responsible_role": "Voorzitter"},
    )
    assert "Kies een moment" in response.content.decode()
    assert not scenario.steps.exists()
