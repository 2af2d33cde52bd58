"""A real Celery worker on Redis runs a notification task end to end (CI runs this)."""

import time

import pytest

from coalition.models import Notification
from coalition.services import notify
from tests.coalition.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_notification_mail_goes_through_a_real_worker(start_celery_worker, tmp_path):
    mail_dir = tmp_path / "mail"
    start_celery_worker(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    user = UserFactory(email="lid@coalitie.example")
    (notification,) = notify(recipients=[user], subject="Besluit gepubliceerd")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.email_sent_at and mail_dir.exists() and any(mail_dir.iterdir()):
            break
        time.sleep(0.25)
    assert notification.email_sent_at is not None, "the worker did not run the task in 60 s"
    (message,) = list(mail_dir.iterdir())
    text = message.read_text()
    assert "Subject: Besluit gepubliceerd" in text
    assert "lid@coalitie.example" in text
    assert Notification.objects.count() == 1
