"""What the steering group part puts on the dashboard of its steering members."""

from datetime import timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import get_objects_for_user

from coalition.dashboard import DashboardItem

from .models import Decision, SteeringGroup
from .permissions import CHANGE

DECISIONS_SECTION = gettext_lazy("Decisions to publish or communicate")
REVIEW_SECTION = gettext_lazy("Playbook review")


def steering_items(user, today):
    if not user.is_authenticated:
        return []
    editable = get_objects_for_user(user, CHANGE, klass=SteeringGroup, accept_global_perms=True)
    # Most people edit no steering group: one look-up, and nothing more to ask.
    group_ids = list(editable.values_list("pk", flat=True))
    if not group_ids:
        return []
    groups = SteeringGroup.objects.filter(pk__in=group_ids)
    items = []
    waiting = Decision.objects.filter(group_id__in=group_ids).waiting().select_related("group")
    for decision in waiting.order_by("created_at")[:20]:
        if decision.is_published:
            detail = _("Published, not yet communicated to the circles")
        else:
            detail = _("Draft, waiting to be published")
        items.append(
            DashboardItem(
                section=DECISIONS_SECTION,
                title=f"{decision.title} ({decision.group.name})",
                url=decision.get_absolute_url(),
                detail=detail,
                order=30,
            )
        )
    latest = groups.annotate(last_published=Max("playbooks__published_at")).values(
        "pk", "name", "last_published"
    )
    for row in latest:
        last = row["last_published"]
        if last is None:
            continue
        due = last.date() + timedelta(days=365)
        if due <= today:
            items.append(
                DashboardItem(
                    section=REVIEW_SECTION,
                    title=_("Review the playbook of %(group)s") % {"group": row["name"]},
                    url=reverse("regiegroep:playbook_list", args=[row["pk"]]),
                    detail=_("Last version is more than a year old"),
                    due=due,
                    urgent=True,
                    order=31,
                )
            )
    return items
