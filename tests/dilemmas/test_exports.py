"""Who must follow which mandatory training by when, as a file for reports: a team lead
exports their teams, a coordinator everyone, nobody else anything."""

import csv
import io

import pytest
from django.urls import reverse

from tests.dilemmas.factories import TrainingTypeFactory

URL = reverse("dilemmas:training_due_export")


@pytest.fixture
def mandatory(group):
    return TrainingTypeFactory(group=group, name="Basistraining moreel beraad")


def rows(response):
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_team_lead_exports_the_people_of_their_team(
    client_for, team_lead, employee, other_team_lead, mandatory
):
    response = client_for(team_lead).get(URL, {"format": "csv"})
    assert response.status_code == 200
    found = rows(response)
    assert found[0][3] == "Training"
    names = {(r[0], r[3]) for r in found[1:]}
    assert (employee.last_name, "Basistraining moreel beraad") in names
    assert other_team_lead.last_name not in {r[0] for r in found[1:]}
    # Never followed and just joined: due some months after joining, not overdue yet.
    assert {r[4] for r in found[1:]} == {""}
    assert {r[6] for r in found[1:]} == {"aan de beurt"}


def test_coordinator_exports_everyone(
    client_for, coordinator, employee, other_team_lead, mandatory
):
    found = rows(client_for(coordinator).get(URL))
    last_names = {r[0] for r in found[1:]}
    assert {employee.last_name, other_team_lead.last_name} <= last_names


@pytest.mark.parametrize("who", ["employee", "working_group_member", "steering_member"])
def test_others_may_not_export(client_for, request, who, mandatory):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403


def test_export_runs_a_fixed_number_of_queries(
    client_for,
    coordinator,
    make_person,
    organisation,
    team,
    mandatory,
    django_assert_max_num_queries,
):
    c = client_for(coordinator)
    c.get(URL)
    with django_assert_max_num_queries(20) as few:
        c.get(URL, {"format": "xlsx"})
    for n in range(20):
        make_person("employee", organisation, team, username=f"extra{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(URL, {"format": "xlsx"})
