"""The threat model of confidential dilemma cases (the promise is told in
test_threat_model_access.py), continued through sessions, written as attacks that must fail:
team leads and participants taking a case to people its author never chose (5), a second
lead losing cases they cannot open (6), and pages that show a case's title without writing
the access log (7).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition.models import AccessLogEntry
from dilemmas import services
from dilemmas.models import SessionCase
from tests.coalition.factories import TeamFactory
from tests.dilemmas.factories import SessionFactory
from tests.security.threat_model_helpers import sees

pytestmark = pytest.mark.django_db


# --- 5. Session participants ------------------------------------------------------------


def test_5_a_session_of_another_team_cannot_take_a_case(
    client_for, case, other_team, other_team_lead, team_lead, organisation, make_person
):
    """A lead of two teams sees the case through team A; bringing it to team B would show it
    to B's people, whom the author never chose."""
    team_lead.profile.teams.add(other_team)
    b_member = make_person("employee", organisation, other_team, username="b-member")
    response = client_for(team_lead).post(
        reverse("dilemmas:session_create"),
        {
            "team": other_team.pk,
            "kind": "team",
            "reflection": "ahead",
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "participants": [b_member.pk],
            "cases": [case.pk],
        },
    )
    assert response.status_code == 200
    assert not SessionCase.objects.filter(case=case).exists()
    assert not sees(b_member, case)
    with pytest.raises(ValidationError):
        services.session_save(
            session=SessionFactory(team=other_team, lead=team_lead),
            participants=[b_member],
            cases=[case],
            actor=team_lead,
        )
    assert not sees(b_member, case)


def test_5_a_coordinator_is_never_a_participant_and_never_reads_the_case(
    client_for, case, team, team_lead, coordinator
):
    coordinator.profile.teams.add(team)  # even as a member of the team
    session = SessionFactory(team=team, lead=team_lead)
    with pytest.raises(ValidationError):
        services.session_save(
            session=session, participants=[coordinator], cases=[case], actor=team_lead
        )
    # Put there by other means, the coordinator still gets no sight.
    session.participants.add(coordinator)
    SessionCase.objects.get_or_create(session=session, case=case)
    services.sync_case_permissions(case)
    assert not sees(coordinator, case)
    form = client_for(team_lead).get(reverse("dilemmas:session_create"))
    offered = form.context["form"].fields["participants"].queryset
    assert coordinator not in offered


def test_5_a_participant_cannot_pass_the_case_on_along_a_chain_of_sessions(
    case, team, team_lead, employee, make_person, organisation
):
    """The author chose team A. A participant of A's session who leads team C cannot bring
    it to C; a stranger added to A's session (not in the team) gets nothing either."""
    team_c = TeamFactory(organisation=organisation, name="Team C")
    relay = make_person("team_lead", organisation, team, username="relay")
    relay.profile.teams.add(team_c)
    c_member = make_person("employee", organisation, team_c, username="c-member")
    services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[relay, employee],
        cases=[case],
        actor=team_lead,
    )
    assert sees(relay, case)
    with pytest.raises(ValidationError):
        services.session_save(
            session=SessionFactory(team=team_c, lead=relay),
            participants=[c_member],
            cases=[case],
            actor=relay,
        )
    assert not sees(c_member, case)
    # A session of team C linked by other means still shows the case to nobody in C.
    stray = SessionFactory(team=team_c, lead=relay)
    stray.participants.add(c_member)
    SessionCase.objects.create(session=stray, case=case)
    services.sync_case_permissions(case)
    assert not sees(c_member, case)


def test_5_only_the_author_moves_a_case_to_another_team(
    client_for, case, employee, other_team, other_team_lead, make_person, organisation
):
    employee.profile.teams.add(other_team)
    response = client_for(employee).post(
        reverse("dilemmas:case_edit", args=[case.pk]),
        {"title": case.title, "team": other_team.pk, "action": "save"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.team == other_team
    assert sees(other_team_lead, case)


# --- 6. Silent loss ---------------------------------------------------------------------


def test_6_a_second_lead_saving_the_session_keeps_the_cases_they_cannot_open(
    client_for, session_with_case, case, team, make_person, organisation, other_team, employee
):
    second_lead = make_person("team_lead", organisation, team, username="teamlead-b")
    # The author took the case to another team: this session keeps it, its leads cannot open it.
    case.team = other_team
    case.save()
    services.sync_case_permissions(case)
    assert not sees(second_lead, case)
    session = session_with_case
    response = client_for(second_lead).post(
        reverse("dilemmas:session_edit", args=[session.pk]),
        {
            "team": team.pk,
            "kind": session.kind,
            "reflection": session.reflection,
            "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "location": "Andere kamer",
            "participants": [employee.pk],
        },
    )
    assert response.status_code == 302
    assert SessionCase.objects.filter(session=session, case=case).exists()


# --- 7. Access-log gaps -----------------------------------------------------------------


def _reads(user, case):
    return AccessLogEntry.objects.filter(
        user=user, object_type="dilemmas.dilemmacase", object_id=str(case.pk), outcome="viewed"
    ).count()


def test_7_every_page_that_shows_a_case_title_writes_the_access_log(
    client_for, session_with_case, case, team_lead, working_group_member, time_machine
):
    session = session_with_case
    c = client_for(team_lead)
    for page in [
        reverse("dilemmas:case_list"),
        reverse("dilemmas:session_detail", args=[session.pk]),
        reverse("dilemmas:session_edit", args=[session.pk]),
        reverse("coalition:dashboard"),
    ]:
        before = _reads(team_lead, case)
        body = c.get(page).content.decode()
        assert case.title in body, page
        assert _reads(team_lead, case) == before + 1, page
    time_machine.move_to(session.starts_at + timedelta(hours=2))
    c = client_for(team_lead)
    before = _reads(team_lead, case)
    assert (
        case.title
        in c.get(reverse("dilemmas:session_outcomes", args=[session.pk])).content.decode()
    )
    assert _reads(team_lead, case) == before + 1
