"""Supervision and team sessions, the "less alone" question and the reflection rhythm."""

import math
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.services import notify

from ..models import (
    CaseStatus,
    DilemmaCase,
    SessionCase,
    SessionFeedback,
    SupervisionSession,
    TeamReflectionTarget,
)
from .access import sync_case_permissions

# --- Sessions ---


@transaction.atomic
def session_save(*, session, participants, cases, actor):
    """Plan or change a session; participants and cases decide who sees the cases."""
    before = set(session.cases.values_list("pk", flat=True)) if session.pk else set()
    session.save()
    session.participants.set(participants)
    wanted = {c.pk for c in cases}
    SessionCase.objects.filter(session=session).exclude(case_id__in=wanted).delete()
    for case in cases:
        SessionCase.objects.get_or_create(session=session, case=case)
    for case in DilemmaCase.objects.filter(pk__in=before | wanted):
        sync_case_permissions(case)
    return session


@transaction.atomic
def session_record_outcomes(*, session, outcomes, notes, actor):
    """`outcomes` maps SessionCase pk to a short outcome text; only those cases (the ones
    the actor may open) get an outcome and count as discussed."""
    for link in session.session_cases.filter(pk__in=list(outcomes)).select_related("case"):
        link.outcome = outcomes[link.pk]
        link.save(update_fields=["outcome"])
        if link.case.status == CaseStatus.SUBMITTED:
            link.case.status = CaseStatus.DISCUSSED
            link.case.save(update_fields=["status"])
            sync_case_permissions(link.case)
    first_time = session.outcomes_recorded_at is None
    session.notes = notes
    session.outcomes_recorded_at = session.outcomes_recorded_at or timezone.now()
    session.save(update_fields=["notes", "outcomes_recorded_at"])
    if first_time:
        with translation.override(settings.LANGUAGE_CODE):  # the product language
            notify(
                subject=_("Did the session help you feel less alone with the dilemma?"),
                body=_("One click is enough; your answer is counted anonymously."),
                url=session.get_absolute_url() + "#minder-alleen",
                recipients=session.participants.exclude(pk=actor.pk),
                key=f"dilemmas-session-feedback-{session.pk}",
            )
    return session


@transaction.atomic
def session_feedback(*, session, user, answer):
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session, user=user, defaults={"answer": answer, "answered_at": timezone.now()}
    )
    return feedback


# Fewer answers than this in a team and quarter are not shown: they could be recognised.
FEEDBACK_MIN_ANSWERS = 3


def feedback_overview(organisation_ids):
    """Anonymous counts of the "less alone" answers per team and quarter, newest first.

    Returns [{"team": Team, "periods": [{"label", "yes", "somewhat", "no", "total"}]}]."""
    rows = (
        SessionFeedback.objects.filter(session__team__organisation_id__in=organisation_ids)
        .values("session__team", "session__starts_at__year", "session__starts_at__quarter")
        .annotate(
            yes=Count("pk", filter=Q(answer="yes")),
            somewhat=Count("pk", filter=Q(answer="somewhat")),
            no=Count("pk", filter=Q(answer="no")),
        )
        .order_by("session__team", "-session__starts_at__year", "-session__starts_at__quarter")
    )
    from coalition.models import Team

    teams = Team.objects.in_bulk({r["session__team"] for r in rows})
    result = {}
    for row in rows:
        team = teams[row["session__team"]]
        entry = result.setdefault(team.pk, {"team": team, "periods": []})
        total = row["yes"] + row["somewhat"] + row["no"]
        entry["periods"].append(
            {
                "label": f"{row['session__starts_at__year']} Q{row['session__starts_at__quarter']}",
                "yes": row["yes"],
                "somewhat": row["somewhat"],
                "no": row["no"],
                "total": total,
                "yes_share": round(100 * row["yes"] / total) if total else 0,
            }
        )
    return sorted(result.values(), key=lambda e: str(e["team"]))


# --- Reflection rhythm ---


@dataclass
class ReflectionStatus:
    team: object
    target: int
    held: int
    expected: int
    period: int

    @property
    def behind(self):
        return self.held < self.expected


def reflection_statuses(teams, today):
    """How each team stands against its yearly target of reflection moments, in two queries.

    The year is split into `target` equal periods; by now a team should have held one
    session per completed period. `period` is the index of the current period, which makes
    the reminder key: one reminder per period, however often the task runs. A session
    counts once its outcomes are recorded."""
    teams = list(teams)
    targets = dict(
        TeamReflectionTarget.objects.filter(team__in=teams).values_list("team_id", "per_year")
    )
    start = date(today.year, 1, 1)
    held = dict(
        SupervisionSession.objects.filter(
            team__in=teams,
            starts_at__date__gte=start,
            starts_at__lte=timezone.now(),
            outcomes_recorded_at__isnull=False,
        )
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    days_in_year = (date(today.year + 1, 1, 1) - start).days
    elapsed = (today - start).days
    result = []
    for team in teams:
        target = targets.get(team.pk, TeamReflectionTarget.DEFAULT_PER_YEAR)
        period_length = days_in_year / target
        result.append(
            ReflectionStatus(
                team=team,
                target=target,
                held=held.get(team.pk, 0),
                expected=min(target, math.floor(elapsed / period_length)),
                period=int(elapsed // period_length),
            )
        )
    return result


def reflection_status(team, today):
    return reflection_statuses([team], today)[0]


@transaction.atomic
def reflection_target_set(*, team, per_year, actor):
    target, _created = TeamReflectionTarget.objects.update_or_create(
        team=team, defaults={"per_year": per_year}
    )
    return target
