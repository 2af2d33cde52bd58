"""Who sees an organisation's partners: guardian's `coalition.keep_partners`, kept by
coalition.sight from the facts (active, the relationship-manager role, the organisations one
works for). The rows follow every change at once, by whatever route it comes."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from guardian.models import UserObjectPermission

from coalition import people, roles
from coalition.models import AccessGrant, Organisation
from relatiebeheer.models import Category
from relatiebeheer.permissions import keeper_organisation_ids, partners_visible_to
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


def rows(user, codename="keep_partners"):
    """The organisations on which the user holds the permission, straight from guardian."""
    return {
        int(pk)
        for pk in UserObjectPermission.objects.filter(
            user_id=user.pk,
            permission__codename=codename,
            content_type=ContentType.objects.get_for_model(Organisation),
        ).values_list("object_pk", flat=True)
    }


def facts(user):
    """What the rows should be, worked out apart from coalition.sight."""
    user = User.objects.get(pk=user.pk)
    names = set(user.groups.values_list("name", flat=True))
    if (
        not user.is_active
        or user.is_superuser
        or roles.COORDINATOR in names
        or roles.RELATIONSHIP_MANAGER not in names
    ):
        return set()
    return set(user.profile.organisations.values_list("pk", flat=True))


def fresh(user):
    """The user without what a request caches on it."""
    return User.objects.get(pk=user.pk)


def save_person(user, actor, *, role_names, organisations, is_active=True):
    return people.person_save(
        user=user,
        actor=actor,
        first_name=user.first_name,
        last_name=user.last_name,
        job_title="",
        is_active=is_active,
        role_names=role_names,
        organisations=organisations,
        teams=[],
    )


@pytest.fixture
def own_partner(make_partner):
    return make_partner("Stichting De Brug")


@pytest.fixture
def foreign_partner(make_partner, other_organisation, coordinator):
    category = Category.objects.create(organisation=other_organisation, name="Wonen")
    return make_partner("Woonstichting Zuid", category=category, actor=coordinator)


@pytest.fixture
def other_keeper(make_person, other_organisation):
    return make_person("relationship_manager", other_organisation, username="relations-zh")


# --- Pages ---


def test_a_manager_sees_the_partners_of_their_own_organisation(
    client_for, keeper, own_partner, organisation
):
    assert rows(keeper) == {organisation.pk}
    c = client_for(keeper)
    assert c.get(url("partner_detail", own_partner.pk)).status_code == 200
    assert c.get(url("partner_history", own_partner.pk)).status_code == 200
    assert c.get(url("partner_edit", own_partner.pk)).status_code == 200


def test_a_manager_gets_404_on_another_organisations_partner_and_its_history(
    client_for, keeper, foreign_partner
):
    c = client_for(keeper)
    assert c.get(url("partner_detail", foreign_partner.pk)).status_code == 404
    assert c.get(url("partner_history", foreign_partner.pk)).status_code == 404
    assert foreign_partner not in partners_visible_to(fresh(keeper))


def test_another_organisations_shared_partner_is_seen_but_not_kept(
    client_for, keeper, foreign_partner
):
    foreign_partner.shared = True
    foreign_partner.save()
    c = client_for(keeper)
    assert c.get(url("partner_detail", foreign_partner.pk)).status_code == 200
    assert c.get(url("partner_history", foreign_partner.pk)).status_code == 200
    assert c.get(url("partner_edit", foreign_partner.pk)).status_code == 403


def test_a_manager_of_both_organisations_keeps_both(
    client_for, keeper, own_partner, foreign_partner, other_organisation
):
    keeper.profile.organisations.add(other_organisation)
    c = client_for(keeper)
    assert c.get(url("partner_edit", own_partner.pk)).status_code == 200
    assert c.get(url("partner_edit", foreign_partner.pk)).status_code == 200


# --- The rows follow the facts, at once ---


def test_giving_the_role_and_an_organisation_needs_no_second_person(
    coordinator, make_person, organisation, other_organisation
):
    """Partner data is not confidential: the role applies at once and so does sight."""
    person = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    change = save_person(
        person,
        coordinator,
        role_names=[roles.EMPLOYEE, roles.RELATIONSHIP_MANAGER],
        organisations=[organisation, other_organisation],
    )
    assert change.requested == []
    assert not AccessGrant.objects.filter(subject=person).exists()
    assert rows(person) == {organisation.pk, other_organisation.pk} == facts(person)
    assert keeper_organisation_ids(fresh(person)) == {organisation.pk, other_organisation.pk}


def test_taking_the_role_away_through_the_people_service_closes_at_once(
    client_for, coordinator, keeper, own_partner, organisation
):
    save_person(keeper, coordinator, role_names=[roles.EMPLOYEE], organisations=[organisation])
    assert rows(keeper) == set() == facts(keeper)
    assert keeper_organisation_ids(fresh(keeper)) == frozenset()
    # Without the role there is no business in relationship management at all.
    assert client_for(keeper).get(url("partner_detail", own_partner.pk)).status_code == 403


def test_taking_the_organisation_away_through_the_people_service_closes_at_once(
    client_for, coordinator, keeper, own_partner, other_organisation
):
    save_person(
        keeper,
        coordinator,
        role_names=[roles.RELATIONSHIP_MANAGER],
        organisations=[other_organisation],
    )
    assert rows(keeper) == {other_organisation.pk} == facts(keeper)
    c = client_for(keeper)
    assert c.get(url("partner_detail", own_partner.pk)).status_code == 404
    assert c.get(url("partner_history", own_partner.pk)).status_code == 404


def _remove_organisation(user, organisation):
    user.profile.organisations.remove(organisation)


def _clear_organisations(user, organisation):
    user.profile.organisations.clear()


def _remove_from_organisation(user, organisation):
    organisation.people.remove(user.profile)


def _clear_organisation(user, organisation):
    organisation.people.clear()


def _remove_role(user, organisation):
    user.groups.remove(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))


def _remove_from_role(user, organisation):
    Group.objects.get(name=roles.RELATIONSHIP_MANAGER).user_set.remove(user)


def _clear_role(user, organisation):
    Group.objects.get(name=roles.RELATIONSHIP_MANAGER).user_set.clear()


def _deactivate(user, organisation):
    user.is_active = False
    user.save()


def _make_coordinator(user, organisation):
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))


def _make_superuser(user, organisation):
    user.is_superuser = True
    user.save()


@pytest.mark.parametrize(
    "change",
    [
        _remove_organisation,
        _clear_organisations,
        _remove_from_organisation,
        _clear_organisation,
        _remove_role,
        _remove_from_role,
        _clear_role,
        _deactivate,
        _make_coordinator,
        _make_superuser,
    ],
)
def test_every_route_that_changes_a_fact_takes_the_row_away(keeper, organisation, change):
    assert rows(keeper) == {organisation.pk}
    change(keeper, organisation)
    assert rows(keeper) == set() == facts(keeper)


def test_a_deactivated_manager_has_no_rows_and_gets_them_back_when_reactivated(
    coordinator, keeper, organisation
):
    save_person(
        keeper,
        coordinator,
        role_names=[roles.RELATIONSHIP_MANAGER],
        organisations=[organisation],
        is_active=False,
    )
    assert rows(keeper) == set()
    assert keeper_organisation_ids(fresh(keeper)) == frozenset()
    save_person(
        keeper, coordinator, role_names=[roles.RELATIONSHIP_MANAGER], organisations=[organisation]
    )
    assert rows(keeper) == {organisation.pk}


def test_the_rows_are_exactly_the_facts_after_each_change(
    coordinator, make_person, organisation, other_organisation
):
    person = make_person(roles.EMPLOYEE, organisation, username="stap-voor-stap")
    manager_role = Group.objects.get(name=roles.RELATIONSHIP_MANAGER)
    steps = [
        lambda: person.groups.add(manager_role),
        lambda: person.profile.organisations.add(other_organisation),
        lambda: person.profile.organisations.remove(organisation),
        lambda: person.groups.remove(manager_role),
        lambda: person.profile.organisations.add(organisation),
        lambda: person.groups.add(manager_role),
        lambda: save_person(
            person, coordinator, role_names=[roles.RELATIONSHIP_MANAGER], organisations=[]
        ),
        lambda: save_person(
            person,
            coordinator,
            role_names=[roles.RELATIONSHIP_MANAGER],
            organisations=[organisation, other_organisation],
        ),
        lambda: save_person(
            person,
            coordinator,
            role_names=[roles.RELATIONSHIP_MANAGER],
            organisations=[other_organisation],
            is_active=False,
        ),
        lambda: save_person(
            person,
            coordinator,
            role_names=[roles.RELATIONSHIP_MANAGER],
            organisations=[other_organisation],
        ),
    ]
    seen = []
    for step in steps:
        step()
        assert rows(person) == facts(person)
        seen.append(rows(person))
    assert seen == [
        {organisation.pk},
        {organisation.pk, other_organisation.pk},
        {other_organisation.pk},
        set(),
        set(),
        {organisation.pk, other_organisation.pk},
        set(),
        {organisation.pk, other_organisation.pk},
        set(),
        {other_organisation.pk},
    ]


def test_client_sight_and_partner_sight_are_kept_apart(make_person, organisation):
    person = make_person(roles.INTAKE_STAFF, organisation, username="intake-en-relaties")
    person.groups.add(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    assert rows(person, "see_clients") == {organisation.pk}
    assert rows(person) == {organisation.pk}
    person.groups.remove(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    assert rows(person, "see_clients") == {organisation.pk}
    assert rows(person) == set()


def test_coordinators_hold_no_rows_and_keep_everything(coordinator):
    coordinator.groups.add(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    assert rows(coordinator) == set()
    assert keeper_organisation_ids(fresh(coordinator)) is None


def test_a_row_put_there_by_hand_does_not_survive_the_next_change(
    keeper, organisation, other_organisation
):
    """Rows are the facts, not something added next to them."""
    from guardian.shortcuts import assign_perm

    assign_perm("coalition.keep_partners", keeper, other_organisation)
    keeper.profile.organisations.add(organisation)  # already there: no change, no signal
    keeper.first_name = "Anders"
    keeper.save()
    assert rows(keeper) == {organisation.pk}


def test_keeper_organisations_are_one_query(keeper, organisation, django_assert_num_queries):
    user = fresh(keeper)
    roles.role_names(user)  # the role check the request made already
    ContentType.objects.get_for_model(Organisation)
    with django_assert_num_queries(1):
        assert keeper_organisation_ids(user) == {organisation.pk}
    with django_assert_num_queries(0):
        keeper_organisation_ids(user)


# --- Databases from before the permission ---


def test_the_migration_gives_existing_managers_their_rows(
    keeper, other_keeper, organisation, other_organisation
):
    retired = UserFactory(username="retired")
    retired.groups.add(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    retired.profile.organisations.add(organisation)
    retired.is_active = False
    retired.save()
    UserObjectPermission.objects.filter(permission__codename="keep_partners").delete()

    migration = importlib.import_module("coalition.migrations.0005_organisation_keep_partners")
    migration.give_keepers_their_rows(apps, None)

    assert rows(keeper) == {organisation.pk}
    assert rows(other_keeper) == {other_organisation.pk}
    assert rows(retired) == set()
