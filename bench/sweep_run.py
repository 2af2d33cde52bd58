"""Each reminder sweep timed against its naive loop, and its queries counted per due row.

Every measurement makes its due rows, runs, and is rolled back, so each starts from the same
seeded coalition (mail is enqueued only after a commit, so none is). Before timing, the
task runs once for real on the seeded data, so what was due there is done.

- Queries: the task over `small` and over `small + QUERY_SPAN` due rows; the difference
  per extra row is its queries per row. A task that works in batches with a fixed number
  of queries per batch stays near 0; one that queries per row has 1 or more.
- Time: a batched task runs over the `full` count (100,000 at scale 10) and the naive loop,
  a per-row loop by design that would take minutes there, is timed over `large` and five
  times `large` rows (each twice, the fastest counting) and extrapolated along that line.
  A task that queries per row is as linear as the loop: both are timed over the same
  `large` rows (the rows already due in the seeded data included), and the ratio holds at
  any count. The speed-up is the loop's time over the task's."""

import time
import traceback
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings
from django.db import connection, transaction

from . import sweeps as core
from . import sweeps_apps as apps
from .queries import QueryCount
from .sweeps import NOT_REMINDERS, Sweep

SWEEPS = [
    Sweep("notifications-retry-unsent-mail", "a notification whose mail did not go out",
          core._make_unsent, core._naive_unsent),
    Sweep("notifications-daily-digest", "a person on the daily digest with mail waiting",
          core._make_digest_people, core._naive_digest),
    Sweep("accounts-deactivate-inactive", "an account unused for longer than allowed",
          core._make_inactive, core._naive_deactivate),
    Sweep("regiegroep-playbook-review", "a steering group whose playbook is a year old",
          core._make_old_playbooks, core._naive_playbook_review),
    Sweep("dilemmas-reflection-behind", "a team behind on its reflection moments",
          apps._make_teams_behind, apps._naive_reflection),
    Sweep("dilemmas-trainings-overdue", "a person whose mandatory training is overdue",
          apps._make_overdue_trainees, apps._naive_trainings),
    Sweep("dilemmas-consultations-untouched", "a conversation request waiting two days",
          apps._make_waiting_consultations, apps._naive_consultations),
    Sweep("digital-reintakes", "a client whose last intake is over a year old",
          apps._make_old_intakes, apps._naive_reintakes),
    Sweep("relatiebeheer-weekly-digest", "a relationship manager with an overdue partner",
          apps._make_overdue_partners, apps._naive_weekly_digest),
]  # fmt: skip

# At most this many queries per extra due row counts as a fixed number per batch.
PER_ROW_LIMIT = 0.1
# Queries are counted over `small` and `small + QUERY_SPAN` due rows: a span of two batches
# of 500, so that one batch more or less (where the seeded rows fall against the batch
# size) weighs 12 queries in a thousand rows, not in a hundred.
QUERY_SPAN = 1000
# The naive loop of a batched sweep is timed over `large` and this many times `large` rows,
# each count NAIVE_TRIES times (the fastest counts).
NAIVE_SPAN = 5
NAIVE_TRIES = 2


