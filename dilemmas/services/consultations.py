"""Conversations with the working group."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.services import notify

from ..models import (
    WITHDRAWABLE,
    Consultation,
    ConsultationStatus,
)
from ..permissions import team_leads

User = get_user_model()


# --- Consultations ---


def group_members_for_consultation(consultation):
    members = User.objects.filter(
        dilemma_memberships__group__organisations=consultation.organisation_id, is_active=True
    ).exclude(pk=consultation.requester_id)
    if consultation.hide_from_team_lead:
        requester_teams = consultation.requester.profile.teams.values("pk")
        members = members.exclude(pk__in=team_leads().filter(profile__teams__in=requester_teams))
    return members.distinct()


@transaction.atomic
def consultation_request(*, consultation, requester):
    consultation.requester = requester
    consultation.save()
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        notify(
            subject=_("A colleague asks the working group for a conversation"),
            body=_("Open the request in the app and pick it up."),
            url=consultation.get_absolute_url(),
            recipients=group_members_for_consultation(consultation),
            key=f"dilemmas-consultation-new-{consultation.pk}",
        )
    return consultation


@transaction.atomic
def consultation_pick_up(*, consultation, actor):
    now = timezone.now()
    claimed = Consultation.objects.filter(
        pk=consultation.pk, status=ConsultationStatus.OPEN
    ).update(status=ConsultationStatus.PICKED_UP, picked_up_by=actor, picked_up_at=now)
    consultation.refresh_from_db()
    if claimed:
        with translation.override(settings.LANGUAGE_CODE):  # the product language
            notify(
                subject=_("Your request for a conversation was picked up"),
                body=_("A member of the working group will contact you the way you asked."),
                url=consultation.get_absolute_url(),
                recipients=[consultation.requester],
                key=f"dilemmas-consultation-picked-{consultation.pk}",
            )
    return bool(claimed)


@transaction.atomic
def consultation_mark_held(*, consultation, actor):
    """Record that the conversation took place; once only (ValidationError afterwards)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.PICKED_UP):
        raise ValidationError(_("This conversation was already recorded."))
    consultation.status = ConsultationStatus.HELD
    consultation.held_at = timezone.now()
    if consultation.picked_up_by_id is None:
        consultation.picked_up_by = actor
        consultation.picked_up_at = consultation.held_at
    consultation.save()
    return consultation


@transaction.atomic
def consultation_close(*, consultation):
    """Close a request; a finished one (closed, withdrawn) stays as it is (ValidationError)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_finished:
        raise ValidationError(_("This request is already closed."))
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_withdraw(*, consultation, actor):
    """The requester takes their request back before the conversation took place. The row
    is kept (its history shows who withdrew it and when); the working-group members who
    received the request hear that it is withdrawn."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.requester_id != actor.pk:
        raise ValidationError(_("Only the person who asked can withdraw a request."))
    if locked.status not in WITHDRAWABLE:
        raise ValidationError(
            _("This request can no longer be withdrawn (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    locked.status = ConsultationStatus.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save()
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        notify(
            subject=_("A request for a conversation was withdrawn"),
            body=_("The colleague who asked no longer needs the conversation."),
            url=locked.get_absolute_url(),
            recipients=group_members_for_consultation(locked),
            key=f"dilemmas-consultation-withdrawn-{locked.pk}",
        )
    return locked


def waiting_summary(consultations):
    """Median and longest wait (in hours) before pick-up of a list of consultations."""
    waits = sorted(c.waited.total_seconds() / 3600 for c in consultations)
    if not waits:
        return None
    middle = len(waits) // 2
    median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return {"count": len(waits), "median_hours": round(median, 1), "max_hours": round(waits[-1], 1)}
