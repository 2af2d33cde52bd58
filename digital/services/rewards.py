"""Badges for clients and staff, and digital champions.

`after_attempt` and `after_goal_reached` are called by services.plans inside its
transaction; they award what the event earns and return the badges made now. Every award
is idempotent: a badge is earned once per client or person (the unique constraints hold it,
`get_or_create` reads them), so a repeated call awards nothing and notifies nobody.

A client's badge is recognition inside the client's care team: it is shown on the client
page only, never announced (no notification, no e-mail) and never ranked. Staff hear of their
own badges in the app; their badges and the evidence stored with them never name a client,
because a staff badge travels outside the coalition as an Open Badges credential.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coalition.models import Organisation, Profile
from coalition.services import notify

from ..models import Achievement, Attempt, Audience, Champion, ClientBadge, StaffBadge
from ..permissions import may_manage_champions

# Codes of the default badges (digital.defaults.ACHIEVEMENTS, loaded by a data migration).
FIRST_STEP = "eerste-stap"
GOAL_REACHED = "doel-gehaald"
BASICS_IN_ORDER = "basis-op-orde"
DIGIHELPER = "digihelper"
FIRST_GOAL_GUIDED = "eerste-doel-begeleid"
DIGICOACH = "digicoach"

DIGIHELPER_CLIENTS = 5  # different clients with a working attempt logged by the same person


# --- Awarding ---


def _achievement(code, audience):
    """The badge with this code, or None when an installation has taken it out."""
    return Achievement.objects.filter(code=code, audience=audience).first()


def _award_client(client, code):
    achievement = _achievement(code, Audience.CLIENTS)
    if achievement is None:
        return None
    badge, created = ClientBadge.objects.get_or_create(client=client, achievement=achievement)
    return badge if created else None


def _award_staff(user, code, *, organisation, evidence):
    """Award a staff badge once and tell its owner in the app (not by e-mail: recognition
    is no reason to fill an inbox). `evidence` is a function, called only for a new badge,
    in the product language, because it is stored and travels with the credential."""
    achievement = _achievement(code, Audience.STAFF)
    if achievement is None or user is None:
        return None
    if StaffBadge.objects.filter(user=user, achievement=achievement).exists():
        return None
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        badge, created = StaffBadge.objects.get_or_create(
            user=user,
            achievement=achievement,
            defaults={"organisation": organisation, "evidence": str(evidence())[:300]},
        )
        if created:
            notify(
                subject=(_("You earned the badge “%(name)s”") % {"name": achievement.name})[:200],
                body=achievement.description,
                url=reverse("digital:my_badges") + f"#badge-{badge.pk}",
                recipients=[user],
                key=f"digital-staff-badge-{badge.pk}",
                send_email=False,
            )
    return badge if created else None


def _made(*badges):
    return [badge for badge in badges if badge is not None]


@transaction.atomic
def after_attempt(*, attempt):
    """Award what a logged attempt earns (for the client and for the care worker).

    An attempt that worked gives the client "eerste-stap" (the first time), and gives the
    person who logged it "digihelper" once they have logged working attempts for
    DIGIHELPER_CLIENTS different clients."""
    if not attempt.worked:
        return []
    client = attempt.goal.client
    client_badge = _award_client(client, FIRST_STEP)
    helper = attempt.logged_by
    helped = (
        Attempt.objects.filter(logged_by=helper, worked=True)
        .values("goal__client")
        .distinct()
        .count()
    )
    staff_badge = None
    if helped >= DIGIHELPER_CLIENTS:
        staff_badge = _award_staff(
            helper,
            DIGIHELPER,
            organisation=client.organisation,
            evidence=lambda: (
                _("Guided %(count)s different clients to a digital service that worked for them.")
                % {"count": helped}
            ),
        )
    return _made(client_badge, staff_badge)


@transaction.atomic
def after_goal_reached(*, goal, actor):
    """Award what a reached goal earns (for the client and for the care worker).

    The client gets "doel-gehaald" for the first goal reached and "basis-op-orde" when it is
    the standing basic goal; the person who marks a client's goal reached gets
    "eerste-doel-begeleid" the first time."""
    client = goal.client
    goal_badge = _award_client(client, GOAL_REACHED)
    basic_badge = _award_client(client, BASICS_IN_ORDER) if goal.is_basic else None
    staff_badge = _award_staff(
        actor,
        FIRST_GOAL_GUIDED,
        organisation=client.organisation,
        evidence=lambda: (
            _("Guided a client to their basic digital goal.")
            if goal.is_basic
            else _("Guided a client to a digital goal from their care plan.")
        ),
    )
    return _made(goal_badge, basic_badge, staff_badge)


def client_badges(client):
    """The client's badges, newest first, for the client page (which has checked sight)."""
    return list(client.badges.select_related("achievement").order_by("-awarded_at", "-pk"))


