"""What moral deliberation puts on a person's dashboard. Every item goes through the same
permission querysets as the pages, so nobody learns of a case they may not see."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.dashboard import DashboardItem
from coalition.models import Team

from . import services
from .models import CaseStatus, ConsultationStatus, SupervisionSession
from .permissions import (
    cases_visible_to,
    consultations_visible_to,
    led_team_ids,
    served_organisation_ids,
)

CASES = _("Cases waiting for discussion")
TRAININGS = _("Trainings due")
CONSULTATIONS = _("Open requests for a conversation")
SESSIONS = _("Sessions without outcomes")
REFLECTION = _("Reflection moments behind")
FEEDBACK = _("Questions waiting for your answer")
LIMIT = 10


def dashboard_items(user, today):
    items = []
    teams = led_team_ids(user)
    served = served_organisation_ids(user)
    if teams or served:
        waiting = (
            cases_visible_to(user)
            .filter(status=CaseStatus.SUBMITTED)
            .exclude(author=user)
            .order_by("submitted_at")[:LIMIT]
        )
        for case in waiting:
            items.append(
                DashboardItem(
                    section=CASES,
                    title=case.title,
                    url=case.get_absolute_url(),
                    due=timezone.localtime(case.submitted_at).date() if case.submitted_at else None,
                    order=40,
                    record=case,
                )
            )
    for due in services.trainings_due_for([user], today).get(user.pk, []):
        if due.due <= today + timedelta(days=30):
            items.append(
                DashboardItem(
                    section=TRAININGS,
                    title=due.training.name,
                    url=reverse("dilemmas:training_list"),
                    detail="" if due.last_attended else str(_("not followed yet")),
                    due=due.due,
                    urgent=due.is_overdue(today),
                    order=41,
                )
            )
    if served:
        open_requests = (
            consultations_visible_to(user)
            .filter(organisation_id__in=served, status=ConsultationStatus.OPEN)
            .order_by("created_at")[:LIMIT]
        )
        now = timezone.now()
        for consultation in open_requests:
            items.append(
                DashboardItem(
                    section=CONSULTATIONS,
                    title=str(consultation),
                    url=consultation.get_absolute_url(),
                    detail=consultation.get_urgency_display(),
                    due=timezone.localtime(consultation.created_at).date(),
                    urgent=consultation.reminder_due_at() <= now,
                    order=42,
                    # The title quotes the topic: showing it is a read, as on the page.
                    record=consultation,
                )
            )
    if teams:
        sessions = (
            SupervisionSession.objects.without_outcomes(timezone.now())
            .filter(Q(lead=user) | Q(team_id__in=teams))
            .select_related("team")
            .order_by("starts_at")[:LIMIT]
        )
        for session in sessions:
            items.append(
                DashboardItem(
                    section=SESSIONS,
                    title=str(session),
                    url=reverse("dilemmas:session_outcomes", args=[session.pk]),
                    due=timezone.localtime(session.starts_at).date(),
                    urgent=True,
                    order=43,
                )
            )
        for status in services.reflection_statuses(Team.objects.filter(pk__in=teams), today):
            team = status.team
            if status.behind:
                items.append(
                    DashboardItem(
                        section=REFLECTION,
                        title=team.name,
                        url=reverse("dilemmas:reflection"),
                        detail=_("%(held)s of %(expected)s held so far this year")
                        % {"held": status.held, "expected": status.expected},
                        urgent=True,
                        order=44,
                    )
                )
    # The same sessions whose page asks the question and whose notification announced it.
    asked = (
        SupervisionSession.objects.awaiting_feedback_from(user)
        .select_related("team")
        .order_by("-outcomes_recorded_at", "-pk")[:LIMIT]
    )
    for session in asked:
        items.append(
            DashboardItem(
                section=FEEDBACK,
                title=str(session),
                url=session.get_absolute_url() + "#minder-alleen",
                detail=str(_("Did the session help you feel less alone with the dilemma?")),
                order=45,
            )
        )
    return items
