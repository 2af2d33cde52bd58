"""The core's beat sweeps over many rows: deactivating unused accounts, the daily digest and
the retry of mail that did not go out. Each costs the same number of queries for two due
rows as for thirty, handles every due row once, and a second run does nothing."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import Retry
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition import roles
from coalition.digest import KEY_PREFIX
from coalition.models import Notification, Profile
from coalition.sweeps import deactivate_inactive_accounts
from coalition.tasks import (
    MAIL_BATCH,
    send_daily_digests,
    send_notification_emails,
    send_pending_notification_emails,
)

from .factories import NotificationFactory, UserFactory

User = get_user_model()

NOTIFICATION_INSERT = 'INSERT INTO "coalition_notification"'


def counted(func):
    """(what `func` returned, queries other than the bulk insert of notifications). The bulk
    insert is one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with CaptureQueriesContext(connection) as queries:
        result = func()
    return result, len([q for q in queries if not q["sql"].startswith(NOTIFICATION_INSERT)])


# --- Accounts nobody uses ---

DAY = datetime.datetime(2025, 6, 1, 2, 30, tzinfo=datetime.UTC)
KEY_DAY = "2025-06-01"


def idle_people(count, organisation, make_person, prefix):
    """`count` people unused for 100 days; every other one sees clients (a sight to close)."""
    people = [
        make_person(
            roles.INTAKE_STAFF if n % 2 else roles.EMPLOYEE, organisation, username=f"{prefix}{n}"
        )
        for n in range(count)
    ]
    User.objects.filter(pk__in=[p.pk for p in people]).update(last_login=DAY - timedelta(days=100))
    return people


def deactivate():
    with time_machine.travel(DAY, tick=False):
        return counted(deactivate_inactive_accounts)


def test_deactivating_costs_the_same_for_two_accounts_as_for_thirty(
    organisation, coordinator, make_person
):
    User.objects.filter(pk=coordinator.pk).update(last_login=DAY)
    few = idle_people(2, organisation, make_person, "weinig")
    done_few, queries_few = deactivate()
    many = idle_people(30, organisation, make_person, "veel")
    done_many, queries_many = deactivate()
    assert (done_few, done_many) == (2, 30)
    assert queries_many == queries_few
    people = few + many
    assert not User.objects.filter(pk__in=[p.pk for p in people], is_active=True).exists()
    # Each person once by e-mail, their coordinator once in the app, with the same key.
    for person in people:
        key = f"coalition-account-deactivated-{person.pk}-{KEY_DAY}"
        to_person = Notification.objects.get(key=key, recipient=None)
        assert to_person.email == person.email
        assert to_person.send_email
        told = Notification.objects.get(key=key, recipient=coordinator)
        assert told.url == reverse("coalition:person_detail", args=[person.pk])
        assert not told.send_email
    assert Notification.objects.count() == 2 * len(people)


def test_deactivated_people_lose_their_sight_all_at_once(organisation, make_person):
    from guardian.models import UserObjectPermission

    people = idle_people(4, organisation, make_person, "zicht")
    assert UserObjectPermission.objects.filter(user__in=people).exists()
    deactivate()
    assert not UserObjectPermission.objects.filter(user__in=people).exists()


def test_a_second_deactivation_run_does_nothing(organisation, coordinator, make_person):
    User.objects.filter(pk=coordinator.pk).update(last_login=DAY)
    idle_people(3, organisation, make_person, "twee")
    assert deactivate()[0] == 3
    before = Notification.objects.count()
    assert deactivate()[0] == 0
    assert Notification.objects.count() == before


