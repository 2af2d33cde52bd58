"""A prepared query returns what its queryset returns, for whichever ids it is run with."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_it_is_prepared_on_the_server_once_per_connection():
    ann = UserFactory()
    ann.profile.organisations.set([OrganisationFactory(name="Anker")])
    connection.close()
    with CaptureQueriesContext(connection) as first:
        assert PREPARED.rows(user_id=ann.pk, above=0) == [("Anker",)]
    with CaptureQueriesContext(connection) as second:
        assert PREPARED.rows(user_id=ann.pk, above=0) == [("Anker",)]
    # One statement each time: the first prepares and executes, the next only executes.
    assert len(first) == 1 and first[0]["sql"].startswith("PREPARE ")
    assert len(second) == 1 and second[0]["sql"].startswith("EXECUTE ")
    # A new connection knows no prepared statement: it is prepared there again.
    connection.close()
    with CaptureQueriesContext(connection) as third:
        assert PREPARED.rows(user_id=ann.pk, above=0) == [("Anker",)]
    assert third[0]["sql"].startswith("PREPARE ")


@postgres_only
def test_a_rolled_back_transaction_keeps_the_prepared_statement():
    from django.db import transaction

    ann = UserFactory()
    ann.profile.organisations.set([OrganisationFactory(name="Baken")])

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        assert LISTED.rows(pks=[ann.profile.organisations.get().pk], above=0) == [("Baken",)]
        raise Undo
    with CaptureQueriesContext(connection) as again:
        assert LISTED.rows(pks=[ann.profile.organisations.get().pk], above=0) == [("Baken",)]
    assert again[-1]["sql"].startswith("EXECUTE ")


def _prepared_name(queries):
    """The name a `PREPARE name AS ...` among the captured queries gave its statement."""
    return next(q["sql"].split()[1] for q in queries if q["sql"].startswith("PREPARE "))


@postgres_only
def test_a_statement_the_server_lost_is_prepared_anew():
    from django.db import DatabaseError, transaction

    lost = PreparedQuery(_organisations_of, ["user_id", "above"])
    user = UserFactory()
    with CaptureQueriesContext(connection) as first:
        lost.rows(user_id=user.pk, above=0)
    with connection.cursor() as cursor:
        cursor.execute(f"DEALLOCATE {_prepared_name(first)}")
    with pytest.raises(DatabaseError), transaction.atomic():
        lost.rows(user_id=user.pk, above=0)
    expected = list(_organisations_of(user.pk, 0))
    with CaptureQueriesContext(connection) as again:
        assert lost.rows(user_id=user.pk, above=0) == expected
    assert [q["sql"].split()[0] for q in again] == ["PREPARE"]


@postgres_only
def test_when_the_server_forgets_every_statement_all_are_prepared_anew():
    """DEALLOCATE ALL (or DISCARD ALL): the first query to fail tells that the others are
    gone too; they are prepared again without failing themselves."""
    from django.db import DatabaseError, transaction

    one, other = (PreparedQuery(_organisations_of, ["user_id", "above"]) for _ in range(2))
    user = UserFactory()
    one.rows(user_id=user.pk, above=0)
    other.rows(user_id=user.pk, above=0)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        one.rows(user_id=user.pk, above=0)
    expected = list(_organisations_of(user.pk, 0))
    with CaptureQueriesContext(connection) as again:
        assert other.rows(user_id=user.pk, above=0) == expected
        assert one.rows(user_id=user.pk, above=0) == expected
    assert [q["sql"].split()[0] for q in again] == ["PREPARE", "PREPARE"]
    # Every statement of the app is prepared again on this connection too (the facts).
    assert PREPARED.rows(user_id=user.pk, above=0) == list(_organisations_of(user.pk, 0))
