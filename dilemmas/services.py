"""What changes in moral deliberation, and who may see what afterwards.

Every function is keyword-only and atomic. The functions that change who may see a case
end with `sync_case_permissions`, which recomputes the guardian rows of that case from the
facts (author, status, team, sessions, working groups), so a grant from one source never
survives the loss of another and revoking one source never takes away another.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.roles import TEAM_LEAD
from coalition.services import notify

from .models import (
    Audience,
    CalendarFeed,
    CaseFormVersion,
    CaseQuestion,
    CaseStatus,
    CaseUserObjectPermission,
    Consultation,
    ConsultationStatus,
    DilemmaCase,
    Enrolment,
    SessionCase,
    SessionFeedback,
    SupervisionSession,
    TeamReflectionTarget,
    TrainingSession,
    TrainingType,
    WorkingGroupMember,
)

User = get_user_model()


class EnrolmentClosed(Exception):
    """The session has started: nobody can enrol any more."""


class CapacityError(Exception):
    """A training session has fewer free places than people to enrol."""

    def __init__(self, free):
        super().__init__(free)
        self.free = free


# --- Case visibility ---


def _team_lead_ids(team_id):
    if team_id is None:
        return set()
    return set(
        User.objects.filter(
            profile__teams=team_id, groups__name=TEAM_LEAD, is_active=True
        ).values_list("pk", flat=True)
    )


def _group_member_ids(organisation_id):
    return set(
        WorkingGroupMember.objects.filter(group__organisations=organisation_id).values_list(
            "user_id", flat=True
        )
    )


def case_audience(case):
    """{user_id: set of codenames} the case should grant, derived from the facts."""
    grants = {case.author_id: {"view_dilemmacase"}}
    if case.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
        grants[case.author_id].add("change_dilemmacase")
    if case.status != CaseStatus.CLOSED:
        grants[case.author_id].add("close_dilemmacase")
    if case.status == CaseStatus.DRAFT:
        return grants
    for user_id in _team_lead_ids(case.team_id):
        grants.setdefault(user_id, set()).add("view_dilemmacase")
    sessions = SupervisionSession.objects.filter(session_cases__case=case)
    session_people = set(sessions.values_list("lead_id", flat=True)) | set(
        SupervisionSession.participants.through.objects.filter(
            supervisionsession__in=sessions
        ).values_list("user_id", flat=True)
    )
    for user_id in session_people:
        grants.setdefault(user_id, set()).add("view_dilemmacase")
    for user_id in _group_member_ids(case.organisation_id):
        codenames = grants.setdefault(user_id, set())
        codenames.add("view_dilemmacase")
        if case.status != CaseStatus.CLOSED:
            codenames.add("close_dilemmacase")
    return grants


def _case_permissions():
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="dilemmas",
            codename__in=["view_dilemmacase", "change_dilemmacase", "close_dilemmacase"],
        )
    }


def sync_case_permissions(case):
    """Make the guardian rows of `case` exactly what `case_audience` says."""
    wanted = {
        (user_id, codename)
        for user_id, codenames in case_audience(case).items()
        for codename in codenames
    }
    rows = CaseUserObjectPermission.objects.filter(content_object=case)
    existing = {(r.user_id, r.permission.codename): r.pk for r in rows.select_related("permission")}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        CaseUserObjectPermission.objects.filter(pk__in=stale).delete()
    perms = _case_permissions()
    CaseUserObjectPermission.objects.bulk_create(
        [
            CaseUserObjectPermission(
                content_object=case, user_id=user_id, permission=perms[codename]
            )
            for user_id, codename in wanted - set(existing)
        ],
        # Two requests that grant the same person at once must not fail on the unique row.
        ignore_conflicts=True,
    )


def sync_cases_of_organisations(organisation_ids):
    for case in DilemmaCase.objects.filter(organisation_id__in=organisation_ids):
        sync_case_permissions(case)


# --- Working group ---


@transaction.atomic
def group_save(*, group, organisations, actor):
    before = set(group.organisations.values_list("pk", flat=True)) if group.pk else set()
    group.save()
    group.organisations.set(organisations)
    after = {o.pk for o in organisations}
    sync_cases_of_organisations(before | after)
    return group


@transaction.atomic
def member_add(*, group, user, perspective, actor):
    member, _created = WorkingGroupMember.objects.update_or_create(
        group=group, user=user, defaults={"perspective": perspective}
    )
    sync_cases_of_organisations(group.organisations.values_list("pk", flat=True))
    return member


@transaction.atomic
def member_remove(*, member, actor):
    group = member.group
    member.delete()
    sync_cases_of_organisations(group.organisations.values_list("pk", flat=True))


# --- Case form ---


def current_form_for(organisation_id):
    """The published form version a new case of this organisation is written on: the
    latest of a working group serving it, else the default form of the app."""
    version = (
        CaseFormVersion.objects.filter(
            group__organisations=organisation_id, published_at__isnull=False
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if version is None:
        version = (
            CaseFormVersion.objects.filter(group__isnull=True, published_at__isnull=False)
            .order_by("-number")
            .first()
        )
    return version


def latest_published(group):
    return (
        group.form_versions.filter(published_at__isnull=False).order_by("-number").first()
        or CaseFormVersion.objects.filter(group__isnull=True, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def form_draft_for(*, group):
    """The group's draft version, made from its latest published form when there is none."""
    draft = group.form_versions.filter(published_at__isnull=True).first()
    if draft is not None:
        return draft
    source = latest_published(group)
    # Numbers go on from the form the group starts from, so the default form stays 1.
    number = (
        max(
            group.form_versions.aggregate(n=Max("number"))["n"] or 0, source.number if source else 0
        )
        + 1
    )
    draft = CaseFormVersion.objects.create(group=group, number=number)
    if source is not None:
        CaseQuestion.objects.bulk_create(
            [
                CaseQuestion(
                    version=draft,
                    order=q.order,
                    title=q.title,
                    help_text=q.help_text,
                    required=q.required,
                )
                for q in source.questions.all()
            ]
        )
    return draft


