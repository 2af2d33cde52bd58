"""The wiring for real: publishing a playbook version enqueues its rendering on Redis after
commit, and a separate Celery worker renders and stores both PDFs.

Needs PostgreSQL (the worker must see the test database) and Redis:
DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/7 pytest -m redis
"""

import time

import pytest

from regiegroep import services
from regiegroep.models import PlaybookPdf
from tests.coalition.factories import OrganisationFactory, UserFactory
from tests.regiegroep.factories import ScenarioFactory, SteeringGroupFactory, StepFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_worker_renders_a_published_playbook(start_celery_worker):
    worker = start_celery_worker()
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(name="Regiegroep Coëxistentie", organisations=[organisation])
    scenario = ScenarioFactory(group=group, title="Uitval van een locatie")
    StepFactory(scenario=scenario)
    actor = UserFactory(username="voorzitter")

    version = services.playbook_publish(group=group, actor=actor, change_note="Eerste versie")

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        # The rows stand from publishing on; a worker fills in their files.
        if PlaybookPdf.objects.filter(version=version).exclude(file="").count() == 2:
            break
        if worker.poll() is not None:
            pytest.fail(f"worker stopped: {worker.stdout.read()}")
        time.sleep(0.5)
    pdfs = {p.language: p for p in PlaybookPdf.objects.filter(version=version).exclude(file="")}
    assert set(pdfs) == {"nl", "en"}, "the worker did not render both PDFs in time"
    with pdfs["nl"].file.open("rb") as f:
        assert f.read(4) == b"%PDF"
