"""Partners, contact persons and their roles, relationship managers, contact moments.

A logged contact moment resets the partner's rhythm (last_contact_on is the latest moment
logged, whatever order they are logged in). The weekly digest tells each manager their
overdue partners once per week."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.services import notify_each

from ..models import (
    Assignment,
    ContactMoment,
    Health,
    Partner,
    normalise_name,
)
from ..permissions import keeper_organisation_ids, may_keep_partner

User = get_user_model()


def _require_keeper(user, organisation_id):
    keepers = keeper_organisation_ids(user)
    if keepers is not None and organisation_id not in keepers:
        raise PermissionDenied


@transaction.atomic
def category_save(*, category, actor):
    _require_keeper(actor, category.organisation_id)
    if category.target_days < 1:
        raise ValidationError({"target_days": _("A contact rhythm is at least one day.")})
    if category.max_days < category.target_days:
        raise ValidationError(
            {"max_days": _("The maximum cannot be shorter than the rhythm itself.")}
        )
    category.save()
    return category


@transaction.atomic
def partner_save(*, partner, actor):
    _require_keeper(actor, partner.organisation_id)
    if partner.category.organisation_id != partner.organisation_id:
        raise ValidationError({"category": _("Choose a category of the same organisation.")})
    if partner.target_days and partner.max_days and partner.max_days < partner.target_days:
        raise ValidationError(
            {"max_days": _("The maximum cannot be shorter than the rhythm itself.")}
        )
    partner.normalised_name = normalise_name(partner.name, partner.place)
    partner.save()
    return partner


def refresh_last_contact(partner, *, at_least=None):
    """Set last_contact_on to the latest contact moment. `at_least` keeps a date known from
    elsewhere (a merged partner's last contact, which need not be a logged moment)."""
    latest = partner.contacts.aggregate(latest=Max("on"))["latest"]
    if at_least is not None and (latest is None or at_least > latest):
        latest = at_least
    Partner.objects.filter(pk=partner.pk).update(last_contact_on=latest)
    partner.last_contact_on = latest


@transaction.atomic
def contact_log(*, partner, on, kind, summary, follow_up, person, actor):
    """Log a contact moment; it resets the partner's rhythm."""
    if not may_keep_partner(actor, partner):
        raise PermissionDenied
    if on > timezone.localdate():
        raise ValidationError({"on": _("A contact moment cannot be in the future.")})
    if person is not None and person.organisation_id != partner.organisation_id:
        raise ValidationError({"person": _("Choose a contact person of this partner.")})
    moment = ContactMoment.objects.create(
        partner=partner,
        on=on,
        kind=kind,
        summary=summary.strip(),
        follow_up=follow_up.strip(),
        person=person,
        logged_by=actor,
    )
    refresh_last_contact(partner)
    return moment


@transaction.atomic
def role_save(*, role, actor):
    if not may_keep_partner(actor, role.partner):
        raise PermissionDenied
    if role.person.organisation_id != role.partner.organisation_id:
        raise ValidationError({"person": _("Choose a contact person of your organisation.")})
    if role.ends_on and role.ends_on < role.starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    role.save()
    return role


@transaction.atomic
def assignment_save(*, assignment, actor):
    if not may_keep_partner(actor, assignment.partner):
        raise PermissionDenied
    if not assignment.manager.profile.organisations.filter(
        pk=assignment.partner.organisation_id
    ).exists():
        raise ValidationError(
            {"manager": _("Choose someone who works for the organisation that keeps this partner.")}
        )
    if assignment.hours_per_week is None or assignment.hours_per_week <= 0:
        raise ValidationError({"hours_per_week": _("Give the hours a week, more than zero.")})
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment, actor):
    if not may_keep_partner(actor, assignment.partner):
        raise PermissionDenied
    assignment.delete()


# --- The rhythm ---


