"""The wiring for real: publishing a playbook version enqueues its rendering on Redis after
commit, and a separate Celery worker renders and stores both PDFs.

Needs PostgreSQL (the worker must see the test database) and Redis:
DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/7 pytest -m redis
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from regiegroep import services
from regiegroep.models import PlaybookPdf
from tests.coalition.factories import OrganisationFactory, UserFactory
from tests.regiegroep.factories import ScenarioFactory, SteeringGroupFactory, StepFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(settings, tmp_path):
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = {
        **os.environ,
        # The worker works on the test database this test writes to.
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
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
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_renders_a_published_playbook(worker):
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(name="Regiegroep Coëxistentie", organisations=[organisation])
    scenario = ScenarioFactory(group=group, title="Uitval van een locatie")
    StepFactory(scenario=scenario)
    actor = UserFactory(username="voorzitter")

    version = services.playbook_publish(group=group, actor=actor, change_note="Eerste versie")

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if PlaybookPdf.objects.filter(version=version).count() == 2:
            break
        if worker.poll() is not None:
            pytest.fail(f"worker stopped: {worker.stdout.read().decode()}")
        time.sleep(0.5)
    pdfs = {p.language: p for p in PlaybookPdf.objects.filter(version=version)}
    assert set(pdfs) == {"nl", "en"}, "the worker did not render both PDFs in time"
    with pdfs["nl"].file.open("rb") as f:
        assert f.read(4) == b"%PDF"
