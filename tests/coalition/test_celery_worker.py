"""A real Celery worker on Redis runs a notification task end to end (CI runs this)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from coalition.models import Notification
from coalition.services import notify
from tests.coalition.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A worker process on the test database, its own queue, and a mail folder."""
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-key-" + "x" * 40,
        "COALITION_VAR_DIR": str(tmp_path / "var"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coalition",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue, mail_dir
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


def test_notification_mail_goes_through_a_real_worker(worker, settings):
    from coalition.celery import app

    queue, mail_dir = worker
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        user = UserFactory(email="lid@coalitie.example")
        (notification,) = notify(recipients=[user], subject="Besluit gepubliceerd")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.email_sent_at and mail_dir.exists() and any(mail_dir.iterdir()):
                break
            time.sleep(0.25)
    finally:
        app.conf.task_default_queue = previous
    assert notification.email_sent_at is not None, "the worker did not run the task in 60 s"
    (message,) = list(mail_dir.iterdir())
    text = message.read_text()
    assert "Subject: Besluit gepubliceerd" in text
    assert "lid@coalitie.example" in text
    assert Notification.objects.count() == 1
