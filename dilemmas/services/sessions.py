"""Supervision and team sessions, the "less alone" question and the reflection rhythm."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition import access
from coalition.models import Team
from coalition.services import notify

from ..models import (
    CaseStatus,
    CaseUserObjectPermission,
    DilemmaCase,
    FeltLessAlone,
    SessionCase,
    SessionFeedback,
    SessionRespondent,
    SupervisionSession,
    TeamReflectionTarget,
    add_months,
)
from ..permissions import may_give_feedback
from .access import sync_case_permissions, team_member_ids_of

User = get_user_model()

# --- Sessions ---


# A session is often recorded after it took place; a moment longer ago than this is a typo.
RECORD_MONTHS_BACK = 12


def earliest_start(now=None):
    """The earliest moment a session can be planned or recorded: midnight, a year ago."""
    day = add_months(timezone.localdate(now or timezone.now()), -RECORD_MONTHS_BACK)
    return timezone.make_aware(datetime.combine(day, time.min))


def session_problems(*, team, participants, cases, starts_at=None, stored_starts_at=None):
    """{field: message} for what a session may not hold. Participants are members of the
    session's team and never coordinators; a case is discussed only in a session of the
    team its author chose (sharing it further is the author's act, not a participant's).

    A session may lie in the past (it is recorded afterwards), up to a year back; a moment
    that is already stored (`stored_starts_at`) stays acceptable when it is not changed."""
    problems = {}
    if starts_at is not None and starts_at != stored_starts_at and starts_at < earliest_start():
        problems["starts_at"] = _(
            "%(date)s is more than a year ago. Check the date: a session can be recorded "
            "afterwards, up to a year after it took place."
        ) % {"date": date_format(timezone.localtime(starts_at), "DATE_FORMAT")}
    if team is None:
        return problems
    members = team_member_ids_of(team.pk) - access.sight_excluded_ids()
    strangers = [p for p in participants if p.pk not in members]
    if strangers:
        problems["participants"] = _(
            "Only members of team %(team)s can take part: %(names)s is not."
        ) % {"team": team.name, "names": ", ".join(access.person_name(p) for p in strangers)}
    elsewhere = [c for c in cases if c.team_id != team.pk]
    if elsewhere:
        problems["cases"] = _(
            "A case is discussed only in the team its author chose. %(count)s of the chosen "
            "cases belong to another team."
        ) % {"count": len(elsewhere)}
    return problems


def hidden_case_ids(session, user):
    """Cases of the session the user may not open (they stay linked, unseen)."""
    linked = set(SessionCase.objects.filter(session=session).values_list("case_id", flat=True))
    if not linked:
        return set()
    seen = set(
        CaseUserObjectPermission.objects.filter(
            user=user, permission__codename="view_dilemmacase", content_object_id__in=linked
        ).values_list("content_object_id", flat=True)
    )
    return linked - seen


@transaction.atomic
def session_save(*, session, participants, cases, actor):
    """Plan or change a session; participants and cases decide who sees the cases.

    `cases` are the cases the actor chose among those they may open; cases of the session
    that the actor may not open stay linked, untouched."""
    stored = (
        SupervisionSession.objects.filter(pk=session.pk).values_list("starts_at", flat=True).first()
        if session.pk
        else None
    )
    problems = session_problems(
        team=session.team,
        participants=participants,
        cases=cases,
        starts_at=session.starts_at,
        stored_starts_at=stored,
    )
    if problems:
        raise ValidationError(problems)
    before = set(session.cases.values_list("pk", flat=True)) if session.pk else set()
    kept = hidden_case_ids(session, actor) if session.pk else set()
    session.touch()
    session.save()
    session.participants.set(participants)
    wanted = {c.pk for c in cases} | kept
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
    """Count one participant's answer to the "less alone" question, anonymously.

    Only a participant answers (permissions.may_give_feedback; PermissionDenied otherwise),
    once the outcomes are recorded (that is when the question is asked) and only once
    (ValidationError otherwise). The answer raises a count; who answered is kept apart,
    without the answer, so it cannot be changed or shown afterwards."""
    if not may_give_feedback(user, session):
        raise PermissionDenied
    if session.outcomes_recorded_at is None:
        raise ValidationError(_("The question is asked once the outcomes are recorded."))
    if answer not in FeltLessAlone.values:
        raise ValidationError(_("Choose one of the answers."))
    _respondent, created = SessionRespondent.objects.get_or_create(session=session, user=user)
    if not created:
        raise ValidationError(_("You already answered this question."))
    tally, _created = SessionFeedback.objects.get_or_create(session=session, answer=answer)
    SessionFeedback.objects.filter(pk=tally.pk).update(count=F("count") + 1)


# Fewer answers than this in a team and quarter are not shown: they could be recognised.
FEEDBACK_MIN_ANSWERS = 3


def feedback_overview(organisation_ids):
    """Anonymous counts of the "less alone" answers per team and quarter, newest first.

    Returns [{"team": Team, "periods": [{"label", "yes", "somewhat", "no", "total"}]}]."""
    rows = (
        SessionFeedback.objects.filter(session__team__organisation_id__in=organisation_ids)
        .values("session__team", "session__starts_at__year", "session__starts_at__quarter")
        .annotate(
            yes=Sum("count", filter=Q(answer="yes"), default=0),
            somewhat=Sum("count", filter=Q(answer="somewhat"), default=0),
            no=Sum("count", filter=Q(answer="no"), default=0),
        )
        .order_by("session__team", "-session__starts_at__year", "-session__starts_at__quarter")
    )
    teams = Team.objects.order_by().in_bulk({r["session__team"] for r in rows})
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
def reflection_target_set(*, team, per_year):
    target, _created = TeamReflectionTarget.objects.update_or_create(
        team=team, defaults={"per_year": per_year}
    )
    return target
