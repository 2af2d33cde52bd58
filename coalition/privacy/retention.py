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
    return done


def overview(now=None):
    """Per kind: its period, rule and how many records wait for tonight's run."""
    rows = []
    for name, kind in retention_kinds().items():
        if name not in settings.RETENTION_DAYS:
            continue
        rows.append(
            {
                "name": name,
                "label": kind.label(),
                "days": settings.RETENTION_DAYS[name],
                "rule": kind.rule(),
                "due": kind.due(cutoff(name, now)).count(),
            }
        )
    return rows
