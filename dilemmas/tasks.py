"""Reminders of moral deliberation, run by beat. Each is idempotent: a reminder is either
claimed on its row (consultations) or keyed per period (reflection, trainings), and
mail leaves only after the transaction commits."""

from datetime import timedelta
from functools import wraps

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalition.models import Team
from coalition.services import notify, notify_each

from . import services
from .models import Consultation, WorkingGroup
from .permissions import team_leads

User = get_user_model()


def in_product_language(func):
    """Reminders are written in the product's language (settings.LANGUAGE_CODE), whatever
    language the worker happens to run in."""

    @wraps(func)
    def wrapped(*args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapped


@shared_task
@in_product_language
def remind_teams_behind_on_reflection():
    """Tell the team leads of a team that held fewer reflection moments than its rhythm asks."""
    today = timezone.localdate()
    served = WorkingGroup.organisations.through.objects.values("organisation_id")
    sent = 0
    teams = Team.objects.filter(organisation_id__in=served).select_related("organisation")
    for status in services.reflection_statuses(teams, today):
        team = status.team
        if not status.behind:
            continue
        leads = team_leads().filter(profile__teams=team)
        with transaction.atomic():
            sent += len(
                notify(
                    subject=_("Your team is behind on reflection moments"),
                    body=_(
                        "%(team)s held %(held)s of the %(expected)s reflection moments "
                        "expected by now (target: %(target)s a year). Plan a session."
                    )
                    % {
                        "team": team.name,
                        "held": status.held,
                        "expected": status.expected,
                        "target": status.target,
                    },
                    url=reverse("dilemmas:reflection"),
                    recipients=leads,
                    key=f"dilemmas-reflection-{team.pk}-{today.year}-{status.period}",
                )
            )
    return sent


@shared_task
@in_product_language
def remind_overdue_trainings():
    """Remind each person whose mandatory training is overdue, once per due date."""
    today = timezone.localdate()
    people = User.objects.filter(
        is_active=True,
        profile__organisations__dilemma_working_groups__training_types__mandatory=True,
    ).distinct()
    dues = services.trainings_due_for(people, today)
    users = User.objects.in_bulk(list(dues))
    sent = 0
    for user_id, items in dues.items():
        for item in items:
            if not item.is_overdue(today):
                continue
            with transaction.atomic():
                sent += len(
                    notify(
                        subject=_("Your training “%(name)s” is due") % {"name": item.training},
                        body=_("Enrol in one of the coming sessions."),
                        url=reverse("dilemmas:training_list"),
                        recipients=[users[user_id]],
                        key=f"dilemmas-training-due-{item.training.pk}-{item.key_date}",
                    )
                )
    return sent


@shared_task
@in_product_language
def remind_untouched_consultations():
    """Remind the working group of requests nobody picked up for two working days."""
    now = timezone.now()
    sent = 0
    while True:
        batch = _claim_waiting_consultations(now)
        if not batch:
            return sent
        sent += len(batch)


REMINDER_BATCH = 500


@transaction.atomic
def _claim_waiting_consultations(now):
    """Claim up to REMINDER_BATCH due requests and remind the working group of each, in a
    fixed number of queries per batch. The rows are locked (a second worker skips them) and
    marked reminded in the same transaction as the notifications, so nothing is sent twice
    and a crash sends nothing half."""
    candidates = (
        Consultation.objects.untouched_since(now - timedelta(days=2))
        .filter(reminder_sent_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("created_at", "pk")
    )
    # Working days are counted in Python. The due moment grows with the creation time, so
    # in this order the due requests come first and the sweep stops at the first not due.
    due = [c for c in candidates[:REMINDER_BATCH] if c.reminder_due_at() <= now]
    if not due:
        return []
    Consultation.objects.filter(pk__in=[c.pk for c in due]).update(reminder_sent_at=now)
    members = services.members_for_consultations(due)
    subject = _("A request for a conversation has waited two working days")
    body = _("Nobody has picked it up yet. Please pick it up today.")
    notify_each(
        (
            member,
            f"dilemmas-consultation-waiting-{c.pk}",
            subject,
            body,
            c.get_absolute_url(),
        )
        for c in due
        for member in members[c.pk]
    )
    return due