def overdue_for(manager, today, *, soon_days=7):
    """The partners a manager keeps that are past their rhythm or due within `soon_days`,
    as (partner, health, next contact date), most overdue first. Two queries."""
    partners = (
        Partner.objects.filter(assignments__manager=manager).select_related("category").distinct()
    )
    rows = []
    for partner in partners:
        health = partner.health(today)
        next_on = partner.next_contact_on()
        if health != Health.GREEN or (next_on and (next_on - today).days <= soon_days):
            rows.append((partner, health, next_on))
    rows.sort(key=lambda r: r[2] or date.min)  # no date first
    return rows


# Managers handled in one transaction: the digest's queries are fixed per batch.
DIGEST_BATCH = 500


def send_weekly_digests(today=None):
    """One digest a week per manager with overdue partners; never twice in a week."""
    today = today or timezone.localdate()
    sent, after = 0, 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            looked_at, made = _send_digests(after, today)
            if not looked_at:
                return sent
            sent += made
            after = looked_at[-1]


@transaction.atomic
def _send_digests(after, today):
    """The digests of the next DIGEST_BATCH managers with partners (by id, after `after`),
    in a fixed number of queries. Returns (manager ids looked at, digests sent). The key
    (year, week) makes it once a week; the rows of the managers stay locked until the batch
    commits, so a run at the same moment waits and then finds the keys taken (skipping them
    instead would leave them without a digest that week).

    The batch's ids are read from the assignments' index onwards from `after`, so each
    batch costs the same wherever it falls, not a scan of the assignments before it."""
    year, week, _weekday = today.isocalendar()
    ids = list(
        Assignment.objects.filter(manager_id__gt=after)
        .order_by("manager_id")
        .values_list("manager_id", flat=True)
        .distinct()[:DIGEST_BATCH]
    )
    if not ids:
        return ids, 0
    managers = list(
        User.objects.filter(pk__in=ids, is_active=True)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    overdue = _overdue_by_manager(managers, today)
    url = reverse("relatiebeheer:my_partners")
    made = notify_each(
        (
            manager,
            f"relatiebeheer-digest-{year}-{week}",
            _("Partners to contact this week: %(count)s") % {"count": len(partners)},
            _("Past their contact rhythm: %(names)s.")
            % {"names": ", ".join(p.name for p in partners[:10])},
            url,
        )
        for manager in managers
        if (partners := overdue.get(manager.pk))
    )
    return ids, len(made)


def _overdue_by_manager(managers, today):
    """{manager_id: [partner]} in one query: the partners each manager keeps that are past
    their rhythm, in the order `overdue_for(manager, today, soon_days=0)` gives them for one
    manager: never contacted first, then the earliest next contact, by name among equals."""
    assignments = (
        Assignment.objects.filter(manager__in=managers)
        .select_related("partner__category")
        .order_by("partner__name", "partner_id")
    )
    kept = {}
    for assignment in assignments:
        # One partner kept on two levels is one partner.
        kept.setdefault(assignment.manager_id, {}).setdefault(
            assignment.partner_id, assignment.partner
        )
    overdue = {}
    for manager_id, partners in kept.items():
        late = [p for p in partners.values() if p.health(today) != Health.GREEN]
        late.sort(key=lambda p: p.next_contact_on() or date.min)
        if late:
            overdue[manager_id] = late
    return overdue


# --- The yearly plan ---


@transaction.atomic
def plan_item_save(*, item, actor):
    """An item of the actor's own yearly plan, about a partner they may keep."""
    if item.manager_id != actor.pk or not may_keep_partner(actor, item.partner):
        raise PermissionDenied
    if item.due_on.year != item.year:
        raise ValidationError({"due_on": _("Choose a date in %(year)s.") % {"year": item.year}})
    item.save()
    return item


@transaction.atomic
def plan_item_done(*, item, actor, done):
    if item.manager_id != actor.pk:
        raise PermissionDenied
    item.done_on = timezone.localdate() if done else None
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def plan_item_delete(*, item, actor):
    if item.manager_id != actor.pk:
        raise PermissionDenied
    item.delete()


def plan_summary(items, today):
    """How a plan stands: done, behind (past its date and not done), still to come."""
    done = sum(1 for i in items if i.done_on)
    behind = sum(1 for i in items if i.is_behind(today))
    return {"total": len(items), "done": done, "behind": behind, "on_schedule": behind == 0}
