"""Whether someone was given sight only just now, asked of one person (from the facts a
request reads of them) says what the rule over everyone says, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.access import confirmers
from coalition.models import AccessGrant
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def _grant(subject, status, days_ago):
    decided = None if status == AccessGrant.Status.PENDING else timezone.now() - days_ago
    return AccessGrant.objects.create(
        kind="role", subject=subject, status=status, decided_at=decided
    )


def _agree(people):
    """Each person, read anew as a request does, against the rule over everyone."""
    everyone = confirmers.recently_granted_ids()
    found = {}
    for person in people:
        fresh = User.objects.get(pk=person.pk)
        one = confirmers._recently_granted(fresh)
        assert one == (person.pk in everyone), person.username
        found[person.username] = one
    return found


def test_one_person_and_everyone_agree(settings):
    wait = timedelta(days=settings.ACCESS_CONFIRMER_WAIT_DAYS)
    approved = AccessGrant.Status
    people = {
        "yesterday": [(approved.APPROVED, timedelta(days=1))],
        "long_ago": [(approved.APPROVED, wait + timedelta(days=1))],
        "both": [
            (approved.APPROVED, wait + timedelta(days=30)),
            (approved.APPROVED, timedelta(hours=2)),
        ],
        "refused": [(approved.REJECTED, timedelta(days=1))],
        "waiting": [(approved.PENDING, timedelta(0))],
        "withdrawn": [(approved.WITHDRAWN, timedelta(minutes=5))],
        "nothing": [],
    }
    made = []
    for username, grants in people.items():
        person = UserFactory(username=username)
        for status, ago in grants:
            _grant(person, status, ago)
        made.append(person)
    assert _agree(made) == {
        "yesterday": True,
        "long_ago": False,
        "both": True,
        "refused": False,
        "waiting": False,
        "withdrawn": False,
        "nothing": False,
    }
    # Once the wait is over, both say so at the same moment.
    with time_machine.travel(timezone.now() + wait + timedelta(days=2), tick=False):
        assert not any(_agree(made).values())


def test_a_grant_approved_later_is_seen_by_the_next_request():
    person = UserFactory()
    assert not confirmers._recently_granted(person)
    _grant(person, AccessGrant.Status.APPROVED, timedelta(seconds=1))
    assert confirmers._recently_granted(User.objects.get(pk=person.pk))
