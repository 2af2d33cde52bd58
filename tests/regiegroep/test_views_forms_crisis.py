"""Forms for crisis plans and crises: a scenario's step plan never empty, a risk's
likelihood on its scale, a step's moment chosen from a Dutch prompt, a crisis closed with
its lessons and no event before it began, and a playbook published with a change note, its
tables fitting a small screen. Bad input comes back with a Dutch message next to the field
and what was entered kept."""

import datetime
import re

import pytest
from django.urls import reverse

from regiegroep import services
from regiegroep.models import Scenario
from tests.regiegroep.factories import CrisisFactory, ScenarioFactory, StepFactory
from tests.regiegroep.forms_helpers import field_errors

pytestmark = pytest.mark.django_db


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