def task_of(beat):
    module, name = settings.CELERY_BEAT_SCHEDULE[beat]["task"].rsplit(".", 1)
    return getattr(import_module(module), name)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _purge_broker():
    """Drop what a task enqueued with delay() (the benchmark's broker is in memory)."""
    from coalition.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def _analyze():
    """Fresh planner statistics over the rows just made, as autovacuum keeps them for rows
    that pile up over days: without them PostgreSQL plans for the tables as seeded, and
    both the task and the loop are timed against plans a real database would not use."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run_once(sweep, n, *, naive=False, count=True):
    """(seconds, queries or None, what the run returned) over `n` new due rows."""
    func = sweep.naive if naive else task_of(sweep.beat)
    with rolled_back():
        sweep.make(n)
        _analyze()
        if count:
            with QueryCount() as queries:
                started = time.perf_counter()
                handled = func()
                seconds = time.perf_counter() - started
        else:
            started = time.perf_counter()
            handled = func()
            seconds = time.perf_counter() - started
    _purge_broker()
    return seconds, (len(queries) if count else None), handled


def _fastest_naive(sweep, n):
    """(seconds, handled) of the naive loop over `n` rows: the fastest of NAIVE_TRIES runs.
    One slow run (a plan PostgreSQL chose before it knew the new rows, the machine busy for
    a moment) at the smaller count would flatten the line through the two points and make
    the loop look faster at the full count than it is; the fastest run of each never makes
    the loop slower than it was measured."""
    runs = [run_once(sweep, n, naive=True, count=False) for _try in range(NAIVE_TRIES)]
    seconds, _queries, handled = min(runs, key=lambda run: run[0])
    return seconds, handled


def _extrapolate(x1, y1, x2, y2, x):
    """y at x on the line through two measured points; a line that does not rise (noise)
    is replaced by the rate of the larger point."""
    slope = (y2 - y1) / (x2 - x1)
    if slope <= 0:
        slope = y2 / x2
    return y1 + slope * (x - x1)


def measure(sweep, *, small, large, full=None):
    """The figures of one sweep; `full=None` counts queries only (the CI check)."""
    if full is not None:
        task_of(sweep.beat)()  # what the seeded data has due is done first, for real
        _purge_broker()
    counted = small + QUERY_SPAN
    _s1, q1, h1 = run_once(sweep, small)
    _s2, q2, h2 = run_once(sweep, counted)
    per_row = (q2 - q1) / (counted - small)
    result = {
        "beat": sweep.beat,
        "task": settings.CELERY_BEAT_SCHEDULE[sweep.beat]["task"],
        "due_row": sweep.due_row,
        "rows_small": small,
        "rows_large": counted,
        "queries_small": q1,
        "queries_large": q2,
        "queries_per_row": round(per_row, 3),
        "constant_per_batch": per_row <= PER_ROW_LIMIT,
        "handled_small": h1 if isinstance(h1, int) else None,
        "handled_large": h2 if isinstance(h2, int) else None,
    }
    if full is None:
        return result
    if result["constant_per_batch"]:
        # Over the full count; the naive loop would take minutes there, and it is a
        # per-row loop by design: its time follows the line through two measured points.
        service, _q, _h = run_once(sweep, full, count=False)
        wide = NAIVE_SPAN * large
        n1, _handled = _fastest_naive(sweep, large)
        n2, naive_handled = _fastest_naive(sweep, wide)
        rows, naive = full, _extrapolate(large, n1, wide, n2, full)
        how = f"extrapolated from {large} and {wide} rows"
    else:
        # A task that queries per row is as linear as the loop: both over the same rows.
        service, _q, _h = run_once(sweep, large, count=False)
        naive, _q, naive_handled = run_once(sweep, large, naive=True, count=False)
        rows, how = large, "measured"
    result.update(
        {
            "rows_timed": rows,
            "service_s": round(service, 3),
            "naive_s": round(naive, 3),
            "naive_time": how,
            "naive_handled_large": naive_handled,
            "speedup": round(naive / service, 2) if service else None,
        }
    )
    return result


def measure_all(*, small, large, full=None, log=print):
    results = []
    for sweep in SWEEPS:
        started = time.perf_counter()
        try:
            results.append(measure(sweep, small=small, large=large, full=full))
        except Exception as exc:  # noqa: BLE001 - reported in the results, not fatal
            log(traceback.format_exc())
            results.append({"beat": sweep.beat, "error": f"{type(exc).__name__}: {exc}"})
        log(f"  sweep {sweep.beat}: {time.perf_counter() - started:.1f} s")
    for beat in settings.CELERY_BEAT_SCHEDULE:
        if beat in NOT_REMINDERS:
            results.append({"beat": beat, "skipped": NOT_REMINDERS[beat]})
        elif beat not in {s.beat for s in SWEEPS}:
            results.append({"beat": beat, "skipped": "no due rows defined in bench/sweeps.py"})
    return results