# --- Staff badges and champions: their chokepoints are in digital.permissions ---


def champion_candidates():
    """People who may be named: active and working for at least one organisation."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__organisations__isnull=False)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def champion_name(*, user, organisation, note, actor):
    """Name `user` a digital champion of `organisation`; they earn the "digicoach" badge.
    Coordinators only; the person must work for that organisation."""
    if not may_manage_champions(actor):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    works_there = Profile.objects.filter(user=user, organisations=organisation).exists()
    if not works_there:
        raise ValidationError(
            {
                "user": _("%(person)s does not work for %(organisation)s.")
                % {"person": _display_name(user), "organisation": organisation.name}
            }
        )
    if Champion.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            {
                "user": _("%(person)s is already a digital champion of %(organisation)s.")
                % {"person": _display_name(user), "organisation": organisation.name}
            }
        )
    champion = Champion(user=user, organisation=organisation, note=(note or "").strip())
    champion._history_user = actor
    champion.full_clean()
    champion.save()
    _award_staff(
        user,
        DIGICOACH,
        organisation=organisation,
        evidence=lambda: (
            _("Named digital champion of %(organisation)s.") % {"organisation": organisation.name}
        ),
    )
    return champion


@transaction.atomic
def champion_remove(*, champion, actor):
    """Take a champion off the list; the history keeps who removed whom, and the digicoach
    badge stays earned."""
    if not may_manage_champions(actor):
        raise PermissionDenied
    champion._history_user = actor
    champion.delete()


def _display_name(user):
    return user.get_full_name() or user.get_username()


# --- Recognition overview (coordinators; counts only) ---


def badge_counts():
    """Badges earned per organisation and kind, as counts only: no client, no person.

    Returns {"staff": table, "clients": table}, each table a dict with `achievements` (the
    columns) and `rows` ([(organisation name, [count per achievement], total)]).
    Four queries whatever the number of badges."""
    achievements = list(Achievement.objects.order_by("audience", "name"))
    organisations = list(Organisation.objects.order_by("name").values_list("pk", "name"))
    staff = (
        StaffBadge.objects.values_list("organisation_id", "achievement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    clients = (
        ClientBadge.objects.values_list("client__organisation_id", "achievement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "staff": _table(
            [a for a in achievements if a.audience == Audience.STAFF], organisations, staff
        ),
        "clients": _table(
            [a for a in achievements if a.audience == Audience.CLIENTS], organisations, clients
        ),
    }


def _table(achievements, organisations, counted):
    counts = defaultdict(int)
    for organisation_id, achievement_id, n in counted:
        counts[organisation_id, achievement_id] = n
    rows = []
    names = [*organisations]
    if any(organisation_id is None for organisation_id, _a in counts):
        # Staff badges whose organisation was deleted since (the foreign key is SET_NULL).
        names.append((None, _("No organisation")))
    for organisation_id, name in names:
        row = [counts[organisation_id, a.pk] for a in achievements]
        rows.append((name, row, sum(row)))
    totals = [sum(row[i] for _n, row, _t in rows) for i in range(len(achievements))]
    return {"achievements": achievements, "rows": rows, "totals": totals, "total": sum(totals)}