@transaction.atomic
def form_publish(*, group, actor):
    draft = form_draft_for(group=group)
    draft.published_at = timezone.now()
    draft.published_by = actor
    draft.save()
    return draft


# --- Cases ---


@transaction.atomic
def case_save(*, case, author, answers, themes, submit):
    """Create or update a case; `submit` moves a draft to submitted."""
    creating = case.pk is None
    if creating:
        case.author = author
    case.answers = answers
    if submit and case.status == CaseStatus.DRAFT:
        case.status = CaseStatus.SUBMITTED
        case.submitted_at = timezone.now()
    case.save()
    case.themes.set(themes)
    sync_case_permissions(case)
    if submit:
        _announce_submitted(case)
    return case


def _announce_submitted(case):
    recipients = User.objects.filter(
        pk__in=(_team_lead_ids(case.team_id) | _group_member_ids(case.organisation_id))
        - {case.author_id}
    )
    notify(
        subject=_("A dilemma case is waiting for discussion"),
        body=_("A colleague submitted a dilemma case. Open it in the app to read it."),
        url=case.get_absolute_url(),
        recipients=recipients,
        key=f"dilemmas-case-submitted-{case.pk}",
    )


@transaction.atomic
def case_close(*, case, actor):
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    sync_case_permissions(case)
    return case


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
    """`outcomes` maps SessionCase pk to a short outcome text."""
    for link in session.session_cases.select_related("case"):
        link.outcome = outcomes.get(link.pk, link.outcome)
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


# --- Trainings ---


def people_for_training(training):
    """Active people the training type is meant for, in the organisations the group serves."""
    qs = User.objects.filter(
        is_active=True, profile__organisations__in=training.group.organisations.all()
    )
    if training.audience == Audience.TEAM_LEADS:
        qs = qs.filter(groups__name=TEAM_LEAD)
    return qs.distinct()


@dataclass
class TrainingDue:
    training: TrainingType
    last_attended: date | None  # None: never followed
    due: date

    def is_overdue(self, today):
        return self.due <= today

    @property
    def key_date(self):
        return self.due.isoformat()


def trainings_due_for(users, today):
    """{user_id: [TrainingDue]} for the mandatory trainings each person must follow.

    Fixed number of queries whatever the number of people."""
    users = list(users)
    user_ids = [u.pk for u in users]
    user_orgs, joined = {}, {}
    for user_id, date_joined, org_id in User.objects.filter(pk__in=user_ids).values_list(
        "pk", "date_joined", "profile__organisations"
    ):
        joined[user_id] = timezone.localtime(date_joined).date()
        if org_id:
            user_orgs.setdefault(user_id, set()).add(org_id)
    leads = set(
        User.objects.filter(pk__in=user_ids, groups__name=TEAM_LEAD).values_list("pk", flat=True)
    )
    trainings = list(
        TrainingType.objects.filter(mandatory=True).prefetch_related("group__organisations")
    )
    last = {
        (row["user_id"], row["session__training_id"]): row["last"]
        for row in Enrolment.objects.filter(user_id__in=user_ids, attended=True)
        .values("user_id", "session__training_id")
        .annotate(last=Max("session__starts_at"))
    }
    result = {}
    for user_id in user_ids:
        items = []
        for training in trainings:
            served = {o.pk for o in training.group.organisations.all()}
            if not served & user_orgs.get(user_id, set()):
                continue
            if training.audience == Audience.TEAM_LEADS and user_id not in leads:
                continue
            last_at = last.get((user_id, training.pk))
            last_day = timezone.localtime(last_at).date() if last_at else None
            due = training.next_due(last_day, joined[user_id])
            if due == date.max:
                continue
            items.append(TrainingDue(training=training, last_attended=last_day, due=due))
        items.sort(key=lambda d: d.due)
        result[user_id] = items
    return result


