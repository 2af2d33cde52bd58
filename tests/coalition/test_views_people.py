"""People, organisations and teams as coordinators keep them, and the access requests that
follow from them: who may, who may only look, who gets nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from coalition import access
from coalition.models import AccessGrant, Team
from tests.coalition.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.coalition.helpers import confirm_everywhere

pytestmark = pytest.mark.django_db


def person_data(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": "",
        "is_active": "on",
        "role_names": list(person.groups.values_list("name", flat=True)),
        "organisations": [o.pk for o in person.profile.organisations.all()],
        "teams": [t.pk for t in person.profile.teams.all()],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "who, status",
    [("coordinator", 200), ("team_lead", 403), ("employee", 403), ("outsider", 403)],
)
def test_people_pages_are_for_coordinators(request, client_for, employee, who, status):
    c = client_for(request.getfixturevalue(who))
    for name, args in [
        ("person_list", []),
        ("person_create", []),
        ("person_detail", [employee.pk]),
        ("person_edit", [employee.pk]),
        ("person_history", [employee.pk]),
        ("organisation_create", []),
    ]:
        assert c.get(reverse(f"coalition:{name}", args=args)).status_code == status, name


def test_coordinator_looks_at_but_does_not_change_a_superuser(client_for, coordinator):
    root = UserFactory(username="root", is_superuser=True)
    c = client_for(coordinator)
    assert c.get(reverse("coalition:person_detail", args=[root.pk])).status_code == 200
    assert c.get(reverse("coalition:person_edit", args=[root.pk])).status_code == 403
    assert c.post(reverse("coalition:person_unlock", args=[root.pk])).status_code == 403


def test_taking_a_role_or_team_away_applies_at_once(client_for, coordinator, team_lead):
    c = client_for(coordinator)
    response = c.post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        person_data(team_lead, role_names=["employee"], teams=[]),
    )
    assert response.status_code == 302
    assert not team_lead.groups.filter(name="team_lead").exists()
    assert not team_lead.profile.teams.exists()
    assert not AccessGrant.objects.exists()


def test_a_role_that_opens_nothing_applies_at_once(client_for, coordinator, employee):
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[employee.pk]),
        person_data(employee, role_names=["employee", "relationship_manager"]),
    )
    assert employee.groups.filter(name="relationship_manager").exists()
    assert not AccessGrant.objects.exists()


def test_a_team_for_a_team_lead_waits_for_the_other_organisation(
    client_for, coordinator, team_lead, other_organisation, make_person
):
    elsewhere = TeamFactory(organisation=other_organisation, name="Afdeling 2 West")
    other_lead = make_person("team_lead", other_organisation, elsewhere, username="lead-z")
    c = client_for(coordinator)
    response = c.post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        person_data(
            team_lead, teams=[*team_lead.profile.teams.values_list("pk", flat=True), elsewhere.pk]
        ),
        follow=True,
    )
    assert "als een tweede persoon van de organisatie het goed vindt" in response.content.decode()
    assert elsewhere not in team_lead.profile.teams.all()
    grant = AccessGrant.objects.get(kind="team")
    assert list(grant.organisations.all()) == [other_organisation]
    # The organisation's own team lead confirms, and then it applies.
    confirm_everywhere(grant, other_lead)
    assert elsewhere in team_lead.profile.teams.all()


def test_new_person_without_email_or_with_a_taken_name_keeps_what_was_entered(
    client_for, coordinator, employee
):
    response = client_for(coordinator).post(
        reverse("coalition:person_create"),
        {"username": employee.username, "first_name": "Nina", "last_name": "", "email": "x"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Deze gebruikersnaam bestaat al" in body
    assert 'value="Nina"' in body


def test_person_list_filters_and_runs_a_fixed_number_of_queries(
    client_for, coordinator, organisation, django_assert_max_num_queries
):
    c = client_for(coordinator)
    url = reverse("coalition:person_list") + f"?organisation={organisation.pk}"
    with django_assert_max_num_queries(14):
        c.get(url)
    for n in range(60):
        user = UserFactory(username=f"p{n}")
        user.profile.organisations.add(organisation)
        user.groups.add(Group.objects.get(name="employee"))
    with django_assert_max_num_queries(14):
        assert "Pagina 1 van 2" in c.get(url).content.decode()


def test_a_person_with_two_organisations_and_roles_is_listed_once(
    client_for, coordinator, organisation
):
    other = OrganisationFactory(name="Tweede Huis")
    person = UserFactory(username="dubbel", last_name="Dubbelman")
    person.profile.organisations.add(organisation, other)
    person.groups.add(Group.objects.get(name="employee"), Group.objects.get(name="team_lead"))
    c = client_for(coordinator)
    base = reverse("coalition:person_list")
    for query in ("", f"?organisation={organisation.pk}", "?role=employee", "?q=dubbel"):
        body = c.get(base + query).content.decode()
        assert body.count(f'href="{reverse("coalition:person_detail", args=[person.pk])}"') == 1
    body = c.get(base + f"?organisation={other.pk}&role=coordinator").content.decode()
    assert "Dubbelman" not in body


def test_organisation_and_team_kept_by_coordinator(client_for, coordinator, organisation):
    c = client_for(coordinator)
    response = c.post(
        reverse("coalition:team_create", args=[organisation.pk]), {"name": "Nachtdienst"}
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Nachtdienst")
    again = c.post(
        reverse("coalition:team_create", args=[organisation.pk]), {"name": "nachtdienst"}
    )
    assert "heeft al een team met die naam" in again.content.decode()
    c.post(reverse("coalition:team_delete", args=[team.pk]))
    assert not Team.objects.filter(pk=team.pk).exists()


def test_a_team_with_cases_stays(client_for, coordinator, team, employee):
    from tests.dilemmas.factories import CaseFactory

    CaseFactory(author=employee, organisation=team.organisation, team=team)
    response = client_for(coordinator).post(
        reverse("coalition:team_delete", args=[team.pk]), follow=True
    )
    assert Team.objects.filter(pk=team.pk).exists()
    assert "blijft bestaan" in response.content.decode()


def test_team_pages_for_others_are_refused(client_for, team_lead, team):
    c = client_for(team_lead)
    assert c.get(reverse("coalition:team_edit", args=[team.pk])).status_code == 403
    assert c.post(reverse("coalition:team_delete", args=[team.pk])).status_code == 403


# --- Access requests ---


@pytest.fixture
def pending(coordinator, employee):
    return access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=employee, actor=coordinator
    )


def test_access_request_pages_by_person(
    client_for, pending, coordinator, team_lead, employee, outsider
):
    detail = reverse("coalition:grant_detail", args=[pending.pk])
    assert client_for(team_lead).get(detail).status_code == 200  # confirms for Amstelzorg
    assert client_for(coordinator).get(detail).status_code == 200  # asked for it
    assert client_for(employee).get(detail).status_code == 200  # it is about them
    assert client_for(outsider).get(detail).status_code == 404
    confirm = reverse("coalition:grant_confirm", args=[pending.pk])
    org = pending.organisations.get().pk
    assert client_for(employee).post(confirm, {"organisation": org}).status_code == 403
    assert client_for(outsider).post(confirm, {"organisation": org}).status_code == 404


def test_organisation_access_page_by_person(
    client_for, pending, organisation, team_lead, employee, outsider
):
    url = reverse("coalition:organisation_grants", args=[organisation.pk])
    assert client_for(team_lead).get(url).status_code == 200
    assert client_for(employee).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_the_requester_withdraws_and_nobody_can_decide_after(
    client_for, pending, coordinator, team_lead
):
    c = client_for(coordinator)
    c.post(reverse("coalition:grant_withdraw", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == "withdrawn"
    response = client_for(team_lead).post(
        reverse("coalition:grant_confirm", args=[pending.pk]),
        {"organisation": pending.organisations.get().pk},
        follow=True,
    )
    assert "Over dit verzoek is al beslist." in response.content.decode()


def test_a_new_organisation_is_confirmed_for_by_a_superuser(
    coordinator, make_person, other_organisation
):
    lonely_team = TeamFactory(organisation=other_organisation, name="Eerste team")
    first = make_person("employee", other_organisation, lonely_team, username="eerste")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=first, actor=coordinator
    )
    root = UserFactory(username="root", is_superuser=True)
    assert access.may_confirm(root, grant, other_organisation.pk)
    confirm_everywhere(grant, root)
    assert first.groups.filter(name="team_lead").exists()


def test_access_request_lists_run_a_fixed_number_of_queries(
    client_for, coordinator, team_lead, organisation, make_person, django_assert_max_num_queries
):
    def ask(n):
        for i in range(n):
            person = make_person("employee", organisation, username=f"kandidaat{n}-{i}")
            team = TeamFactory(organisation=organisation, name=f"Team {n}-{i}")
            access.grant_request(
                kind="team", payload={"team": team.pk}, subject=person, actor=coordinator
            )
            access.grant_request(
                kind="role", payload={"role": "care_worker"}, subject=person, actor=coordinator
            )

    pages = [
        reverse("coalition:grant_list"),
        reverse("coalition:organisation_grants", args=[organisation.pk]),
        reverse("coalition:dashboard"),
    ]
    c = client_for(team_lead)
    ask(1)
    counts = {}
    for page in pages:
        c.get(page)  # warm: the first request of a session reads a little more
        with django_assert_max_num_queries(40) as captured:
            c.get(page)
        counts[page] = len(captured)
    ask(20)
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            c.get(page)
