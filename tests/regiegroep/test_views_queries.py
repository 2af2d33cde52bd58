"""Pages run a fixed number of queries, whatever the number of seats, scenarios, steps or
risks: the same bound holds with one row and with many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regiegroep import services
from regiegroep.models import Priority, Seat
from tests.coalition.factories import UserFactory
from tests.regiegroep.factories import (
    DecisionFactory,
    RiskFactory,
    ScenarioFactory,
    StakeholderFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def fill(group, organisation, member, n):
    group.max_members = n + 2
    group.save()
    for i in range(n):
        person = UserFactory()
        person.profile.organisations.add(organisation)
        services.seat_save(
            seat=Seat(
                group=group,
                organisation=organisation,
                person=person,
                role=f"Lid {i}",
                hours_per_week=2,
                start_date=datetime.date(2026, 1, 1),
            )
        )
        services.priority_save(
            priority=Priority(group=group, title=f"Prioriteit {i}"), goals={organisation: "Doel"}
        )
        scenario = ScenarioFactory(group=group)
        for _ in range(n):
            StepFactory(scenario=scenario)
            RiskFactory(scenario=scenario)
        StakeholderFactory(group=group)
        DecisionFactory(group=group)
    return group.scenarios.first()


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("group_detail", "group"),
    ("seat_list", "group"),
    ("stakeholder_list", "group"),
    ("framework", "group"),
    ("scenario_list", "group"),
    ("scenario_detail", "scenario"),
    ("decision_list", "group"),
    ("playbook_list", "group"),
    ("playbook_detail", "version"),
    ("playbook_compare", "version"),
]


@pytest.mark.parametrize("name, key", PAGES)
def test_query_count_does_not_grow(client_for, group, organisation, member, name, key):
    c = client_for(member)
    scenario = fill(group, organisation, member, 1)
    version = services.playbook_publish(group=group, actor=member, change_note="1", render=False)
    objects = {"group": group, "scenario": scenario, "version": version}
    few = count(c, reverse(f"regiegroep:{name}", args=[objects[key].pk]))

    fill(group, organisation, member, 8)
    version = services.playbook_publish(group=group, actor=member, change_note="2", render=False)
    objects["version"] = version
    scenario = group.scenarios.order_by("-pk").first()
    objects["scenario"] = scenario
    assert scenario.steps.count() == 8
    many = count(c, reverse(f"regiegroep:{name}", args=[objects[key].pk]))
    assert many <= few, f"{name}: {few} queries with few rows, {many} with many"
    assert few <= 25


def test_playbook_snapshot_query_count_is_fixed(
    django_assert_max_num_queries, group, organisation, member
):
    from regiegroep.playbook import build_snapshot

    fill(group, organisation, member, 1)
    with django_assert_max_num_queries(10):
        build_snapshot(group)
    fill(group, organisation, member, 6)
    with django_assert_max_num_queries(10):
        snapshot = build_snapshot(group)
    assert len(snapshot["scenarios"]) == 7
