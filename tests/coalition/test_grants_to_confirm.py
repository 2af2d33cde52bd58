"""The requests waiting for someone are those `may_decide` allows, for every demo person
and a superuser: the list reads no confirmation rows for people who are not superusers."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from coalition import access, roles
from coalition.demo import USERS
from coalition.models import AccessGrant

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo makes demo accounts only then
    call_command("seed_demo", verbosity=0)


def _fresh(username):
    return User.objects.get(username=username)


def _by_the_rule(user):
    pending = AccessGrant.objects.filter(status=AccessGrant.Status.PENDING).order_by(
        "requested_at", "pk"
    )
    return [g.pk for g in pending if access.may_decide(_fresh(user.username), g)]


def test_waiting_for_someone_is_what_may_decide_says(demo):
    User.objects.create_superuser("beheer", "beheer@example.org", "x")
    waiting = {}
    for username in [*USERS, "beheer"]:
        user = _fresh(username)
        found = [g.pk for g in access.grants_to_confirm(user)]
        assert found == _by_the_rule(user), username
        waiting[username] = found
    # The demo has requests waiting for someone, and someone they do not wait for.
    assert any(waiting.values())
    assert not all(waiting.values())


def test_a_request_that_widens_ones_own_sight_does_not_wait_for_one(
    make_person, organisation, team, team_lead
):
    """A team lead asked onto a second team: the request waits for their organisation,
    for which they confirm, but never for them."""
    from coalition.people import person_save

    coordinator = make_person(roles.COORDINATOR, organisation, username="coord")
    make_person(roles.TEAM_LEAD, organisation, team, username="tl2")
    second_team = type(team).objects.create(organisation=organisation, name="Zorg Noord")
    change = person_save(
        user=team_lead,
        actor=coordinator,
        first_name=team_lead.first_name,
        last_name=team_lead.last_name,
        job_title="",
        is_active=True,
        role_names=[roles.TEAM_LEAD],
        organisations=[organisation],
        teams=[team, second_team],
        note="",
    )
    assert change.requested, "the second team waits for confirmation"
    grant = change.requested[0]
    assert organisation.pk in access.confirmer_organisation_ids(_fresh("teamlead"))
    assert grant.pk not in [g.pk for g in access.grants_to_confirm(_fresh("teamlead"))]
    assert grant.pk in [g.pk for g in access.grants_to_confirm(_fresh("tl2"))]
    assert not access.may_decide(_fresh("teamlead"), grant)
