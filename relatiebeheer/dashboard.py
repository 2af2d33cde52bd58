"""What relationship management puts on a manager's dashboard: partners past their
contact rhythm or due within a week. Two queries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.dashboard import DashboardItem
from coalition.roles import has_role

from .models import Health, PlanItem
from .permissions import APP_ROLES
from .services.partners import overdue_for

SECTION = _("Partners to contact")
PLAN = _("Yearly plan: past its date")
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
    return items
