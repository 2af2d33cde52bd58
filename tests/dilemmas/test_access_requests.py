"""The access rule as moral deliberation meets it: a new member of a working group, or an
organisation it starts to serve, waits for a second person of each organisation concerned;
nobody confirms their own request or one that gives them sight, someone just given sight
waits before confirming for others, and only the asker withdraws."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coalition import access, roles
from coalition.models import AccessGrant, Notification
from dilemmas import services
from dilemmas.models import Perspective, WorkingGroupMember
from dilemmas.permissions import cases_visible_to
from tests.coalition.factories import TeamFactory

from .factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def ask_member(group, person, actor):
    return services.member_request(
        group=group, user=person, perspective=Perspective.OTHER, actor=actor
    )


def is_member(group, person):
    return WorkingGroupMember.objects.filter(group=group, user=person).exists()


def test_the_member_who_asks_cannot_confirm_the_request(
    group, working_group_member, make_person, organisation
):
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    grant = ask_member(group, newcomer, working_group_member)
    # The asker serves Amstelzorg, so confirms for it in general: never their own request.
    assert organisation.pk in access.confirmer_organisation_ids(working_group_member)
    assert not access.may_confirm(working_group_member, grant, organisation.pk)
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=working_group_member)
    assert not is_member(group, newcomer)


def test_a_team_lead_asked_into_the_group_cannot_confirm_their_own_membership(
    group, working_group_member, team_lead, organisation, case
):
    grant = ask_member(group, team_lead, working_group_member)
    # A team lead of Amstelzorg confirms for it, but not what gives themselves sight.
    assert organisation.pk in access.confirmer_organisation_ids(team_lead)
    assert not access.may_confirm(team_lead, grant, organisation.pk)
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=organisation, actor=team_lead)
    assert not is_member(group, team_lead)


def test_a_request_for_two_organisations_waits_for_both(
    working_group_member, team_lead, make_person, organisation, other_organisation
):
    group = WorkingGroupFactory(name="Werkgroep Samen")
    services.group_save(group=group, organisations=[organisation, other_organisation], actor=None)
    services.member_add(
        group=group, user=working_group_member, perspective=Perspective.EMPLOYEE, actor=None
    )
    elsewhere = TeamFactory(organisation=other_organisation, name="Zorg Noord")
    lead_elsewhere = make_person(roles.TEAM_LEAD, other_organisation, elsewhere, username="tl2")
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    grant = ask_member(group, newcomer, working_group_member)
    access.grant_confirm(grant=grant, organisation=organisation, actor=team_lead)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.PENDING
    assert not is_member(group, newcomer)
    access.grant_confirm(grant=grant, organisation=other_organisation, actor=lead_elsewhere)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.APPROVED
    assert is_member(group, newcomer)


def test_only_the_asker_withdraws_a_request(
    group, working_group_member, team_lead, make_person, organisation
):
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    grant = ask_member(group, newcomer, working_group_member)
    for someone_else in (team_lead, newcomer):
        with pytest.raises(PermissionDenied):
            access.grant_withdraw(grant=grant, actor=someone_else)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.PENDING
    access.grant_withdraw(grant=grant, actor=working_group_member)
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.WITHDRAWN


def test_someone_just_given_sight_is_asked_to_confirm_only_after_the_wait(
    settings, group, working_group_member, team_lead, make_person, organisation, case
):
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    access.grant_confirm(
        grant=ask_member(group, newcomer, working_group_member),
        organisation=organisation,
        actor=team_lead,
    )
    assert list(cases_visible_to(newcomer)) == [case]
    # The newcomer now serves Amstelzorg, but does not confirm for it yet.
    assert access.confirmers_of(organisation.pk) == {working_group_member.pk, team_lead.pk}
    second = ask_member(group, make_person(roles.EMPLOYEE, organisation, username="twee"), None)
    assert not asked(newcomer, second)
    later = timezone.now() + timedelta(days=settings.ACCESS_CONFIRMER_WAIT_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert newcomer.pk in access.confirmers_of(organisation.pk)
        third = ask_member(group, make_person(roles.EMPLOYEE, organisation, username="drie"), None)
    assert asked(newcomer, third)


def asked(person, grant):
    """Whether `person` was asked to confirm `grant`."""
    return Notification.objects.filter(recipient=person, url=grant.get_absolute_url()).exists()
