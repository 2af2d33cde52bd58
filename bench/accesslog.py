"""The access log at 1,000,000 entries: the privacy officer's search by period, person and
kind of record against the unfiltered first page, through the queryset the page uses."""

import statistics
import time
from datetime import timedelta
from importlib import import_module

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from coalition import roles
from coalition.filters import AccessLogFilter
from coalition.models import AccessLogEntry
from coalition.paging import paginate

User = get_user_model()
CHUNK = 20_000
KIND = "dilemmas.dilemmacase"


def fill(total, rng, log=print):
    """Add entries until the log holds `total`: a year of reads by the people who see
    records, most allowed, some refused, about clients, intakes, cases and consultations."""
    missing = total - AccessLogEntry.objects.count()
    people = list(
        User.objects.filter(
            groups__name__in=[
                roles.INTAKE_STAFF,
                roles.CARE_WORKER,
                roles.WORKING_GROUP_MEMBER,
                roles.TEAM_LEAD,
            ]  # fmt: skip
        )
        .distinct()
        .values_list("pk", "username")
    )
    now = timezone.now()
    kinds = list(AccessLogEntry.RECORD_KINDS)
    made = 0
    while made < missing:
        rows = []
        for _i in range(min(CHUNK, missing - made)):
            user_id, username = rng.choice(people)
            kind = rng.choice(kinds)
            number = rng.randint(1, 20_000)
            about_client = kind in (AccessLogEntry.CLIENT_KIND, "digital.intake")
            rows.append(
                AccessLogEntry(
                    user_id=user_id,
                    username=username,
                    roles="employee",
                    organisations="Bench",
                    at=now - timedelta(seconds=rng.randint(0, 365 * 24 * 3600)),
                    outcome="denied" if rng.random() < 0.02 else "viewed",
                    object_type=kind,
                    object_id=str(number),
                    record_organisation="Bench",
                    outside_organisation=rng.random() < 0.01,
                    client_id=number if about_client else None,
                    path=f"/bench/{number}/",
                )
            )
        AccessLogEntry.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
        if made % 200_000 < CHUNK:
            log(f"  access log: {made} of {missing} entries added")
    return made


def _queryset(request):
    """What the access log page lists for these filters: the view's own queryset."""
    view = import_module("coalition.views.access_log")
    if hasattr(view, "_entries"):
        return view._entries(request).qs
    queryset = AccessLogEntry.objects.select_related("user").order_by("-at", "-pk")
    return AccessLogFilter(request.GET, queryset=queryset).qs


def _first_page(params, officer):
    request = RequestFactory().get("/inzagelog/", params)
    request.user = officer
    started = time.perf_counter()
    page, _query = paginate(request, _queryset(request))
    page.paginator.count  # noqa: B018 - the count the page shows
    return time.perf_counter() - started, page.paginator.count


def search_timing(repeat=7):
    """Medians of the filtered search and of the unfiltered first page, in milliseconds."""
    officer = User.objects.filter(groups__name=roles.PRIVACY_OFFICER).first()
    person = (
        AccessLogEntry.objects.filter(object_type=KIND)
        .values_list("username", flat=True)
        .order_by("user_id")
        .first()
    )
    today = timezone.localdate()
    params = {
        "since": (today - timedelta(days=90)).isoformat(),
        "until": (today - timedelta(days=60)).isoformat(),
        "username": person,
        "object_type": KIND,
    }
    filtered, unfiltered = [], []
    for _round in range(repeat):
        seconds, found = _first_page(params, officer)
        filtered.append(seconds)
        seconds, total = _first_page({}, officer)
        unfiltered.append(seconds)
    return {
        "entries": total,
        "filter": params,
        "found": found,
        "filtered_ms": round(statistics.median(filtered) * 1000, 2),
        "unfiltered_ms": round(statistics.median(unfiltered) * 1000, 2),
    }
