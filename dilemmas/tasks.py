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

from coalition.models import Profile, Team
from coalition.services import notify_each

from . import services
from .models import Consultation, WorkingGroup
from .permissions import team_leads

User = get_user_model()

# Rows a sweep handles in one transaction: its queries are fixed per batch.
REMINDER_BATCH = 500


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
    sent, after = 0, 0
    while True:
        teams, made = _remind_teams_behind(after, today)
        if not teams:
            return sent
        sent += made
        after = teams[-1].pk


@transaction.atomic
def _remind_teams_behind(after, today):
    """Remind the leads of the teams behind among the next REMINDER_BATCH served teams (by
    pk, after `after`), in a fixed number of queries. Returns (teams looked at, reminders
    made). Nothing marks a team as reminded: the key (team, year, period) does. The team
    rows stay locked until the batch commits, so a run at the same moment waits for them and
    then finds the keys taken; skipping them instead would leave them out of that period."""
    served = WorkingGroup.organisations.through.objects.values("organisation_id")
    teams = list(
        Team.objects.filter(organisation_id__in=served, pk__gt=after)
        .select_for_update(of=("self",))
        .order_by("pk")[:REMINDER_BATCH]
    )
    if not teams:
        return teams, 0
    behind = [s for s in services.reflection_statuses(teams, today) if s.behind]
    if not behind:
        return teams, 0
    leads = _leads_by_team([s.team.pk for s in behind])
    subject = _("Your team is behind on reflection moments")
    url = reverse("dilemmas:reflection")
    made = notify_each(
        (
            lead,
            f"dilemmas-reflection-{status.team.pk}-{today.year}-{status.period}",
            subject,
            _(
                "%(team)s held %(held)s of the %(expected)s reflection moments "
                "expected by now (target: %(target)s a year). Plan a session."
            )
            % {
                "team": status.team.name,
                "held": status.held,
                "expected": status.expected,
                "target": status.target,
            },
            url,
        )
        for status in behind
        for lead in leads.get(status.team.pk, ())
    )
    return teams, len(made)


def _leads_by_team(team_ids):
    """{team_id: [lead]} in one query: for each team, the people
    `team_leads().filter(profile__teams=team)` names for that one team."""
    links = (
        Profile.teams.through.objects.filter(team_id__in=team_ids, profile__user__in=team_leads())
        .select_related("profile__user")
        .order_by("team_id", "profile__user_id")
    )
    leads = {}
    for link in links:
        leads.setdefault(link.team_id, []).append(link.profile.user)
    return leads


@shared_task
@in_product_language
def remind_overdue_trainings():
    """Remind each person whose mandatory training is overdue, once per due date."""
    today = timezone.localdate()
    # Who must follow a mandatory training is read once; each batch then locks its share
    # by primary key (a subquery per batch would read every person again each time).
    bound = list(
        User.objects.filter(
            is_active=True,
            profile__organisations__dilemma_working_groups__training_types__mandatory=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    sent = 0
    for start in range(0, len(bound), REMINDER_BATCH):
        sent += _remind_overdue_trainings(bound[start : start + REMINDER_BATCH], today)
    return sent


@transaction.atomic
def _remind_overdue_trainings(user_ids, today):
    """Remind these people (at most REMINDER_BATCH) of each mandatory training overdue, in a
    fixed number of queries. Returns the reminders made. The key (training, due date) makes
    it once per due date; the rows of the people stay locked until the batch commits, so a
    run at the same moment waits and then finds the keys taken."""
    people = list(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if not people:
        return 0
    dues = services.trainings_due_for(people, today)
    body = _("Enrol in one of the coming sessions.")
    url = reverse("dilemmas:training_list")
    made = notify_each(
        (
            person,
            f"dilemmas-training-due-{item.training.pk}-{item.key_date}",
            _("Your training “%(name)s” is due") % {"name": item.training},
            body,
            url,
        )
        for person in people
        for item in dues[person.pk]
        if item.is_overdue(today)
    )
    return len(made)


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
