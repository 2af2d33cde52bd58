from django.shortcuts import render
from django.utils import timezone

from coalition.permissions import is_coordinator

from ..models import Assignment, Health
from ..permissions import can_use_app, may_add_partner, partners_visible_to


def index(request):
    can_use_app(request.user)
    today = timezone.localdate()
    mine = list(Assignment.objects.filter(manager=request.user).select_related("partner__category"))
    overdue = sum(1 for a in mine if a.partner.health(today) != Health.GREEN)
    return render(
        request,
        "relatiebeheer/index.html",
        {
            "partner_count": partners_visible_to(request.user).count(),
            "my_count": len({a.partner_id for a in mine}),
            "my_overdue": overdue,
            "may_add": may_add_partner(request.user),
            "is_coordinator": is_coordinator(request.user),
        },
    )
