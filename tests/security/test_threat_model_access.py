"""The threat model of confidential dilemma cases, written as attacks that must fail: the
access rule.

The promise: a case is seen by its author, by the people the author chose to share it with
(the team leads and session participants of the team the author chose) and by the working
group serving the author's organisation. No one else, never a coordinator. And the access
rule: no account can, alone, give itself or an account it controls sight of a case; a
change that widens sight needs a second person of the organisation whose cases become
visible (coalition/access/).

Each section below is one route that a review found open, tried the way the attacker
would: a working-group member (1), a coordinator (2), and the routes around the
confirmation itself that a second review found. The routes through sessions (5, 6, 7) are
in test_threat_model_sessions.py; stored markup, notifications and the smaller gaps (3, 4,
8) in test_threat_model_web.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coalition import access
from coalition.models import AccessGrant, Notification
from dilemmas import services
from tests.coalition.factories import TeamFactory, UserFactory
from tests.coalition.helpers import confirm_everywhere
from tests.dilemmas.factories import CaseFactory, WorkingGroupFactory
from tests.security.threat_model_helpers import sees

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def foreign_case(make_person, other_organisation):
    """A case of another organisation, with its own team lead (the second person there)."""
    other_team = TeamFactory(organisation=other_organisation, name="Afdeling 2 West")
    author = make_person("employee", other_organisation, other_team, username="zonnehuis-emp")
    make_person("team_lead", other_organisation, other_team, username="zonnehuis-lead")
    case = CaseFactory(
        author=author, organisation=other_organisation, team=other_team, title="Zonnehuis-casus"
    )
    services.sync_case_permissions(case)
    return case


# --- 1. A working-group member widens their own sight -----------------------------------


def test_1_member_who_adds_an_organisation_to_their_group_does_not_see_its_cases(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    c = client_for(working_group_member)
    response = c.post(
        reverse("dilemmas:group_edit", args=[group.pk]),
        {
            "name": group.name,
            "mandate": group.mandate,
            "organisations": [organisation.pk, other_organisation.pk],
        },
    )
    assert response.status_code == 302
    assert not sees(working_group_member, foreign_case)
    assert other_organisation not in group.organisations.all()
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    assert grant.is_pending
    # Nor can they confirm their own request.
    confirm = reverse("coalition:grant_confirm", args=[grant.pk])
    assert c.post(confirm, {"organisation": other_organisation.pk}).status_code == 403
    assert not sees(working_group_member, foreign_case)


def test_1_a_second_person_of_that_organisation_opens_it_and_it_is_on_record(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    services.group_save(
        group=group, organisations=[organisation, other_organisation], actor=working_group_member
    )
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    lead = User.objects.get(username="zonnehuis-lead")
    # The team lead of Het Zonnehuis is told, and is the one who may confirm.
    assert Notification.objects.filter(recipient=lead, url=grant.get_absolute_url()).exists()
    response = client_for(lead).post(
        reverse("coalition:grant_confirm", args=[grant.pk]), {"organisation": other_organisation.pk}
    )
    assert response.status_code == 302
    assert sees(working_group_member, foreign_case)
    # The organisation's access page shows who asked and who confirmed.
    page = client_for(lead).get(
        reverse("coalition:organisation_grants", args=[other_organisation.pk])
    )
    assert page.status_code == 200
    assert "Zonnehuis" in page.content.decode()
    assert grant.history.count() >= 2


# --- 2. A coordinator reaches cases through the admin, or through accounts they make -----


def test_2_coordinator_cannot_set_a_team_leads_password_in_the_admin(
    client_for, coordinator, team_lead
):
    url = reverse("admin:auth_user_password_change", args=[team_lead.pk])
    response = client_for(coordinator).post(
        url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    team_lead.refresh_from_db()
    assert not team_lead.check_password("Overgenomen-2026!")


def test_2_coordinator_cannot_give_roles_or_teams_in_the_admin(client_for, coordinator, employee):
    response = client_for(coordinator).post(
        reverse("admin:auth_user_change", args=[employee.pk]),
        {"username": employee.username, "groups": [1, 2, 3, 4]},
    )
    assert response.status_code == 302
    assert not employee.groups.filter(name="team_lead").exists()


def test_2_coordinator_cannot_redirect_a_team_leads_password_reset_to_themselves(
    client_for, coordinator, team_lead, team, organisation
):
    """The e-mail address is where a reset link goes: coordinators cannot change it."""
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {
            "first_name": "Tom",
            "last_name": "Lead",
            "email": "coordinator@evil.example",
            "is_active": "on",
            "role_names": ["team_lead"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    team_lead.refresh_from_db()
    assert team_lead.email != "coordinator@evil.example"


def test_2_an_account_a_coordinator_makes_team_lead_sees_nothing_until_confirmed(
    client_for, coordinator, case, team, organisation
):
    c = client_for(coordinator)
    response = c.post(
        reverse("coalition:person_create"),
        {
            "username": "sok",
            "first_name": "Sok",
            "last_name": "Puppet",
            "email": "sok@evil.example",
            "role_names": ["team_lead", "employee"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    assert response.status_code == 302
    puppet = User.objects.get(username="sok")
    assert not puppet.has_usable_password()  # nobody but the person chooses it
    assert not sees(puppet, case)
    grant = AccessGrant.objects.get(subject=puppet, kind="role")
    assert grant.is_pending
    confirm = reverse("coalition:grant_confirm", args=[grant.pk])
    assert c.post(confirm, {"organisation": organisation.pk}).status_code == 403
    assert not sees(puppet, case)


def test_2_a_second_coordinator_account_cannot_confirm_either(
    client_for, coordinator, make_person, case, team, organisation
):
    second = make_person("coordinator", organisation, username="coordinator2")
    puppet = make_person("employee", organisation, team, username="sok2")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=second)
    # Nor the puppet itself.
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=puppet)
    assert not sees(puppet, case)


def test_2_coordinator_cannot_give_themselves_a_team_or_a_role(
    client_for, coordinator, case, team, organisation
):
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[coordinator.pk]),
        {
            "first_name": "Carla",
            "last_name": "de Vries",
            "is_active": "on",
            "role_names": ["coordinator", "team_lead"],
            "organisations": [organisation.pk],
            "teams": [team.pk],
        },
    )
    assert not coordinator.groups.filter(name="team_lead").exists()
    assert not coordinator.profile.teams.exists()
    assert not AccessGrant.objects.exists()
    assert not sees(coordinator, case)


def test_2_a_coordinator_who_is_a_team_lead_as_well_still_sees_no_case(
    make_person, case, team, organisation
):
    both = make_person("team_lead", organisation, team, username="teamlead-coord")
    assert sees(both, case)
    both.groups.add(Group.objects.get(name="coordinator"))
    assert not sees(both, case)


def test_2_a_parallel_working_group_with_a_controlled_account_sees_nothing(
    client_for, coordinator, make_person, case, organisation
):
    c = client_for(coordinator)
    response = c.post(
        reverse("dilemmas:group_create"),
        {"name": "Schaduwwerkgroep", "mandate": "Meelezen.", "organisations": [organisation.pk]},
    )
    assert response.status_code == 302
    shadow = WorkingGroupFactory._meta.model.objects.get(name="Schaduwwerkgroep")
    puppet = make_person("employee", organisation, username="sok3")
    response = c.post(
        reverse("dilemmas:member_add", args=[shadow.pk]),
        {"user": puppet.pk, "perspective": "manager"},
    )
    assert response.status_code == 302
    assert not shadow.memberships.exists()
    assert not sees(puppet, case)
    grant = AccessGrant.objects.get(kind="dilemmas.member", subject=puppet)
    assert c.post(
        reverse("coalition:grant_confirm", args=[grant.pk]), {"organisation": organisation.pk}
    ).status_code in (403, 404)
    assert not sees(puppet, case)


# --- Found by a second review -------------------------------------------------------------


def test_review_a_deceived_confirmation_does_not_make_a_new_confirmer_at_once(
    client_for, coordinator, team_lead, organisation, case, team, make_person
):
    """A puppet confirmed as team lead of an empty new team cannot let the next puppet
    into the team with the cases; the request page showed the empty team to the one who
    confirmed."""
    empty = TeamFactory(organisation=organisation, name="Schaduwteam")
    puppet = make_person("employee", organisation, empty, username="pop1")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    page = client_for(team_lead).get(reverse("coalition:grant_detail", args=[grant.pk]))
    body = page.content.decode()
    assert "Schaduwteam" in body and "1 lid" in body and "heeft nooit ingelogd" in body
    confirm_everywhere(grant, team_lead)  # deceived
    assert not sees(puppet, case)
    second = make_person("employee", organisation, username="pop2")
    follow_up = access.grant_request(
        kind="team", payload={"team": team.pk}, subject=second, actor=coordinator
    )
    second.groups.add(Group.objects.get(name="team_lead"))  # pretend it holds the role
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=follow_up, organisation=organisation, actor=puppet)
    assert not sees(second, case)


def test_review_taking_the_confirmers_away_does_not_hand_the_decision_to_a_superuser(
    coordinator, team_lead, working_group_member, group, case, organisation, make_person
):
    puppet = make_person("employee", organisation, case.team, username="pop3")
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=puppet, actor=coordinator
    )
    for person in (team_lead, working_group_member):  # narrowing: applies at once
        person.groups.add(Group.objects.get(name="coordinator"))
    root = UserFactory(username="root", is_superuser=True)
    assert not access.may_confirm(root, grant, organisation.pk)
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=root)
    assert not sees(puppet, case)


def test_review_back_in_the_team_is_not_back_in_its_old_sessions(
    client_for, coordinator, session_with_case, case, colleague, team_lead, team
):
    session = session_with_case
    services.session_save(
        session=session,
        participants=[*session.participants.all(), colleague],
        cases=[case],
        actor=team_lead,
    )
    assert sees(colleague, case)
    form = person_data_for(colleague)
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[colleague.pk]), {**form, "teams": []}
    )
    assert not sees(colleague, case)
    client_for(coordinator).post(reverse("coalition:person_edit", args=[colleague.pk]), form)
    assert team in colleague.profile.teams.all()
    assert not sees(colleague, case)


def test_review_a_former_lead_back_as_a_plain_member_sees_nothing(
    client_for, coordinator, session_with_case, case, team_lead, team
):
    form = person_data_for(team_lead)
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {**form, "role_names": ["employee"], "teams": []},
    )
    client_for(coordinator).post(
        reverse("coalition:person_edit", args=[team_lead.pk]),
        {**form, "role_names": ["employee"]},
    )
    assert team in team_lead.profile.teams.all()
    assert not sees(team_lead, case)


def test_review_a_request_to_serve_an_organisation_names_who_gains_sight(
    client_for, group, working_group_member, organisation, other_organisation, foreign_case
):
    services.group_save(
        group=group, organisations=[organisation, other_organisation], actor=working_group_member
    )
    grant = AccessGrant.objects.get(kind="dilemmas.group_organisation")
    lead = User.objects.get(username="zonnehuis-lead")
    body = client_for(lead).get(reverse("coalition:grant_detail", args=[grant.pk])).content
    assert working_group_member.get_full_name() in body.decode()


def person_data_for(person):
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "job_title": "",
        "is_active": "on",
        "role_names": list(person.groups.values_list("name", flat=True)),
        "organisations": [o.pk for o in person.profile.organisations.all()],
        "teams": [t.pk for t in person.profile.teams.all()],
    }
