"""Deleting a protected object removes its object permissions in the same transaction, and
an object made later with the same id never inherits access (coalition.orphans)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models.signals import post_delete
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from coalition import roles
from coalition.models import Organisation, Sector
from digital.models import Client, Language, TargetGroup
from dilemmas import services as dilemma_services
from dilemmas.models import (
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    DilemmaCase,
    Perspective,
)
from tests.dilemmas.factories import CaseFactory, WorkingGroupFactory

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


class Rollback(Exception):
    pass


def fresh(user):
    """The user without the permissions guardian and the app cached on it."""
    return User.objects.get(pk=user.pk)


def generic_rows(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return {
        kind: set(
            table.objects.filter(content_type=content_type, object_pk=str(obj.pk)).values_list(
                "permission__codename", flat=True
            )
        )
        for kind, table in (("user", UserObjectPermission), ("group", GroupObjectPermission))
    }


def case_rows(pk):
    return (
        CaseUserObjectPermission.objects.filter(content_object_id=pk).count(),
        CaseGroupObjectPermission.objects.filter(content_object_id=pk).count(),
    )


# --- An organisation: guardian's generic tables ---


@pytest.fixture
def home(db):
    return OrganisationFactory(name="Thuiszorg Oost")


@pytest.fixture
def intake(make_person, home):
    """Intake staff of the organisation: the facts give them `see_clients` on it."""
    return make_person(roles.INTAKE_STAFF, home, username="intake-oost")


@pytest.fixture
def office(home):
    group = Group.objects.create(name="Kantoor Oost")
    assign_perm("coalition.see_clients", group, home)
    return group


def test_deleting_an_organisation_deletes_its_rows_in_the_same_transaction(home, intake, office):
    assert generic_rows(home) == {"user": {"see_clients"}, "group": {"see_clients"}}
    pk = home.pk
    with pytest.raises(Rollback), transaction.atomic():
        home.delete()
        assert generic_rows(Organisation(pk=pk)) == {"user": set(), "group": set()}
        raise Rollback
    # The rollback brings back the object and its rows together.
    restored = Organisation.objects.get(pk=pk)
    assert generic_rows(restored) == {"user": {"see_clients"}, "group": {"see_clients"}}
    assert fresh(intake).has_perm("coalition.see_clients", restored)


def test_an_organisation_made_again_with_the_same_id_grants_nobody_anything(
    client_for, home, intake, office
):
    pk = home.pk
    home.delete()
    again = Organisation.objects.create(
        pk=pk, name="Thuiszorg Oost", sector=Sector.ELDERLY, region="Amsterdam"
    )
    client = Client.objects.create(
        organisation=again,
        number="TO-1",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )

    assert generic_rows(again) == {"user": set(), "group": set()}
    assert not fresh(intake).has_perm("coalition.see_clients", again)
    response = client_for(intake).get(reverse("digital:client_detail", args=[client.pk]))
    assert response.status_code == 404


# --- A dilemma case: its own tables, with a foreign key ---


@pytest.fixture
def case(organisation, team, employee, team_lead, working_group_member):
    group = WorkingGroupFactory(name="Werkgroep Oost")
    dilemma_services.group_save(group=group, organisations=[organisation], actor=None)
    dilemma_services.member_add(
        group=group, user=working_group_member, perspective=Perspective.EMPLOYEE, actor=None
    )
    case = CaseFactory(author=employee, organisation=organisation, team=team, title="Nachtdienst")
    dilemma_services.sync_case_permissions(case)
    return case


def test_deleting_a_case_deletes_its_rows_in_the_same_transaction(case):
    pk = case.pk
    held = case_rows(pk)
    assert held[0] and held[1]
    with pytest.raises(Rollback), transaction.atomic():
        case.delete()
        assert case_rows(pk) == (0, 0)
        raise Rollback
    assert DilemmaCase.objects.filter(pk=pk).exists()
    assert case_rows(pk) == held


def test_a_case_made_again_with_the_same_id_grants_nobody_anything(
    client_for, case, employee, team_lead, working_group_member, make_person, organisation, team
):
    pk = case.pk
    case.delete()
    someone = make_person(roles.EMPLOYEE, organisation, team, username="iemand")
    again = CaseFactory(pk=pk, author=someone, organisation=organisation, team=team)

    assert case_rows(pk) == (0, 0)
    for person in (employee, team_lead, working_group_member, someone):
        assert not fresh(person).has_perm("dilemmas.view_dilemmacase", again)
        response = client_for(person).get(reverse("dilemmas:case_detail", args=[pk]))
        assert response.status_code == 404


# --- What the receivers leave alone, and what was left before ---


def test_history_and_permission_rows_keep_a_plain_delete():
    """Only models that can be protected get the receiver: the others keep Django's fast
    delete (one query, no signal per row)."""
    assert post_delete.has_listeners(Organisation)
    assert post_delete.has_listeners(DilemmaCase)
    assert not post_delete.has_listeners(Organisation.history.model)
    assert not post_delete.has_listeners(UserObjectPermission)
    assert not post_delete.has_listeners(CaseUserObjectPermission)
    assert not post_delete.has_listeners(Organisation.people.through)


def test_the_command_finds_rows_left_from_before_and_removes_only_those(home, intake, office):
    content_type = ContentType.objects.get_for_model(Organisation)
    permission = UserObjectPermission.objects.filter(content_type=content_type).first().permission
    gone_pk = str(Organisation.objects.order_by("-pk").first().pk + 100)
    # A row whose organisation was deleted before deletes took their rows along (written
    # past guardian's save, which refuses a row without its object).
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=intake, permission=permission, content_type=content_type, object_pk=gone_pk
            )
        ]
    )

    with pytest.raises(CommandError, match="1 orphan"):
        call_command("guardian_orphans", stdout=(out := StringIO()))
    assert "coalition.organisation: 1 user row(s)" in out.getvalue()

    call_command("guardian_orphans", "--delete", stdout=(out := StringIO()))
    assert "Removed 1" in out.getvalue()
    assert not UserObjectPermission.objects.filter(object_pk=gone_pk).exists()
    assert generic_rows(home) == {"user": {"see_clients"}, "group": {"see_clients"}}
    call_command("guardian_orphans", stdout=(out := StringIO()))
    assert "No orphan object permissions." in out.getvalue()
