"""Who may see which access requests, and the requests waiting on someone's dashboard."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import roles
from ..dashboard import DashboardItem
from ..models import AccessGrant, AccessGrantConfirmation
from .confirmers import confirmer_organisation_ids, gains_from, may_decide
from .registry import describe_all, preload


def grants_visible_to(user):
    """Coordinators see every request (they run the coalition; a request names people and
    roles, never a confidential record). Others see the requests they made, the ones about
    them, and the ones of the organisations they confirm for."""
    qs = AccessGrant.objects.all()
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return qs
    # "Has a confirmation for one of them" as a subquery: a join would list a request once
    # per confirmation and need a DISTINCT over every column.
    confirmed_for = AccessGrantConfirmation.objects.filter(
        organisation_id__in=confirmer_organisation_ids(user)
    ).values("grant_id")
    return qs.filter(Q(requested_by=user) | Q(subject=user) | Q(pk__in=confirmed_for))


def grants_to_confirm(user):
    """Pending requests this user may confirm now, oldest first."""
    org_ids = confirmer_organisation_ids(user)
    if not org_ids and not user.is_superuser:
        return []
    pending = (
        AccessGrant.objects.filter(status=AccessGrant.Status.PENDING)
        .select_related("subject", "requested_by")
        .order_by("requested_at", "pk")
    )
    if user.is_superuser:
        # A superuser confirms only where nobody else can (may_confirm): each request's
        # organisations are looked at.
        return [
            g
            for g in preload(_asked_by_others(pending.prefetch_related("confirmations"), user))
            if may_decide(user, g)
        ]
    waiting = AccessGrantConfirmation.objects.filter(
        organisation_id__in=org_ids, confirmed_at__isnull=True
    ).values("grant_id")
    # Each request left is pending, was asked by someone else and waits for an
    # organisation the user confirms for: `may_decide` then only asks whether the user
    # gains from it, which needs no confirmation rows.
    return [
        g
        for g in preload(_asked_by_others(pending.filter(pk__in=waiting), user))
        if not gains_from(user, g)
    ]


def _asked_by_others(grants, user):
    """The requests not asked by `user`. Left out of the few rows read rather than written
    into the query: the ORM's `exclude` of a nullable column compiles to a longer
    condition, which took longer to build than the rows it removes."""
    return [grant for grant in grants if grant.requested_by_id != user.pk]


def may_view_organisation_grants(user, organisation):
    return (
        user.is_superuser
        or roles.has_role(user, roles.COORDINATOR)
        or organisation.pk in confirmer_organisation_ids(user)
    )


WAITING = gettext_lazy("Access requests waiting for you")


def dashboard_items(user, today):
    return [
        DashboardItem(
            section=WAITING,
            title=grant.description,
            url=grant.get_absolute_url(),
            due=timezone.localtime(grant.requested_at).date(),
            order=5,
        )
        for grant in describe_all(grants_to_confirm(user)[:10])
    ]