def test_each_coordinator_hears_of_their_own_organisations_people_only(
    organisation, other_organisation, coordinator, make_person
):
    elsewhere = make_person(roles.COORDINATOR, other_organisation, username="elders")
    User.objects.filter(pk__in=[coordinator.pk, elsewhere.pk]).update(last_login=DAY)
    here = idle_people(2, organisation, make_person, "hier")
    there = idle_people(2, other_organisation, make_person, "daar")
    idle_coordinator = make_person(roles.COORDINATOR, organisation, username="coord-oud")
    User.objects.filter(pk=idle_coordinator.pk).update(last_login=DAY - timedelta(days=100))
    deactivate()
    told = set(Notification.objects.filter(recipient=coordinator).values_list("url", flat=True))
    assert told == {
        reverse("coalition:person_detail", args=[p.pk]) for p in [*here, idle_coordinator]
    }
    told = set(Notification.objects.filter(recipient=elsewhere).values_list("url", flat=True))
    assert told == {reverse("coalition:person_detail", args=[p.pk]) for p in there}
    # A coordinator switched off in the same run is not told of the others.
    assert not Notification.objects.filter(recipient=idle_coordinator).exists()


def test_the_deactivation_mail_is_in_dutch_to_the_address_itself(
    organisation, make_person, django_capture_on_commit_callbacks
):
    (person,) = idle_people(1, organisation, make_person, "mail")
    Profile.objects.filter(user=person).update(notification_mail=Profile.NotificationMail.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        deactivate()
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert mail.outbox[0].subject == "Je account in Coalition staat uit"


# --- The daily digest ---

MORNING = datetime.datetime(2026, 3, 3, 7, 0, tzinfo=datetime.UTC)


def digest_people(count, prefix):
    """`count` people on the daily digest, each with two unread notifications and one read."""
    people = [UserFactory(username=f"{prefix}{n}") for n in range(count)]
    Profile.objects.filter(user__in=people).update(
        notification_mail=Profile.NotificationMail.DIGEST
    )
    with time_machine.travel(MORNING - timedelta(hours=10), tick=False):
        for person in people:
            NotificationFactory(recipient=person, subject="Nieuw besluit", url="/besluiten/1/")
            NotificationFactory(recipient=person, subject="Sessie verzet", url="")
            NotificationFactory(recipient=person, subject="Al gelezen", read_at=MORNING)
    return people


def send_digests(moment=MORNING):
    with time_machine.travel(moment, tick=False):
        return counted(send_daily_digests)


def test_the_digests_cost_the_same_for_two_people_as_for_thirty(db):
    few = digest_people(2, "weinig")
    made_few, queries_few = send_digests()
    many = digest_people(30, "veel")
    made_many, queries_many = send_digests()
    assert (made_few, made_many) == (2, 30)
    assert queries_many == queries_few
    for person in few + many:
        digest = Notification.objects.get(key=f"{KEY_PREFIX}{person.pk}-2026-03-03")
        assert digest.email == person.email
        assert digest.recipient is None
        assert digest.subject == "2 nieuwe meldingen in Coalition"
        assert digest.body == "- Nieuw besluit\n  /besluiten/1/\n- Sessie verzet"
        assert digest.url == reverse("coalition:notifications")
        waiting = Notification.objects.filter(recipient=person).exclude(email_sent_at=None)
        assert set(waiting.values_list("subject", flat=True)) == {"Nieuw besluit", "Sessie verzet"}
        read = Notification.objects.get(recipient=person, subject="Al gelezen")
        assert not read.send_email and read.email_sent_at is None


def test_a_second_digest_run_the_same_day_makes_nothing(db):
    people = digest_people(3, "twee")
    assert send_digests()[0] == 3
    NotificationFactory(recipient=people[0], subject="Nog een melding")
    before = Notification.objects.count()
    assert send_digests(MORNING + timedelta(hours=2))[0] == 0
    assert Notification.objects.count() == before
    # What came later waits for the next morning.
    assert send_digests(MORNING + timedelta(days=1))[0] == 1


def test_no_digest_for_people_without_an_address_or_off(db):
    people = digest_people(3, "zonder")
    User.objects.filter(pk=people[0].pk).update(email="")
    User.objects.filter(pk=people[1].pk).update(is_active=False)
    assert send_digests()[0] == 1
    assert Notification.objects.filter(key__startswith=KEY_PREFIX).get().email == people[2].email


def test_the_digests_leave_in_messages_of_a_batch(db, monkeypatch):
    digest_people(MAIL_BATCH + 1, "bericht")
    sent = []
    monkeypatch.setattr(send_notification_emails, "delay_on_commit", sent.append)
    assert send_digests()[0] == MAIL_BATCH + 1
    assert [len(batch) for batch in sent] == [MAIL_BATCH, 1]
    assert set(sent[0] + sent[1]) == set(
        Notification.objects.filter(key__startswith=KEY_PREFIX).values_list("pk", flat=True)
    )


# --- Mail that did not go out ---

CREATED = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
SWEEP = CREATED + timedelta(hours=1)


def unsent(count):
    with time_machine.travel(CREATED, tick=False):
        return NotificationFactory.create_batch(count)


@pytest.fixture
def enqueued(monkeypatch):
    """The batches the sweep enqueues, instead of running them."""
    batches = []
    monkeypatch.setattr(send_notification_emails, "delay", batches.append)
    return batches


def retry_sweep():
    with time_machine.travel(SWEEP, tick=False):
        return counted(send_pending_notification_emails)


def test_the_retry_sweep_costs_the_same_for_two_mails_as_for_thirty(db, enqueued):
    few = unsent(2)
    assert retry_sweep() == (2, 1)
    Notification.objects.filter(pk__in=[n.pk for n in few]).update(email_sent_at=SWEEP)
    enqueued.clear()
    many = unsent(30)
    assert retry_sweep() == (30, 1)
    assert enqueued == [[n.pk for n in many]]


def test_the_retry_sweep_enqueues_one_message_per_batch(db, enqueued):
    pending = unsent(MAIL_BATCH * 2 + 5)
    assert retry_sweep()[0] == len(pending)
    assert [len(batch) for batch in enqueued] == [MAIL_BATCH, MAIL_BATCH, 5]
    assert sorted(pk for batch in enqueued for pk in batch) == sorted(n.pk for n in pending)


def test_the_retry_sweep_leaves_digest_mail_and_recent_or_spent_rows_alone(db, enqueued):
    due, on_digest, spent = unsent(3)
    Profile.objects.filter(user=on_digest.recipient).update(
        notification_mail=Profile.NotificationMail.DIGEST
    )
    Notification.objects.filter(pk=spent.pk).update(email_attempts=5)
    with time_machine.travel(SWEEP - timedelta(minutes=5), tick=False):
        NotificationFactory()  # its own mail may still be on its way
    assert retry_sweep()[0] == 1
    assert enqueued == [[due.pk]]


def test_a_second_retry_sweep_sends_nothing_twice(db):
    unsent(3)
    retry_sweep()  # the batch runs in-process here
    assert len(mail.outbox) == 3
    assert retry_sweep()[0] == 0
    assert len(mail.outbox) == 3


def test_one_failing_mail_neither_stops_nor_resends_the_others(db, monkeypatch):
    first, broken, last = unsent(3)
    from coalition import tasks

    deliver = tasks.deliver_notification_email

    def fails_for_one(notification):
        if notification.pk == broken.pk:
            raise ConnectionRefusedError("smtp down")
        deliver(notification)

    monkeypatch.setattr(tasks, "deliver_notification_email", fails_for_one)
    ids = [first.pk, broken.pk, last.pk]
    with pytest.raises(Retry) as retry:
        send_notification_emails.apply(args=[ids], throw=True).get()
    # The failed one alone is retried, with the same back-off as a single mail.
    assert retry.value.when == 30
    assert retry.value.sig.args == ([broken.pk],)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.recipient.email, last.recipient.email]
    )
    broken.refresh_from_db()
    assert broken.email_sent_at is None and broken.email_attempts >= 1
    # The mail server is back: the whole batch again sends the failed one only.
    monkeypatch.setattr(tasks, "deliver_notification_email", deliver)
    assert send_notification_emails.apply(args=[ids], throw=True).get() == 1
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].to == [broken.recipient.email]
