"""Enrolment capacity holds when two people enrol in the last place at the same moment."""

import threading

import pytest
from django.db import connections

from dilemmas import services
from dilemmas.models import Enrolment

from .factories import TrainingSessionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_two_concurrent_enrolments_for_the_last_place(group, employee, colleague, team_lead):
    session = TrainingSessionFactory(training__group=group, capacity=2)
    services.enrol(session=session, users=[team_lead], actor=team_lead)
    barrier = threading.Barrier(2)
    results = {}

    def enrol(user):
        try:
            barrier.wait(timeout=10)
            services.enrol(session=session, users=[user], actor=user)
            results[user.username] = "enrolled"
        except services.CapacityError:
            results[user.username] = "full"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(u,)) for u in (employee, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["enrolled", "full"]
    assert Enrolment.objects.filter(session=session).count() == 2


def test_concurrent_team_enrolments_never_exceed_capacity(
    group, employee, colleague, team_lead, make_person, organisation, team
):
    others = [make_person("employee", organisation, team, username=f"p{i}") for i in range(4)]
    session = TrainingSessionFactory(training__group=group, capacity=3)
    batches = [[employee, colleague], [others[0], others[1]], [others[2], others[3]]]
    barrier = threading.Barrier(len(batches))

    def enrol(users):
        try:
            barrier.wait(timeout=10)
            services.enrol(session=session, users=users, actor=team_lead)
        except services.CapacityError:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Enrolment.objects.filter(session=session).count() == 2  # one batch of two fits
