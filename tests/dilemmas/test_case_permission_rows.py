"""The guardian rows of a case stay few whatever the number of people who may read it: a
working group holds one row per case and permission, and its members read through it while
their membership lasts. Widening still waits for a second person; narrowing is at once."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from coalition import roles
from coalition.models import AccessGrant
from dilemmas import services
from dilemmas.models import (
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    DilemmaCase,
    Perspective,
    WorkingGroup,
    WorkingGroupMember,
)
from dilemmas.permissions import case_perms, cases_visible_to
from tests.coalition.helpers import confirm_everywhere

pytestmark = pytest.mark.django_db

MIGRATION = "0011_case_rows_per_group"


def rows_of(cases):
    return (
        CaseUserObjectPermission.objects.filter(content_object__in=cases).count()
        + CaseGroupObjectPermission.objects.filter(content_object__in=cases).count()
    )


def seen(user):
    return set(cases_visible_to(user))


@pytest.fixture
def three_cases(make_case, employee, group):
    return [make_case(employee, title=f"Casus {n}") for n in range(3)]


@pytest.fixture
def add_members(make_person, organisation, group):
    def add(count, prefix):
        people = [
            make_person(roles.WORKING_GROUP_MEMBER, organisation, username=f"{prefix}{n}")
            for n in range(count)
        ]
        for person in people:
            services.member_add(
                group=group, user=person, perspective=Perspective.EMPLOYEE, actor=None
            )
        return people

    return add


def test_rows_stay_the_same_from_two_members_to_twenty(three_cases, group, add_members, team_lead):
    add_members(1, "tweede")  # with the fixture's member: two
    assert group.memberships.count() == 2
    with_two = rows_of(three_cases)

    newcomers = add_members(18, "lid")

    assert group.memberships.count() == 20
    assert rows_of(three_cases) == with_two
    # Per case: the author's own three, the team lead's view, and the group's three.
    assert with_two == 3 * (3 + 1 + 3)
    for person in newcomers:
        assert seen(person) == set(three_cases)


def test_a_removed_member_loses_sight_at_once_and_no_row_changes(
    client_for, three_cases, group, working_group_member, add_members
):
    add_members(19, "lid")
    before = rows_of(three_cases)
    page = reverse("dilemmas:case_detail", args=[three_cases[0].pk])
    assert client_for(working_group_member).get(page).status_code == 200

    services.member_remove(member=group.memberships.get(user=working_group_member))

    assert seen(working_group_member) == set()
    assert case_perms(working_group_member, three_cases[0].pk) == frozenset()
    assert client_for(working_group_member).get(page).status_code == 404
    assert rows_of(three_cases) == before


def test_a_new_member_reads_only_once_a_second_person_confirms(
    client_for, three_cases, group, working_group_member, team_lead, make_person, organisation
):
    before = rows_of(three_cases)
    newcomer = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    grant = services.member_request(
        group=group, user=newcomer, perspective=Perspective.MANAGER, actor=working_group_member
    )
    page = reverse("dilemmas:case_detail", args=[three_cases[0].pk])
    assert grant.status == AccessGrant.Status.PENDING
    assert seen(newcomer) == set()
    assert client_for(newcomer).get(page).status_code == 404

    confirm_everywhere(grant, team_lead)

    assert seen(newcomer) == set(three_cases)
    assert case_perms(newcomer, three_cases[0].pk) == {
        "view_dilemmacase",
        "tag_dilemmacase",
        "close_dilemmacase",
    }
    assert client_for(newcomer).get(page).status_code == 200
    assert rows_of(three_cases) == before


def test_the_groups_rows_follow_the_case_status_and_the_organisations_served(
    three_cases, group, working_group_member, organisation, other_organisation
):
    case = three_cases[0]
    services.case_close(case=case)
    assert case_perms(working_group_member, case.pk) == {"view_dilemmacase", "tag_dilemmacase"}
    services.group_save(group=group, organisations=[other_organisation], actor=None)
    assert seen(working_group_member) == set()
    assert not CaseGroupObjectPermission.objects.filter(content_object__in=three_cases).exists()


def test_a_draft_is_the_authors_alone(make_case, employee, group, working_group_member):
    draft = make_case(employee, status="draft", submitted_at=None)
    assert not CaseGroupObjectPermission.objects.filter(content_object=draft).exists()
    assert draft not in seen(working_group_member)


def test_a_member_made_coordinator_stops_reading_at_once(
    client_for, three_cases, working_group_member
):
    working_group_member.groups.add(Group.objects.get(name=roles.COORDINATOR))
    assert seen(working_group_member) == set()
    page = reverse("dilemmas:case_detail", args=[three_cases[0].pk])
    assert client_for(working_group_member).get(page).status_code == 404


def test_being_put_in_the_django_group_itself_gives_nothing(
    client_for, three_cases, group, colleague
):
    """The Django group only holds the rows: whom they reach is the confirmed membership, so
    a hand in the admin (a superuser's) adding someone to it opens nothing."""
    group.refresh_from_db()
    colleague.groups.add(group.auth_group)
    assert seen(colleague) == set()
    page = reverse("dilemmas:case_detail", args=[three_cases[0].pk])
    assert client_for(colleague).get(page).status_code == 404


def test_a_member_who_leads_the_team_keeps_the_view_of_a_team_lead(three_cases, group, team_lead):
    services.member_add(group=group, user=team_lead, perspective=Perspective.MANAGER, actor=None)
    services.member_remove(member=group.memberships.get(user=team_lead))
    assert seen(team_lead) == set(three_cases)
    assert case_perms(team_lead, three_cases[0].pk) == {"view_dilemmacase"}


def test_saving_a_group_read_before_its_django_group_was_made_keeps_the_link(
    three_cases, group, working_group_member, organisation
):
    stale = WorkingGroup.objects.get(pk=group.pk)
    stale.auth_group_id = None
    services.group_save(group=stale, organisations=[organisation], actor=None)
    assert WorkingGroup.objects.get(pk=group.pk).auth_group_id == group.auth_group_id
    assert seen(working_group_member) == set(three_cases)


def test_a_group_made_again_with_the_same_id_inherits_no_rows(
    three_cases, group, working_group_member, make_person, other_organisation
):
    pk, old_django_group = group.pk, group.auth_group_id
    group.delete()
    assert seen(working_group_member) == set()

    again = WorkingGroup.objects.create(pk=pk, name="Werkgroep Opnieuw", mandate="Opnieuw.")
    services.group_save(group=again, organisations=[other_organisation], actor=None)
    newcomer = make_person(roles.EMPLOYEE, other_organisation, username="opnieuw")
    services.member_add(group=again, user=newcomer, perspective=Perspective.EMPLOYEE, actor=None)

    assert again.auth_group_id != old_django_group
    assert not CaseGroupObjectPermission.objects.filter(group_id=old_django_group).exists()
    assert seen(newcomer) == set()


# --- The data migration that moved the members' rows to the groups ---


def migration_state():
    apps = MigrationExecutor(connection).loader.project_state(("dilemmas", MIGRATION)).apps
    return import_module(f"dilemmas.migrations.{MIGRATION}"), apps


def test_the_migration_converts_per_member_rows_both_ways_and_sight_stays(
    three_cases, group, add_members, team_lead, employee, coordinator
):
    services.member_add(group=group, user=team_lead, perspective=Perspective.MANAGER, actor=None)
    members = add_members(4, "lid")
    # A member made coordinator afterwards reads nothing, before and after.
    coordinator_member = members[0]
    coordinator_member.groups.add(Group.objects.get(name=roles.COORDINATOR))
    people = [*members, team_lead, employee, coordinator]
    sight = {person.pk: seen(person) for person in people}
    grouped = {case.pk: case_perms(members[1], case.pk) for case in three_cases}
    rows = rows_of(three_cases)
    migration, apps = migration_state()

    migration.backward(apps, None)

    # The layout before: one row per member and permission, no group rows.
    assert not CaseGroupObjectPermission.objects.exists()
    assert not Group.objects.filter(name__startswith="dilemmas.").exists()
    for person in people:
        own = set(
            DilemmaCase.objects.filter(
                pk__in=CaseUserObjectPermission.objects.filter(
                    user=person, permission__codename="view_dilemmacase"
                ).values("content_object_id")
            )
        )
        assert own == sight[person.pk]
    # Per case the author's three, and three for each member but the coordinator (the team
    # lead among them, whose view row is the one they hold as the team's lead).
    readers = WorkingGroupMember.objects.filter(group=group).count() - 1
    assert readers == 5
    assert CaseUserObjectPermission.objects.filter(content_object__in=three_cases).count() == (
        3 * (3 + 3 * readers)
    )

    migration.forward(apps, None)

    assert rows_of(three_cases) == rows
    assert {person.pk: seen(person) for person in people} == sight
    assert {case.pk: case_perms(members[1], case.pk) for case in three_cases} == grouped
    # The team lead keeps their own row: leaving the group does not take the team's cases.
    assert case_perms(team_lead, three_cases[0].pk) >= {"view_dilemmacase"}
    services.member_remove(member=group.memberships.get(user=team_lead))
    assert seen(team_lead) == set(three_cases)
