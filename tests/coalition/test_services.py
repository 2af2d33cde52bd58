import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction

from coalition.models import AccessLogEntry, Notification
from coalition.services import log_access, notify
from coalition.tasks import send_notification_email, send_pending_notification_emails
from tests.coalition.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_creates_in_app_notification_and_sends_mail_after_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = notify(recipients=[user], subject="Nieuw besluit", body="Lees het", url="/x/")
    assert len(callbacks) == 1
    assert [n.recipient for n in created] == [user]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert "http://127.0.0.1:8000/x/" in mail.outbox[0].body
    assert Notification.objects.get().email_sent_at is not None


def test_notify_by_email_only_for_people_without_account(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(emails=["Wethouder@Gemeente.example ", ""], subject="Besluit genomen")
    assert mail.outbox[0].to == ["wethouder@gemeente.example"]
    assert Notification.objects.get().recipient is None


def test_notify_with_a_key_is_idempotent(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=[user], emails=["x@example.org"], subject="Herinnering", key="k1")
        second = notify(
            recipients=[user], emails=["x@example.org"], subject="Herinnering", key="k1"
        )
    assert len(first) == 2
    assert second == []
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_no_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[user], subject="Gaat niet door")
            raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_user_without_email_gets_only_the_in_app_notification(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(recipients=[user], subject="Alleen in de app")
    assert notification.send_email is False
    assert mail.outbox == []


def test_sending_twice_sends_one_mail():
    notification = NotificationFactory()
    assert send_notification_email(notification.pk) is True
    assert send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_failed_mail_releases_the_claim_for_a_retry(monkeypatch):
    notification = NotificationFactory()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("coalition.tasks.send_templated_mail", broken)
    with pytest.raises(Retry) as retry:
        send_notification_email.apply(args=[notification.pk], throw=True).get()
    assert retry.value.when == 30
    notification.refresh_from_db()
    assert notification.email_sent_at is None
    assert notification.email_attempts >= 1


def test_beat_sweep_sends_old_unsent_mail_once(time_machine):
    time_machine.move_to("2026-03-02 09:00 +01:00")
    NotificationFactory()
    time_machine.move_to("2026-03-02 10:00 +01:00")
    send_pending_notification_emails()
    send_pending_notification_emails()
    assert len(mail.outbox) == 1


def test_log_access_records_who_what_and_outcome(rf):
    user = UserFactory()
    request = rf.get("/dilemmas/3/")
    request.user = user
    entry = log_access(request=request, obj=user, outcome=AccessLogEntry.Outcome.DENIED)
    assert entry.username == user.username
    assert entry.object_type == "auth.user"
    assert entry.object_id == str(user.pk)
    assert entry.path == "/dilemmas/3/"
