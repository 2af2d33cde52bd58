"""The member cap under real concurrency: two coordinators add the last seat at the same
moment, in two transactions on two connections. Exactly one succeeds."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from regiegroep import services
from regiegroep.models import PlaybookVersion, Seat
from regiegroep.services import groups as seats
from tests.coalition.factories import OrganisationFactory, UserFactory
from tests.regiegroep.factories import SteeringGroupFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(worker, n=2):
    """Run `worker(i, barrier)` in n threads; returns results and errors by thread."""
    barrier = threading.Barrier(n, timeout=20)
    results, errors = [None] * n, [None] * n

    def run(i):
        try:
            results[i] = worker(i, barrier)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


def test_two_coordinators_cannot_both_take_the_last_seat():
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(max_members=2, organisations=[organisation])
    people = [UserFactory(username=f"kandidaat{i}") for i in range(3)]
    for person in people:
        person.profile.organisations.add(organisation)
    services.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=people[0],
            role="Voorzitter",
            hours_per_week=4,
            start_date=datetime.date(2026, 1, 1),
        )
    )

    def worker(i, barrier):
        from django.db import transaction

        with transaction.atomic():
            # Start both transactions, then let both race for the lock together.
            Seat.objects.filter(group=group).count()
            barrier.wait()
            return services.seat_save(
                seat=Seat(
                    group=group,
                    organisation=organisation,
                    person=people[i + 1],
                    role="Lid",
                    hours_per_week=2,
                    start_date=datetime.date(2026, 1, 1),
                )
            )

    results, errors = _race(worker)

    successes = [r for r in results if r is not None]
    refusals = [e for e in errors if isinstance(e, ValidationError)]
    assert len(successes) == 1, errors
    assert len(refusals) == 1
    assert "full" in str(refusals[0]) or "vol" in str(refusals[0])
    assert Seat.objects.filter(group=group).count() == 2


def test_without_the_lock_both_would_get_in(monkeypatch):
    """The same race with the lock taken out shows the test can see the failure."""
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(max_members=1, organisations=[organisation])
    people = [UserFactory(username=f"kandidaat{i}") for i in range(2)]
    for person in people:
        person.profile.organisations.add(organisation)

    from regiegroep.models import SteeringGroup

    monkeypatch.setattr(seats, "lock_group", lambda g: SteeringGroup.objects.get(pk=g.pk))
    counted = threading.Barrier(2, timeout=20)
    original_check = seats._check_seat

    def check_then_wait(locked_group, seat, today):
        original_check(locked_group, seat, today)
        counted.wait()  # both have counted zero seats before either inserts

    monkeypatch.setattr(seats, "_check_seat", check_then_wait)

    def worker(i, barrier):
        barrier.wait()
        return services.seat_save(
            seat=Seat(
                group=group,
                organisation=organisation,
                person=people[i],
                role="Lid",
                hours_per_week=2,
                start_date=datetime.date(2026, 1, 1),
            )
        )

    results, errors = _race(worker)
    assert errors == [None, None]
    assert Seat.objects.filter(group=group).count() == 2  # over the cap: the lock matters


def test_locked_check_waits_for_the_other_transaction(monkeypatch):
    """With the lock, the second transaction counts only after the first committed."""
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(max_members=1, organisations=[organisation])
    people = [UserFactory(username=f"kandidaat{i}") for i in range(2)]
    for person in people:
        person.profile.organisations.add(organisation)
    inside = threading.Event()
    original_check = seats._check_seat

    def check_and_hold(locked_group, seat, today):
        original_check(locked_group, seat, today)
        if seat.person == people[0]:
            inside.set()
            # Hold the lock a moment so the other transaction certainly arrives meanwhile.
            threading.Event().wait(0.5)

    monkeypatch.setattr(seats, "_check_seat", check_and_hold)

    def worker(i, barrier):
        if i == 1:
            inside.wait(10)
        return services.seat_save(
            seat=Seat(
                group=group,
                organisation=organisation,
                person=people[i],
                role="Lid",
                hours_per_week=2,
                start_date=datetime.date(2026, 1, 1),
            )
        )

    results, errors = _race(worker)
    assert results[0] is not None
    assert isinstance(errors[1], ValidationError)
    assert Seat.objects.filter(group=group).count() == 1


def test_concurrent_playbook_publications_get_distinct_numbers():
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(organisations=[organisation])
    actor = UserFactory(username="voorzitter")

    def worker(i, barrier):
        barrier.wait()
        return services.playbook_publish(
            group=group, actor=actor, change_note=f"versie {i}", render=False
        )

    results, errors = _race(worker)
    assert errors == [None, None]
    numbers = sorted(PlaybookVersion.objects.filter(group=group).values_list("number", flat=True))
    assert numbers == [1, 2]


def test_lowering_the_maximum_waits_for_a_seat_being_added(monkeypatch):
    """A coordinator lowers the maximum while another adds a seat: the group's lock makes
    the maximum count the new seat, so it never ends up below the seats taken."""
    organisation = OrganisationFactory(name="Amstelzorg")
    group = SteeringGroupFactory(max_members=2, organisations=[organisation])
    people = [UserFactory(username=f"kandidaat{i}") for i in range(2)]
    for person in people:
        person.profile.organisations.add(organisation)
    services.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=people[0],
            role="Voorzitter",
            hours_per_week=4,
            start_date=datetime.date(2026, 1, 1),
        )
    )
    adding = threading.Event()
    original_check = seats._check_seat

    def check_and_hold(locked_group, seat, today):
        original_check(locked_group, seat, today)
        adding.set()
        threading.Event().wait(0.5)  # the other transaction arrives meanwhile

    monkeypatch.setattr(seats, "_check_seat", check_and_hold)

    def worker(i, barrier):
        if i == 0:
            return services.seat_save(
                seat=Seat(
                    group=group,
                    organisation=organisation,
                    person=people[1],
                    role="Lid",
                    hours_per_week=2,
                    start_date=datetime.date(2026, 1, 1),
                )
            )
        adding.wait(10)
        lowered = type(group).objects.get(pk=group.pk)
        lowered.max_members = 1
        return services.group_save(group=lowered, organisations=[organisation])

    results, errors = _race(worker)
    assert results[0] is not None and errors[0] is None
    assert isinstance(errors[1], ValidationError)
    assert "max_members" in errors[1].error_dict
    group.refresh_from_db()
    assert group.max_members == 2
    assert Seat.objects.filter(group=group).count() == 2
