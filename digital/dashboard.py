"""What digital inclusion puts on a person's dashboard: intakes waiting for a persona,
clients switched to an analog alternative this week, goals past their date. Through the
same permission querysets as the pages, in a fixed number of queries; each client shown is
a read in the access log."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.dashboard import DashboardItem

from .models import Goal, GoalStatus, Intake
from .permissions import client_organisation_ids, may_add_client

WAITING = _("Intakes waiting for a persona")
SWITCHED = _("Switched to an analog alternative this week")
OVERDUE = _("Digital goals past their date")
LIMIT = 10


def dashboard_items(user, today):
    organisations = client_organisation_ids(user)
    if not organisations:
        return []
    items = []
    if may_add_client(user):
        waiting = (
            Intake.objects.filter(client__organisation_id__in=organisations, persona__isnull=True)
            .select_related("client")
            .order_by("done_at")[:LIMIT]
        )
        items += [
            DashboardItem(
                section=WAITING,
                title=str(intake.client),
                url=intake.client.get_absolute_url(),
                due=timezone.localtime(intake.done_at).date(),
                order=50,
                record=intake.client,
            )
            for intake in waiting
        ]
    goals = Goal.objects.filter(client__organisation_id__in=organisations).select_related(
        "client", "service"
    )
    switched = goals.filter(
        status=GoalStatus.ANALOG, switched_at__gte=timezone.now() - timedelta(days=7)
    ).order_by("-switched_at")[:LIMIT]
    items += [
        DashboardItem(
            section=SWITCHED,
            title=str(goal.client),
            url=goal.get_absolute_url(),
            detail=goal.service.name if goal.service else "",
            due=timezone.localtime(goal.switched_at).date(),
            order=51,
            record=goal.client,
        )
        for goal in switched
    ]
    overdue = goals.filter(status=GoalStatus.ACTIVE, due_on__lt=today).order_by("due_on")[:LIMIT]
    items += [
        DashboardItem(
            section=OVERDUE,
            title=str(goal.client),
            url=goal.get_absolute_url(),
            detail=goal.title,
            due=goal.due_on,
            urgent=True,
            order=52,
            record=goal.client,
        )
        for goal in overdue
    ]
    return items
