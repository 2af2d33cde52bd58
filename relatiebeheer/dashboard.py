"""What relationship management puts on a manager's dashboard: partners past their
contact rhythm or due within a week. Two queries."""

from django.utils.translation import gettext_lazy as _

from coalition.dashboard import DashboardItem
from coalition.roles import has_role

from .models import Health
from .permissions import APP_ROLES
from .services.partners import overdue_for

SECTION = _("Partners to contact")
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
    return items