@transaction.atomic
def enrol(*, session, users, actor):
    """Enrol people in a session; all or none, and never beyond its capacity.

    The session row is locked first, so two enrolments at the same moment are counted one
    after the other (PostgreSQL); SQLite serialises writers anyway."""
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.starts_at <= timezone.now():
        raise EnrolmentClosed
    already = set(locked.enrolments.values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in already]
    free = locked.capacity - len(already)
    if len(new) > free:
        raise CapacityError(max(free, 0))
    Enrolment.objects.bulk_create(
        [Enrolment(session=locked, user=u, enrolled_by=actor) for u in new]
    )
    return new


@transaction.atomic
def unenrol(*, session, user, actor):
    Enrolment.objects.filter(session=session, user=user).delete()


@transaction.atomic
def record_attendance(*, session, present_ids, actor):
    present_ids = set(present_ids)
    for enrolment in session.enrolments.all():
        enrolment.attended = enrolment.user_id in present_ids
        enrolment.save(update_fields=["attended"])


@transaction.atomic
def training_session_save(*, session, actor):
    session.save()
    return session


@transaction.atomic
def training_type_save(*, training, actor):
    training.save()
    return training


@transaction.atomic
def calendar_feed_for(*, user, reset=False):
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if reset and not created:
        feed.token = CalendarFeed.new_token()
        feed.created_at = timezone.now()
        feed.save()
    return feed


# --- Consultations ---


def group_members_for_consultation(consultation):
    members = User.objects.filter(
        dilemma_memberships__group__organisations=consultation.organisation_id, is_active=True
    ).exclude(pk=consultation.requester_id)
    if consultation.hide_from_team_lead:
        requester_teams = consultation.requester.profile.teams.values("pk")
        members = members.exclude(Q(groups__name=TEAM_LEAD) & Q(profile__teams__in=requester_teams))
    return members.distinct()


@transaction.atomic
def consultation_request(*, consultation, requester):
    consultation.requester = requester
    consultation.save()
    notify(
        subject=_("A colleague asks the working group for a conversation"),
        body=_("Open the request in the app and pick it up."),
        url=consultation.get_absolute_url(),
        recipients=group_members_for_consultation(consultation),
        key=f"dilemmas-consultation-new-{consultation.pk}",
    )
    return consultation


@transaction.atomic
def consultation_pick_up(*, consultation, actor):
    now = timezone.now()
    claimed = Consultation.objects.filter(
        pk=consultation.pk, status=ConsultationStatus.OPEN
    ).update(status=ConsultationStatus.PICKED_UP, picked_up_by=actor, picked_up_at=now)
    consultation.refresh_from_db()
    if claimed:
        notify(
            subject=_("Your request for a conversation was picked up"),
            body=_("A member of the working group will contact you the way you asked."),
            url=consultation.get_absolute_url(),
            recipients=[consultation.requester],
            key=f"dilemmas-consultation-picked-{consultation.pk}",
        )
    return bool(claimed)


@transaction.atomic
def consultation_mark_held(*, consultation, actor):
    consultation.status = ConsultationStatus.HELD
    consultation.held_at = timezone.now()
    if consultation.picked_up_by_id is None:
        consultation.picked_up_by = actor
        consultation.picked_up_at = consultation.held_at
    consultation.save()
    return consultation


@transaction.atomic
def consultation_close(*, consultation, actor):
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save()
    return consultation


def waiting_summary(consultations):
    """Median and longest wait (in hours) before pick-up of a list of consultations."""
    waits = sorted(c.waited.total_seconds() / 3600 for c in consultations)
    if not waits:
        return None
    middle = len(waits) // 2
    median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return {"count": len(waits), "median_hours": round(median, 1), "max_hours": round(waits[-1], 1)}
