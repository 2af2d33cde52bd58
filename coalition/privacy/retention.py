"""Retention: records older than their period (settings.RETENTION_DAYS, per kind) are
anonymised by a nightly task.

Each kind anonymises in batches, each batch in its own transaction, and marks what it did
(`anonymised_at`). So a second run finds nothing to do, and a run that stops halfway (a crash,
a deploy) leaves whole batches done and the next run goes on with the rest. On PostgreSQL a
batch locks its rows and skips rows another run holds, so two runs at once never do a record
twice.

A record counts as old when its moment (the kind's rule) lies on or before the cut-off: the
moment of the run minus the period. On the day the period ends it is anonymised; the day
before, it is not.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from .registry import retention_kinds

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def cutoff(name, now=None):
    now = now or timezone.now()
    return now - timedelta(days=settings.RETENTION_DAYS[name])


def _batch(kind, moment, size):
    due = kind.due(moment)
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due[:size])


def apply_retention(*, now=None, batch_size=BATCH_SIZE):
    """Anonymise every kind's old records; {kind: how many}."""
    done = {}
    for name, kind in retention_kinds().items():
        if name not in settings.RETENTION_DAYS:
            continue
        moment = cutoff(name, now)
        done[name] = 0
        while True:
            with transaction.atomic():
                batch = _batch(kind, moment, batch_size)
                if not batch:
                    break
                kind.anonymise(batch)
            done[name] += len(batch)
        if done[name]:
            logger.info("Retention: anonymised %s %s", done[name], name)
    forget_overview()
    return done


# The counts on the privacy page are kept this long: counting the records of a large
# coalition that wait for the night's run reads whole tables, and the number changes only
# as records age past their period.
OVERVIEW_SECONDS = 600
OVERVIEW_KEY = "privacy-retention-due"


def overview(now=None):
    """Per kind: its period, rule and how many records wait for tonight's run; and when
    those were counted (they are kept for OVERVIEW_SECONDS)."""
    counted = cache.get(OVERVIEW_KEY)
    if counted is None or now is not None:
        counted = {"at": now or timezone.now(), "due": _due_counts(now)}
        if now is None:
            cache.set(OVERVIEW_KEY, counted, OVERVIEW_SECONDS)
    rows = [
        {
            "name": name,
            "label": kind.label(),
            "days": settings.RETENTION_DAYS[name],
            "rule": kind.rule(),
            "due": counted["due"].get(name, 0),
        }
        for name, kind in retention_kinds().items()
        if name in settings.RETENTION_DAYS
    ]
    return {"rows": rows, "counted_at": counted["at"]}


def _due_counts(now):
    return {
        name: kind.due(cutoff(name, now)).count()
        for name, kind in retention_kinds().items()
        if name in settings.RETENTION_DAYS
    }


def forget_overview():
    """The next privacy page counts again (after a run changed what waits)."""
    cache.delete(OVERVIEW_KEY)
