"""Who sees clients, layer by layer: the care-worker role waits for a second person as the
intake role does; a coordinator holds no `coalition.see_clients` row whatever other role
they have, and a stray row would still open nothing to them; every look is logged."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from coalition import people, roles
from coalition.models import AccessGrant, AccessLogEntry, Organisation
from digital.models import Client, Language, TargetGroup
from digital.permissions import client_organisation_ids, clients_visible_to
from tests.coalition.helpers import confirm_everywhere

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def client_record(organisation):
    return Client.objects.create(
        organisation=organisation,
        number="AZ-9",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )


def fresh(user):
    """The user without what a request caches on it."""
    return User.objects.get(pk=user.pk)


def see_clients_rows(user):
    return set(
        UserObjectPermission.objects.filter(
            user_id=user.pk,
            permission__codename="see_clients",
            content_type=ContentType.objects.get_for_model(Organisation),
        ).values_list("object_pk", flat=True)
    )


def test_the_care_worker_role_opens_clients_only_after_a_second_person_confirms(
    coordinator, make_person, organisation, client_record, team_lead
):
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuwe-zorg")
    change = people.person_save(
        user=newcomer,
        actor=coordinator,
        first_name="Nieuwe",
        last_name="Zorgverlener",
        job_title="",
        is_active=True,
        role_names=[roles.EMPLOYEE, roles.CARE_WORKER],
        organisations=[organisation],
        teams=[],
    )
    assert [grant.kind for grant in change.requested] == ["role"]
    assert not fresh(newcomer).groups.filter(name=roles.CARE_WORKER).exists()
    assert not clients_visible_to(fresh(newcomer)).exists()
    confirm_everywhere(AccessGrant.objects.get(subject=newcomer), team_lead)
    assert list(clients_visible_to(fresh(newcomer))) == [client_record]


def test_a_coordinator_with_the_intake_role_holds_no_client_rows(
    make_person, organisation, client_record
):
    both = make_person(roles.INTAKE_STAFF, organisation, username="intake-coord")
    assert see_clients_rows(both) == {str(organisation.pk)}
    both.groups.add(Group.objects.get(name=roles.COORDINATOR))
    assert see_clients_rows(both) == set()


def test_a_stray_client_row_opens_nothing_to_a_coordinator(
    coordinator, organisation, client_record
):
    coordinator.groups.add(Group.objects.get(name=roles.CARE_WORKER))
    # A row written around coalition.sight (the admin, a restore): the facts still decide.
    assign_perm("coalition.see_clients", coordinator, organisation)
    assert client_organisation_ids(fresh(coordinator)) == frozenset()
    assert not clients_visible_to(fresh(coordinator)).exists()


def test_every_look_at_a_client_page_is_in_the_access_log(client_for, care_worker, client_record):
    response = client_for(care_worker).get(
        reverse("digital:client_detail", args=[client_record.pk])
    )
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(user=care_worker)
    assert entry.object_id == str(client_record.pk)
    assert entry.outcome == AccessLogEntry.Outcome.VIEWED
