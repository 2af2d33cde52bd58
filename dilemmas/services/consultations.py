"""Conversations with the working group."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.models import Profile
from coalition.services import notify

from ..models import (
    WITHDRAWABLE,
    Consultation,
    ConsultationStatus,
    WorkingGroupMember,
)
from ..permissions import team_leads

User = get_user_model()


# --- Consultations ---


def group_members_for_consultation(consultation):
    """Who hears of a request: the working-group members serving its organisation, never
    the requester, and not the team leads of the requester's teams when they asked so."""
    return members_for_consultations([consultation])[consultation.pk]


def members_for_consultations(consultations):
    """{consultation pk: [User]} for many requests in a fixed number of queries (the rule
    of `group_members_for_consultation`, for a sweep over many requests)."""
    consultations = list(consultations)
    organisation_ids = {c.organisation_id for c in consultations}
    serving = {}
    for organisation_id, user_id in WorkingGroupMember.objects.filter(
        group__organisations__in=organisation_ids, user__is_active=True
    ).values_list("group__organisations", "user_id"):
        serving.setdefault(organisation_id, set()).add(user_id)
    hidden = [c for c in consultations if c.hide_from_team_lead]
    teams_of, leads_of_team = {}, {}
    if hidden:
        for user_id, team_id in Profile.teams.through.objects.filter(
            profile__user__in={c.requester_id for c in hidden}
        ).values_list("profile__user_id", "team_id"):
            teams_of.setdefault(user_id, set()).add(team_id)
        team_ids = set().union(*teams_of.values()) if teams_of else set()
        for lead_id, team_id in (
            team_leads().filter(profile__teams__in=team_ids).values_list("pk", "profile__teams")
        ):
            leads_of_team.setdefault(team_id, set()).add(lead_id)
    wanted = {}
    for c in consultations:
        ids = serving.get(c.organisation_id, set()) - {c.requester_id}
        if c.hide_from_team_lead:
            for team_id in teams_of.get(c.requester_id, ()):
                ids -= leads_of_team.get(team_id, set())
        wanted[c.pk] = ids
    users = User.objects.in_bulk(set().union(*wanted.values()) if wanted else set())
    return {pk: [users[i] for i in sorted(ids) if i in users] for pk, ids in wanted.items()}


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
