"""Every view, for the four kinds of people: the coordinator (manages), a steering member
(edits), staff of a member organisation (reads what is published) and an outsider."""

import datetime

import pytest
from django.urls import reverse

from regiegroep import services
from regiegroep.models import Priority
from tests.regiegroep.factories import (
    CrisisFactory,
    DecisionFactory,
    LessonFactory,
    PrincipleFactory,
    RiskFactory,
    ScenarioFactory,
    StakeholderFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(group, member, organisation):
    scenario = ScenarioFactory(group=group)
    step = StepFactory(scenario=scenario)
    StepFactory(scenario=scenario)
    published = DecisionFactory(group=group)
    services.decision_publish(decision=published, actor=member, circles=[])
    priority = services.priority_save(
        priority=Priority(group=group, title="Continuïteit"), goals={organisation: "x"}
    )
    return {
        "group": group,
        "seat": group.seats.get(),
        "stakeholder": StakeholderFactory(group=group),
        "priority": priority,
        "principle": PrincipleFactory(group=group),
        "lesson": LessonFactory(group=group),
        "scenario": scenario,
        "step": step,
        "risk": RiskFactory(scenario=scenario),
        "crisis": CrisisFactory(group=group, started_on=datetime.date(2026, 3, 1)),
        "draft": DecisionFactory(group=group),
        "published": published,
        "version": services.playbook_publish(
            group=group, actor=member, change_note="Eerste", render=False
        ),
    }


# (url name, object, what it needs)
PAGES = [
    ("group_detail", "group", "read"),
    ("group_edit", "group", "manage"),
    ("group_history", "group", "view"),
    ("vision_edit", "group", "edit"),
    ("priority_create", "group", "edit"),
    ("priority_edit", "priority", "edit"),
    ("seat_list", "group", "view"),
    ("seat_create", "group", "manage"),
    ("seat_edit", "seat", "manage"),
    ("seat_end", "seat", "manage"),
    ("seat_history", "seat", "view"),
    ("stakeholder_list", "group", "view"),
    ("stakeholder_create", "group", "manage"),
    ("stakeholder_edit", "stakeholder", "manage"),
    ("framework", "group", "view"),
    ("principle_create", "group", "edit"),
    ("principle_edit", "principle", "edit"),
    ("principle_history", "principle", "view"),
    ("lesson_create", "group", "edit"),
    ("lesson_edit", "lesson", "edit"),
    ("lesson_history", "lesson", "view"),
    ("scenario_list", "group", "view"),
    ("scenario_create", "group", "edit"),
    ("scenario_detail", "scenario", "view"),
    ("scenario_edit", "scenario", "edit"),
    ("scenario_copy", "scenario", "edit"),
    ("scenario_history", "scenario", "view"),
    ("step_create", "scenario", "edit"),
    ("step_edit", "step", "edit"),
    ("risk_create", "scenario", "edit"),
    ("risk_edit", "risk", "edit"),
    ("crisis_list", "group", "view"),
    ("crisis_create", "group", "edit"),
    ("crisis_detail", "crisis", "view"),
    ("crisis_history", "crisis", "view"),
    ("event_create", "crisis", "edit"),
    ("crisis_close", "crisis", "edit"),
    ("decision_list", "group", "read"),
    ("decision_create", "group", "edit"),
    ("decision_detail", "published", "read"),
    ("decision_detail", "draft", "view"),
    ("decision_edit", "draft", "edit"),
    ("decision_history", "published", "view"),
    ("playbook_list", "group", "read"),
    ("playbook_publish", "group", "edit"),
    ("playbook_detail", "version", "read"),
    ("playbook_compare", "version", "read"),
    ("playbook_pdf", "version", "read"),
    ("playbook_history", "version", "view"),
]

ACTIONS = [
    ("priority_move", "priority", "edit", {"direction": "down"}),
    ("priority_delete", "priority", "edit", {}),
    ("stakeholder_delete", "stakeholder", "manage", {}),
    ("principle_delete", "principle", "edit", {}),
    ("step_move", "step", "edit", {"direction": "down"}),
    ("step_delete", "step", "edit", {}),
    ("risk_delete", "risk", "edit", {}),
    ("decision_publish", "draft", "edit", {"circles": ["2"]}),
    ("decision_communicate", "published", "edit", {"inform-circles": ["2"]}),
    ("decision_supersede", "published", "edit", {}),
]

ALLOWED = {
    "coordinator": {"read", "view", "manage"},
    "member": {"read", "view", "edit"},
    "reader": {"read"},
    "outsider": set(),
}


def expected(who, need):
    if need in ALLOWED[who]:
        return "ok"
    if who == "outsider" or (who == "reader"):
        return 404
    return 403


@pytest.fixture
def people(coordinator, member, reader, outsider):
    return {"coordinator": coordinator, "member": member, "reader": reader, "outsider": outsider}


@pytest.mark.parametrize("who", ["coordinator", "member", "reader", "outsider"])
@pytest.mark.parametrize("name, key, need", PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_page_access(client_for, world, people, who, name, key, need):
    response = client_for(people[who]).get(reverse(f"regiegroep:{name}", args=[world[key].pk]))
    want = expected(who, need)
    if want == "ok":
        assert response.status_code == 200
    else:
        assert response.status_code == want


@pytest.mark.parametrize("who", ["coordinator", "member", "reader", "outsider"])
@pytest.mark.parametrize("name, key, need, data", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_action_access(client_for, world, people, who, name, key, need, data):
    response = client_for(people[who]).post(
        reverse(f"regiegroep:{name}", args=[world[key].pk]), data
    )
    want = expected(who, need)
    if want == "ok":
        assert response.status_code == 302
    else:
        assert response.status_code == want


@pytest.mark.parametrize("name, key, need, data", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_refuse_get(client_for, world, member, name, key, need, data):
    response = client_for(member).get(reverse(f"regiegroep:{name}", args=[world[key].pk]))
    assert response.status_code == 405


def test_index_lists_only_groups_one_may_see(client_for, world, coordinator, reader, outsider):
    name = world["group"].name
    assert name in client_for(coordinator).get(reverse("regiegroep:index")).content.decode()
    assert name in client_for(reader).get(reverse("regiegroep:index")).content.decode()
    body = client_for(outsider).get(reverse("regiegroep:index")).content.decode()
    assert name not in body
    assert "Er is nog geen regiegroep die je kunt zien." in body


def test_only_coordinators_create_groups(client_for, coordinator, member, organisation):
    assert client_for(member).get(reverse("regiegroep:group_create")).status_code == 403
    response = client_for(coordinator).post(
        reverse("regiegroep:group_create"),
        {
            "name": "Regiegroep Zaanstad",
            "scope": "broad",
            "organisations": [organisation.pk],
            "max_members": 4,
        },
    )
    assert response.status_code == 302
    assert "zetels" in response.url


def test_reader_sees_only_published_decisions_on_group_page(client_for, world, reader):
    body = client_for(reader).get(world["group"].get_absolute_url()).content.decode()
    assert world["published"].title in body
    assert world["draft"].title not in body
    assert world["scenario"].title not in body


def test_ended_member_loses_access(client_for, world, member):
    seat = world["seat"]
    services.seat_end(seat=seat, end_date=datetime.date(2026, 2, 1))
    response = client_for(member).get(reverse("regiegroep:scenario_list", args=[seat.group_id]))
    assert response.status_code == 404


def test_seat_actions_only_for_who_manages(client_for, world, coordinator, member):
    url = reverse("regiegroep:seat_list", args=[world["group"].pk])
    seat_end = reverse("regiegroep:seat_end", args=[world["seat"].pk])
    assert seat_end in client_for(coordinator).get(url).content.decode()
    assert seat_end not in client_for(member).get(url).content.decode()


def test_edit_buttons_only_for_who_edits(client_for, world, coordinator, member):
    url = world["scenario"].get_absolute_url()
    step_edit = reverse("regiegroep:step_edit", args=[world["step"].pk])
    assert step_edit in client_for(member).get(url).content.decode()
    assert step_edit not in client_for(coordinator).get(url).content.decode()
