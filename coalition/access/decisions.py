"""Requests that widen sight, and their decisions: confirm, refuse, withdraw."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AccessGrant, AccessGrantConfirmation
from ..services import notify
from .confirmers import eligible_confirmers, may_confirm, may_decide
from .registry import kind_of

User = get_user_model()


class GrantError(Exception):
    """A request that cannot be decided (anymore); the message says why, for the user."""


@transaction.atomic
def grant_request(*, kind, payload, actor, subject=None, note=""):
    """Ask for a change that widens sight. Returns the pending request, or None when the
    change opens no organisation's records (then it is applied at once)."""
    grant = AccessGrant(kind=kind, subject=subject, payload=payload, requested_by=actor, note=note)
    org_ids = set(kind_of(grant).organisations(grant))
    if not org_ids:
        kind_of(grant).apply(grant)
        return None
    same = AccessGrant.objects.filter(
        kind=kind, subject=subject, payload=payload, status=AccessGrant.Status.PENDING
    ).first()
    if same is not None:
        return same
    grant.save()
    AccessGrantConfirmation.objects.bulk_create(
        [AccessGrantConfirmation(grant=grant, organisation_id=o) for o in sorted(org_ids)]
    )
    _ask_confirmers(grant, org_ids)
    return grant


def _ask_confirmers(grant, org_ids):
    recipients = set()
    for org_id in org_ids:
        recipients |= eligible_confirmers(grant, org_id)
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        notify(
            subject=_("An access request waits for your confirmation"),
            body=_(
                "Someone asked to give a person sight of confidential records of your "
                "organisation. Confirm it only if you know it is right."
            ),
            url=grant.get_absolute_url(),
            recipients=User.objects.filter(pk__in=recipients),
            key=f"access-grant-{grant.pk}",
        )


def _locked(grant):
    return AccessGrant.objects.select_for_update().get(pk=grant.pk)


def lock_person(user_id):
    """Serialise changes of one person's access: a confirmation that reads the person's
    teams and a save that changes them must not interleave (on PostgreSQL; SQLite writes
    one at a time anyway)."""
    if user_id is not None:
        list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))


def _check_pending(grant):
    if not grant.is_pending:
        raise GrantError(_("This request is no longer waiting for a decision."))


@transaction.atomic
def grant_confirm(*, grant, organisation, actor):
    """One organisation's confirmation; the change is applied when every organisation
    concerned has confirmed. Organisations that became concerned since the request (a
    team lead who joined another team meanwhile) are added and must confirm too."""
    grant = _locked(grant)
    _check_pending(grant)
    # Through the package, as coalition.people calls it: both sides of a race between a
    # confirmation and a person's save take one and the same `lock_person`.
    lock_person(grant.subject_id)
    if kind_of(grant).lock is not None:
        kind_of(grant).lock(grant)
    confirmation = grant.confirmations.filter(
        organisation=organisation, confirmed_at__isnull=True
    ).first()
    if confirmation is None or not may_confirm(actor, grant, organisation.pk):
        raise PermissionDenied
    confirmation.confirmed_by = actor
    confirmation.confirmed_at = timezone.now()
    confirmation.save(update_fields=["confirmed_by", "confirmed_at"])
    new_orgs = set(kind_of(grant).organisations(grant)) - set(
        grant.confirmations.values_list("organisation_id", flat=True)
    )
    if new_orgs:
        AccessGrantConfirmation.objects.bulk_create(
            [AccessGrantConfirmation(grant=grant, organisation_id=o) for o in sorted(new_orgs)]
        )
        _ask_confirmers(grant, new_orgs)
    if grant.confirmations.filter(confirmed_at__isnull=True).exists():
        return grant
    kind_of(grant).apply(grant)
    grant.status = AccessGrant.Status.APPROVED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    _tell_requester(grant, _("Your access request was confirmed"))
    return grant


@transaction.atomic
def grant_reject(*, grant, actor, reason):
    grant = _locked(grant)
    _check_pending(grant)
    if not may_decide(actor, grant):
        raise PermissionDenied
    grant.status = AccessGrant.Status.REJECTED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.reason = reason
    grant.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _tell_requester(grant, _("Your access request was refused"))
    return grant


@transaction.atomic
def grant_withdraw(*, grant, actor):
    grant = _locked(grant)
    _check_pending(grant)
    if grant.requested_by_id != actor.pk:
        raise PermissionDenied
    grant.status = AccessGrant.Status.WITHDRAWN
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    return grant


def _tell_requester(grant, subject):
    if grant.requested_by_id is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            subject=str(subject),
            url=grant.get_absolute_url(),
            recipients=User.objects.filter(pk=grant.requested_by_id),
            key=f"access-grant-{grant.pk}-{grant.status}",
        )
