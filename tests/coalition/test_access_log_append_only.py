"""The access log is append-only: the model, its queryset, the admin and (on PostgreSQL) the
database refuse to change or delete an entry, whoever asks."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from coalition.models import AccessLogEntry, AppendOnlyError
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(employee):
    return AccessLogEntry.objects.create(
        user=employee,
        username=employee.username,
        outcome=AccessLogEntry.Outcome.VIEWED,
        object_type="dilemmas.dilemmacase",
        object_id="7",
        path="/dilemmas/casussen/7/",
    )


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_a_saved_entry_cannot_be_saved_again(entry):
    entry.outcome = AccessLogEntry.Outcome.DENIED
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.outcome == AccessLogEntry.Outcome.VIEWED


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda qs: qs.update(outcome=AccessLogEntry.Outcome.DENIED),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["outcome"]),
    ],
    ids=["update", "delete", "bulk_update"],
)
def test_the_queryset_refuses_to_change_or_delete(entry, change):
    with pytest.raises(AppendOnlyError):
        change(AccessLogEntry.objects.filter(pk=entry.pk))
    assert AccessLogEntry.objects.get(pk=entry.pk).outcome == AccessLogEntry.Outcome.VIEWED


def test_an_account_that_goes_leaves_its_entries_as_they_were(entry, employee):
    pk = employee.pk
    employee.delete()

    kept = AccessLogEntry.objects.select_related("user").get(pk=entry.pk)
    assert (kept.user, kept.user_id, kept.username) == (None, pk, "employee")


def test_a_superuser_reads_the_log_in_the_admin(client_for, root, entry):
    c = client_for(root)
    response = c.get(reverse("admin:coalition_accesslogentry_changelist"))
    assert response.status_code == 200
    assert b"delete_selected" not in response.content
    response = c.get(reverse("admin:coalition_accesslogentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_even_a_superuser_adds_changes_or_deletes_nothing_in_the_admin(client_for, root, entry):
    c = client_for(root)
    change = reverse("admin:coalition_accesslogentry_change", args=[entry.pk])
    assert c.get(reverse("admin:coalition_accesslogentry_add")).status_code == 403
    assert c.post(change, {"outcome": "denied", "username": "someone"}).status_code == 403
    delete = reverse("admin:coalition_accesslogentry_delete", args=[entry.pk])
    assert c.get(delete).status_code == 403
    assert c.post(delete, {"post": "yes"}).status_code == 403
    response = c.post(
        reverse("admin:coalition_accesslogentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert (entry.outcome, entry.username) == (AccessLogEntry.Outcome.VIEWED, "employee")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE coalition_accesslogentry SET outcome = 'denied' WHERE id = %s",
        "DELETE FROM coalition_accesslogentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_database_itself_refuses_to_change_or_delete_an_entry(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).outcome == AccessLogEntry.Outcome.VIEWED


@pytest.mark.postgres
def test_the_database_keeps_the_log_when_the_account_goes(entry, employee):
    """No foreign-key action on the log: deleting the person changes no entry (the trigger
    would refuse an update that emptied the user column)."""
    pk = employee.pk
    employee.delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).user_id == pk
