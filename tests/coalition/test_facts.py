"""What the app knows of a person on every page comes from one query per request, and says
what the separate questions said."""

import pytest
from django.contrib.auth import get_user_model

from coalition import facts, roles
from coalition.permissions import user_organisation_ids
from dilemmas.permissions import led_team_ids, member_group_ids
from tests.coalition.factories import TeamFactory
from tests.dilemmas.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The person as a new request loads them: nothing read yet."""
    return get_user_model().objects.get(pk=user.pk)


def test_roles_organisations_teams_and_groups_in_one_query(
    team_lead, organisation, other_organisation, team, django_assert_num_queries
):
    second_team = TeamFactory(organisation=other_organisation, name="Nacht")
    team_lead.profile.organisations.add(other_organisation)
    team_lead.profile.teams.add(second_team)
    group = WorkingGroupFactory()
    group.memberships.create(user=team_lead)
    user = fresh(team_lead)
    with django_assert_num_queries(1):
        assert roles.role_names(user) == {roles.TEAM_LEAD}
        assert user_organisation_ids(user) == {organisation.pk, other_organisation.pk}
        assert led_team_ids(user) == {team.pk, second_team.pk}
        assert member_group_ids(user) == {group.pk}
    # The same as each question asked of the database on its own.
    assert set(user.groups.values_list("name", flat=True)) == roles.role_names(user)
    assert set(user.profile.organisations.values_list("pk", flat=True)) == user_organisation_ids(
        user
    )
    assert set(user.profile.teams.values_list("pk", flat=True)) == led_team_ids(user)


def test_someone_with_nothing_has_empty_facts(db, django_assert_num_queries):
    from tests.coalition.factories import UserFactory

    user = fresh(UserFactory())
    with django_assert_num_queries(1):
        assert roles.role_names(user) == frozenset()
        assert user_organisation_ids(user) == frozenset()
        assert member_group_ids(user) == frozenset()
        assert facts.ids(user, facts.TEAMS) == frozenset()


def test_a_team_only_counts_as_led_with_the_role(employee, team):
    assert led_team_ids(fresh(employee)) == frozenset()
    assert facts.ids(fresh(employee), facts.TEAMS) == {team.pk}


def test_a_new_request_reads_again(employee, other_organisation):
    user = fresh(employee)
    before = user_organisation_ids(user)
    employee.profile.organisations.add(other_organisation)
    assert user_organisation_ids(user) == before  # the same request
    assert other_organisation.pk in user_organisation_ids(fresh(employee))


def test_the_names_of_the_organisations_come_with_them(
    employee, organisation, other_organisation, django_assert_num_queries
):
    employee.profile.organisations.add(other_organisation)
    user = fresh(employee)
    with django_assert_num_queries(1):
        assert facts.organisation_names(user) == {
            organisation.pk: organisation.name,
            other_organisation.pk: other_organisation.name,
        }
        assert user_organisation_ids(user) == {organisation.pk, other_organisation.pk}


def test_the_organisations_a_working_group_member_serves(
    working_group_member, organisation, other_organisation, django_assert_num_queries
):
    from dilemmas.permissions import served_organisation_ids

    first, second = WorkingGroupFactory(), WorkingGroupFactory()
    first.organisations.add(organisation)
    second.organisations.add(organisation, other_organisation)
    first.memberships.create(user=working_group_member)
    second.memberships.create(user=working_group_member)
    user = fresh(working_group_member)
    with django_assert_num_queries(1):
        assert served_organisation_ids(user) == {organisation.pk, other_organisation.pk}
        assert member_group_ids(user) == {first.pk, second.pk}


def test_the_organisations_of_a_persons_teams(team_lead, team, other_organisation):
    night = TeamFactory(organisation=other_organisation, name="Nacht")
    team_lead.profile.teams.add(night)
    assert facts.team_organisation_ids(fresh(team_lead)) == {
        team.organisation_id,
        other_organisation.pk,
    }
