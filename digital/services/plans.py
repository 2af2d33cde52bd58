"""Digital goals in the care plan, attempts with a service, and the "three strikes" switch.

Every client has one standing basic goal (device, internet, passwords); further goals
follow the client's wishes, each with a service from the menu. Care workers log attempts.
At the third failure of the same goal since it started (or since a switch was undone) the
client switches to the service's analog alternative: the goal is marked and the care
workers of the client's organisation are told. A switch can be undone, with a reason."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition import access, roles
from coalition.models import Profile
from coalition.services import notify, notify_each

from ..models import STRIKES, Attempt, Client, Goal, GoalStatus, Intake
from ..permissions import client_organisation_ids
from . import rewards

User = get_user_model()


def may_keep_plan(user, client):
    """Intake staff and care workers of the client's organisation keep its goals."""
    return client.organisation_id in client_organisation_ids(user)


def _require(user, client):
    if not may_keep_plan(user, client):
        raise PermissionDenied


def ensure_basic_goal(*, client, actor=None):
    """The standing basic goal of a client (made once, in the product language)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The basics: a device, the internet and a password on my own")
    goal, _created = Goal.objects.get_or_create(
        client=client, is_basic=True, defaults={"title": title, "created_by": actor}
    )
    return goal


@transaction.atomic
def goal_create(*, client, title, service, due_on, actor):
    _require(actor, client)
    if service is None:
        raise ValidationError({"service": _("Choose the service from the menu for this goal.")})
    if service.retired_at is not None:
        raise ValidationError({"service": _("This service is no longer on the menu.")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Choose a date from today on.")})
    return Goal.objects.create(
        client=client, title=title.strip(), service=service, due_on=due_on, created_by=actor
    )


def failures_counted(goal):
    return goal.attempts.filter(worked=False, logged_at__gte=goal.strikes_since).count()


@transaction.atomic
def attempt_log(*, goal, worked, note, actor):
    """Log an attempt. Returns (attempt, switched): `switched` when this was the third
    failure and the client now uses the analog alternative."""
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related("client", "service")
        .get(pk=goal.pk)
    )
    _require(actor, goal.client)
    if goal.status != GoalStatus.ACTIVE:
        raise ValidationError(_("Attempts are logged for goals that are being worked on."))
    attempt = Attempt.objects.create(goal=goal, worked=worked, note=note.strip(), logged_by=actor)
    switched = False
    if not worked and failures_counted(goal) >= STRIKES:
        goal.status = GoalStatus.ANALOG
        goal.switched_at = timezone.now()
        goal.save(update_fields=["status", "switched_at"])
        _tell_care_workers(goal)
        switched = True
    rewards.after_attempt(attempt=attempt)
    return attempt, switched


def care_worker_ids(client):
    return (
        set(
            User.objects.filter(
                is_active=True,
                groups__name=roles.CARE_WORKER,
                profile__organisations=client.organisation_id,
            ).values_list("pk", flat=True)
        )
        - access.sight_excluded_ids()
    )


def _tell_care_workers(goal):
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        notify(
            subject=_("A client switched to an analog alternative"),
            body=_(
                "A digital service did not work three times. The client now uses its "
                "analog alternative. Look at the goal and talk about what next."
            ),
            url=goal.get_absolute_url(),
            recipients=User.objects.filter(pk__in=care_worker_ids(goal.client)),
            key=f"digital-switch-{goal.pk}-{goal.switched_at:%Y%m%d%H%M%S}",
        )


@transaction.atomic
def switch_undo(*, goal, reason, actor):
    goal = Goal.objects.select_for_update(of=("self",)).select_related("client").get(pk=goal.pk)
    _require(actor, goal.client)
    if goal.status != GoalStatus.ANALOG:
        raise ValidationError(_("This goal did not switch to the analog alternative."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the client tries the service again.")})
    goal.status = GoalStatus.ACTIVE
    goal.switched_at = None
    goal.strikes_since = timezone.now()
    goal.undo_reason = reason
    goal.save(update_fields=["status", "switched_at", "strikes_since", "undo_reason"])
    return goal


@transaction.atomic
def goal_set_status(*, goal, status, actor):
    """Mark a goal reached, stop it, or take it up again."""
    goal = Goal.objects.select_for_update(of=("self",)).select_related("client").get(pk=goal.pk)
    _require(actor, goal.client)
    if status not in (GoalStatus.ACTIVE, GoalStatus.REACHED, GoalStatus.STOPPED):
        raise ValidationError(_("Choose reached, stopped or working on it."))
    if goal.is_basic and status == GoalStatus.STOPPED:
        raise ValidationError(_("The basic goal stays in every care plan."))
    goal.status = status
    goal.reached_on = timezone.localdate() if status == GoalStatus.REACHED else None
    if status == GoalStatus.ACTIVE:
        goal.strikes_since = timezone.now()
    goal.save(update_fields=["status", "reached_on", "strikes_since"])
    if status == GoalStatus.REACHED:
        rewards.after_goal_reached(goal=goal, actor=actor)
    return goal


# --- Skills fade: a re-intake after a while, or after a switch to analog ---


def clients_due_for_reintake(now=None):
    """Clients whose last intake is older than DIGITAL_REINTAKE_MONTHS, or who switched to
    an analog alternative after it. Returns {client: last intake moment}."""
    due = _due_for_reintake(now or timezone.now()).select_related("organisation")
    return {client: client.last_intake for client in due}


def _due_for_reintake(now):
    """The clients due for a re-intake, each with its `last_intake`. The last intake and
    switch are subqueries rather than an aggregate, so the sweep can lock a batch of these
    rows (PostgreSQL locks no rows of a grouped query)."""
    cutoff = now - relativedelta(months=settings.DIGITAL_REINTAKE_MONTHS)
    last_intake = Intake.objects.filter(client=OuterRef("pk")).order_by("-done_at")
    last_switch = Goal.objects.filter(client=OuterRef("pk"), switched_at__isnull=False).order_by(
        "-switched_at"
    )
    return (
        Client.objects.annotate(
            last_intake=Subquery(last_intake.values("done_at")[:1]),
            last_switch=Subquery(last_switch.values("switched_at")[:1]),
        )
        .filter(last_intake__isnull=False)
        .filter(
            Q(last_intake__lt=cutoff)
            | Q(last_switch__isnull=False, last_switch__gt=F("last_intake"))
        )
    )


def intake_staff_ids(organisation_id):
    return (
        set(
            User.objects.filter(
                is_active=True,
                groups__name=roles.INTAKE_STAFF,
                profile__organisations=organisation_id,
            ).values_list("pk", flat=True)
        )
        - access.sight_excluded_ids()
    )


def _intake_staff_by_organisation(organisation_ids):
    """{organisation_id: [user]} in two queries: for each organisation, the people
    `intake_staff_ids` names for that one organisation."""
    excluded = access.sight_excluded_ids()
    staff = User.objects.filter(is_active=True, groups__name=roles.INTAKE_STAFF)
    links = (
        Profile.organisations.through.objects.filter(
            organisation_id__in=organisation_ids, profile__user__in=staff
        )
        .select_related("profile__user")
        .order_by("organisation_id", "profile__user_id")
    )
    by_organisation = {}
    for link in links:
        if link.profile.user_id not in excluded:
            by_organisation.setdefault(link.organisation_id, []).append(link.profile.user)
    return by_organisation


# Clients proposed in one transaction: the sweep's queries are fixed per batch.
REINTAKE_BATCH = 500


def propose_reintakes(now=None):
    """Tell the intake staff of each client that is due, once per client and last intake
    (the key makes a second run send nothing). Returns how many clients were proposed."""
    now = now or timezone.now()
    count, after = 0, 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            clients, proposed = _propose_reintakes(after, now)
            if not clients:
                return count
            count += proposed
            after = clients[-1].pk


@transaction.atomic
def _propose_reintakes(after, now):
    """Propose the next REINTAKE_BATCH due clients (by pk, after `after`) to their intake
    staff, in a fixed number of queries. Returns (clients looked at, clients proposed now).
    The client rows stay locked until the batch commits, so a run at the same moment waits
    for them and then finds the keys taken."""
    clients = list(
        _due_for_reintake(now)
        .filter(pk__gt=after)
        .select_for_update(of=("self",))
        .order_by("pk")[:REINTAKE_BATCH]
    )
    if not clients:
        return clients, 0
    staff = _intake_staff_by_organisation({c.organisation_id for c in clients})
    # The client number stays out of the subject: notifications are mailed.
    subject = _("A client is due for a re-intake")
    body = _(
        "Digital skills change: the last intake is a while ago, or a service "
        "switched to its analog alternative. Plan a re-intake."
    )
    made = notify_each(
        (
            person,
            f"digital-reintake-{client.pk}-{client.last_intake:%Y%m%d%H%M%S}",
            subject,
            body,
            client.get_absolute_url(),
        )
        for client in clients
        for person in staff.get(client.organisation_id, ())
    )
    # One key per client and last intake: the keys made now are the clients proposed now.
    return clients, len({n.key for n in made})
