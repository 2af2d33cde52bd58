"""What relationship management puts on a manager's dashboard: partners past their
contact rhythm or due within a week, plan items past their date, and the next RRO with
what they said they would do and their open action items. A fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalition.dashboard import DashboardItem
from coalition.roles import has_role

from .models import Attendance, Health, Meeting, Outcome, PlanItem
from .permissions import APP_ROLES
from .services.partners import overdue_for

SECTION = _("Partners to contact")
PLAN = _("Yearly plan: past its date")
RRO = _("Next RRO")
LIMIT = 10


def dashboard_items(user, today):
    if not has_role(user, *APP_ROLES):
        return []
    items = []
    for partner, health, next_on in overdue_for(user, today)[:LIMIT]:
        items.append(
            DashboardItem(
                section=SECTION,
                title=partner.name,
                url=partner.get_absolute_url(),
                detail=str(partner.category),
                due=next_on,
                urgent=health == Health.RED,
                order=60,
            )
        )
    behind = (
        PlanItem.objects.filter(manager=user, done_on__isnull=True, due_on__lt=today)
        .select_related("partner")
        .order_by("due_on")[:LIMIT]
    )
    items += [
        DashboardItem(
            section=PLAN,
            title=item.aim,
            url=reverse("relatiebeheer:yearly_plan") + f"?jaar={item.year}",
            detail=item.partner.name,
            due=item.due_on,
            urgent=True,
            order=61,
        )
        for item in behind
    ]
    items += _next_rro(user)
    return items


def _next_rro(user):
    now = timezone.now()
    meeting = (
        Meeting.objects.filter(
            series__members=user, cancelled=False, starts_at__gte=now - timedelta(hours=1)
        )
        .select_related("series")
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return []
    intention = (
        Attendance.objects.filter(
            person=user,
            meeting__series_id=meeting.series_id,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(will_do="")
        .order_by("-meeting__starts_at")
        .values_list("will_do", flat=True)
        .first()
    )
    open_actions = Outcome.objects.filter(
        owner=user, kind=Outcome.Kind.ACTION, status=Outcome.Status.OPEN
    ).count()
    parts = []
    if intention:
        parts.append(gettext_now("You said: %(intention)s") % {"intention": intention[:160]})
    if open_actions:
        parts.append(
            ngettext("%(count)s open action item", "%(count)s open action items", open_actions)
            % {"count": open_actions}
        )
    local = timezone.localtime(meeting.starts_at)
    return [
        DashboardItem(
            section=RRO,
            title=f"{meeting.series.title} {local:%d-%m %H:%M}",
            url=meeting.get_absolute_url(),
            detail=" · ".join(parts),
            due=local.date(),
            order=59,
        )
    ]
