"""The access rule under concurrency (PostgreSQL): a confirmation and a coordinator's save
that meet must not add up to more sight than was confirmed."""

import threading
import time

import pytest
from django.db import connections, transaction

from coalition import access, people
from coalition.models import AccessGrant
from tests.coalition.factories import TeamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(coordinator, team_lead, person, team_b, organisation):
    """The coordinator adds `person` to team B (holding the transaction open a moment) while
    A's team lead confirms the person's team-lead role for A."""
    grant = access.grant_request(
        kind="role", payload={"role": "team_lead"}, subject=person, actor=coordinator
    )
    saved = threading.Event()

    def add_team():
        try:
            with transaction.atomic():
                people.person_save(
                    user=person,
                    actor=coordinator,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    job_title="",
                    is_active=True,
                    role_names=["employee"],
                    organisations=[],
                    teams=[*person.profile.teams.all(), team_b],
                )
                saved.set()
                time.sleep(1)
        finally:
            connections.close_all()

    def confirm():
        try:
            saved.wait(timeout=10)
            access.grant_confirm(grant=grant, organisation=organisation, actor=team_lead)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_team), threading.Thread(target=confirm)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return AccessGrant.objects.get(pk=grant.pk)


@pytest.fixture
def setting(coordinator, team_lead, employee, other_organisation):
    team_b = TeamFactory(organisation=other_organisation, name="Afdeling B")
    return coordinator, team_lead, employee, team_b


def test_a_team_added_while_a_role_is_confirmed_waits_for_its_own_organisation(
    setting, organisation, other_organisation
):
    coordinator, team_lead, person, team_b = setting
    grant = _race(coordinator, team_lead, person, team_b, organisation)
    assert not person.groups.filter(name="team_lead").exists()
    assert grant.is_pending
    assert grant.confirmations.filter(organisation=other_organisation, confirmed_at=None).exists()


def test_control_without_the_lock_the_race_widens_sight(
    setting, organisation, other_organisation, monkeypatch
):
    """Proves the test above can fail: without the lock the role is applied with only A's
    confirmation while the person is in B's team too."""
    monkeypatch.setattr(access, "lock_person", lambda user_id: None)
    monkeypatch.setattr(access.decisions, "lock_person", lambda user_id: None)
    coordinator, team_lead, person, team_b = setting
    grant = _race(coordinator, team_lead, person, team_b, organisation)
    assert person.groups.filter(name="team_lead").exists()
    assert team_b in person.profile.teams.all()
    assert not grant.confirmations.filter(organisation=other_organisation).exists()
