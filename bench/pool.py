"""Rows the benchmark makes in bulk for a measurement: people, teams, clients, partners.

Everything here runs inside a measurement's transaction, which is rolled back afterwards
(bench/sweeps.py), so each measurement starts from the same seeded coalition."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from coalition.models import Organisation, Profile, Team

_numbers = itertools.count(1)


def unique(prefix):
    """A name no other row of this process has: runs are rolled back, numbers go on."""
    return f"{prefix}-{next(_numbers):07d}"


def make_people(n, *, organisation, roles=(), team=None, mail=None, **fields):
    """`n` active people of `organisation` (and `team`) with `roles`, in a few queries."""
    User = get_user_model()
    fields.setdefault("last_login", timezone.now())
    users = User.objects.bulk_create(
        [
            User(username=(name := unique("bench")), email=f"{name}@bench.example", **fields)
            for _i in range(n)
        ],
        batch_size=2000,
    )
    profile_fields = {"notification_mail": mail} if mail else {}
    profiles = Profile.objects.bulk_create(
        [Profile(user=u, **profile_fields) for u in users], batch_size=2000
    )
    Profile.organisations.through.objects.bulk_create(
        [Profile.organisations.through(profile=p, organisation=organisation) for p in profiles],
        batch_size=5000,
    )
    if team is not None:
        Profile.teams.through.objects.bulk_create(
            [Profile.teams.through(profile=p, team=team) for p in profiles], batch_size=5000
        )
    groups = list(Group.objects.filter(name__in=roles))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user=u, group=g) for u in users for g in groups], batch_size=5000
    )
    return users


def make_teams(n, *, organisation):
    return Team.objects.bulk_create(
        [Team(organisation=organisation, name=unique("Team")) for _i in range(n)],
        batch_size=2000,
    )


def organisation_served_by_a_group():
    """An organisation that a working group serves (the demo's Amstelzorg at least)."""
    return (
        Organisation.objects.filter(dilemma_working_groups__isnull=False)
        .order_by("pk")
        .distinct()
        .first()
    )
