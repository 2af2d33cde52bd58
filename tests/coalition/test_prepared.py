"""A prepared query returns what its queryset returns, for whichever ids it is run with."""

import pytest

from coalition.models import Organisation
from coalition.prepared import PreparedQuery
from tests.coalition.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _organisations_of(user_id, above):
    return (
        Organisation.objects.filter(people__user=user_id, pk__gt=above)
        .values_list("name")
        .order_by("name")
    )


PREPARED = PreparedQuery(_organisations_of, ["user_id", "above"])


def test_rows_are_those_of_the_queryset_for_each_set_of_ids():
    first, second, third = (OrganisationFactory(name=n) for n in ("Anker", "Baken", "Duin"))
    ann, bob = UserFactory(), UserFactory()
    ann.profile.organisations.set([first, second])
    bob.profile.organisations.set([third])
    for user, above in [(ann, 0), (bob, 0), (ann, first.pk), (bob, third.pk)]:
        expected = list(_organisations_of(user.pk, above))
        assert PREPARED.rows(user_id=user.pk, above=above) == expected
    assert PREPARED.rows(user_id=ann.pk, above=0) == [("Anker",), ("Baken",)]


def test_it_is_compiled_once(django_assert_num_queries):
    user = UserFactory()
    PREPARED.rows(user_id=user.pk, above=0)
    with django_assert_num_queries(1):
        PREPARED.rows(user_id=user.pk, above=1)


def test_it_needs_every_id_and_no_other():
    with pytest.raises(TypeError):
        PREPARED.rows(user_id=1)
    with pytest.raises(TypeError):
        PREPARED.rows(user_id=1, above=0, other=2)


def test_an_id_the_query_does_not_use_is_refused():
    unused = PreparedQuery(
        lambda user_id, other: _organisations_of(user_id, 0), ["user_id", "other"]
    )
    with pytest.raises(ValueError, match="other"):
        unused.rows(user_id=1, other=2)


def _named(pks, above):
    return (
        Organisation.objects.filter(pk__in=pks, pk__gt=above).values_list("name").order_by("name")
    )


LISTED = PreparedQuery(_named, ["pks", "above"])


def test_a_list_of_ids_of_any_length():
    made = [OrganisationFactory(name=f"Huis {n}") for n in range(4)]
    pks = [o.pk for o in made]
    for chosen in (pks[:1], pks[:3], pks, pks[1:3], pks[:3]):
        expected = list(_named(chosen, 0))
        assert LISTED.rows(pks=chosen, above=0) == expected
    assert LISTED.rows(pks=pks, above=pks[1]) == [("Huis 2",), ("Huis 3",)]


def test_an_empty_list_gives_no_rows_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert LISTED.rows(pks=[], above=0) == []
