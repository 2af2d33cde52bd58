"""What digital inclusion puts on a person's dashboard: intakes waiting for a persona.
Through the same permission querysets as the pages, in a fixed number of queries."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.dashboard import DashboardItem

from .models import Intake
from .permissions import client_organisation_ids, may_add_client

WAITING = _("Intakes waiting for a persona")
LIMIT = 10


def dashboard_items(user, today):
    if not may_add_client(user):
        return []
    waiting = (
        Intake.objects.filter(
            client__organisation_id__in=client_organisation_ids(user), persona__isnull=True
        )
        .select_related("client")
        .order_by("done_at")[:LIMIT]
    )
    return [
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
