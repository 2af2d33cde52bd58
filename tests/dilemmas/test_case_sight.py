"""Who sees a case through a session: the participants who are active members of the team
the author chose, and nobody else through it."""

import pytest

from dilemmas import services
from dilemmas.models import CaseUserObjectPermission

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def sees(person, case):
    return CaseUserObjectPermission.objects.filter(
        user=person, content_object=case, permission__codename="view_dilemmacase"
    ).exists()


def test_a_deactivated_participant_keeps_no_sight_of_the_cases_of_the_session(
    case, team, team_lead, colleague
):
    services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[colleague],
        cases=[case],
        actor=team_lead,
    )
    assert sees(colleague, case)
    colleague.is_active = False
    colleague.save()
    services.sync_case_permissions(case)
    # Still on the session's list (its history), but no longer an active member of the team.
    assert case.sessions.filter(participants=colleague).exists()
    assert not sees(colleague, case)
