"""The access rule, in one place.

    No account can, alone, give itself or an account it controls sight of confidential
    cases or client data.

Sight of confidential records comes from facts: a role (team lead, intake staff, care
worker), a team, an organisation, a working-group membership, a working group's
organisations. A change of such a fact that *widens* someone's sight is never applied on the
word of the person who asks for it. It becomes an `AccessGrant` naming every organisation
whose records would become visible. A second person of each of those organisations (one of
its confirmers, see `confirmers_of`) who is neither the requester nor someone who gains sight
confirms it, and only then is the change applied. A change that narrows sight applies at
once. Requests, confirmations and refusals are kept in history and listed on each
organisation's access page, which its team leads and other confirmers see.

A session's participants widen nobody's sight on their own: a case shows in a session only
because its author chose that session's team (dilemmas.services.access.case_audience).

Coordinators run the coalition (people, organisations, roles) but never confirm a request
and never see confidential records; superusers neither, through the app. When an
organisation has no confirmer yet (a new organisation), a superuser confirms in its place:
that is the one bootstrap, and it is recorded like any other confirmation.

Apps take part through two registries, filled in their AppConfig.ready():
- `register_kind(GrantKind(...))`: a kind of change that widens sight (what it means, which
  organisations confirm, who gains sight, how to apply it);
- `register_confirmers(fn)`: fn(organisation_id) -> user ids who may confirm for it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles
from .dashboard import DashboardItem
from .models import AccessGrant, AccessGrantConfirmation, Organisation, Profile, Team
from .services import notify

User = get_user_model()

# Roles that open confidential records, and what the role opens them through: a team lead
# sees the cases brought to their teams; intake staff and care workers see the clients of
# their organisations.
SIGHT_ROLES = {
    roles.TEAM_LEAD: "teams",
    roles.INTAKE_STAFF: "organisations",
    roles.CARE_WORKER: "organisations",
}


class GrantError(Exception):
    """A request that cannot be decided (anymore); the message says why, for the user."""


@dataclass(frozen=True)
class GrantKind:
    name: str
    describe: Callable  # (grant) -> str in the active language
    organisations: Callable  # (grant) -> ids of organisations whose records become visible
    beneficiaries: Callable  # (grant) -> ids of the people who gain sight
    apply: Callable  # (grant) -> None: make the change
    # (grants) -> None: fetch what describe and beneficiaries need for many grants at once
    # and keep it in each grant's `preloaded` dict, so a list runs a fixed number of queries.
    preload: Callable | None = None
    # (grant) -> None: lock, inside the confirming transaction, the rows whose change could
    # widen what this grant opens (a working group), beside the person, which is always
    # locked. The code that changes those facts takes the same locks.
    lock: Callable | None = None


_kinds = {}
_confirmer_sources = []
_record_counters = []


def register_kind(kind):
    _kinds[kind.name] = kind
    return kind


def register_confirmers(source):
    if source not in _confirmer_sources:
        _confirmer_sources.append(source)
    return source


def register_record_counter(counter):
    """counter(organisation_id) -> how many confidential records the organisation holds."""
    if counter not in _record_counters:
        _record_counters.append(counter)
    return counter


def kind_of(grant):
    return _kinds[grant.kind]


def describe(grant):
    kind = _kinds.get(grant.kind)
    if kind is None:
        return grant.kind
    return kind.describe(grant)


def preload(grants):
    """Prepare a list of requests for `describe` and `may_decide` in a few queries."""
    grants = list(grants)
    by_kind = {}
    for grant in grants:
        if getattr(grant, "preloaded", None) is None:
            grant.preloaded = {}
            by_kind.setdefault(grant.kind, []).append(grant)
    for name, same in by_kind.items():
        kind = _kinds.get(name)
        if kind is not None and kind.preload is not None:
            kind.preload(same)
    return grants


def describe_all(grants):
    """The requests with `description` set, for a list page."""
    grants = preload(grants)
    for grant in grants:
        grant.description = describe(grant)
    return grants


def preloaded(grant, key, fetch):
    """A value `preload` fetched for this grant, or fetched now."""
    cache = getattr(grant, "preloaded", None)
    if cache is None:
        cache = grant.preloaded = {}
    if key not in cache:
        cache[key] = fetch()
    return cache[key]


# --- Who never sees, who confirms ---


def sight_excluded_ids():
    """People who never get sight of confidential records through a grant or a fact other
    than their own authorship: coordinators and superusers."""
    return set(
        User.objects.filter(Q(is_superuser=True) | Q(groups__name=roles.COORDINATOR)).values_list(
            "pk", flat=True
        )
    )


@dataclass(frozen=True)
class ConfirmerSource:
    """Who may confirm for an organisation, asked both ways."""

    confirmers: Callable  # (organisation_id) -> ids of people who may confirm for it
    organisations: Callable  # (user) -> ids of organisations the user may confirm for


def _team_leads_of(organisation_id):
    return User.objects.filter(
        groups__name=roles.TEAM_LEAD, profile__teams__organisation_id=organisation_id
    ).values_list("pk", flat=True)


def _organisations_led_by(user):
    if not roles.has_role(user, roles.TEAM_LEAD):
        return set()
    return set(Team.objects.filter(members__user=user).values_list("organisation_id", flat=True))


# The core's confirmers: the team leads of a team of the organisation.
register_confirmers(ConfirmerSource(_team_leads_of, _organisations_led_by))


def recently_granted_ids():
    """People whose own sight was widened less than ACCESS_CONFIRMER_WAIT_DAYS ago. They do
    not confirm for others yet: an account that one deceived confirmation made a team lead
    cannot at once let in the next account of whoever controls it, and the organisation
    has those days to notice it on its access page."""
    since = timezone.now() - timedelta(days=settings.ACCESS_CONFIRMER_WAIT_DAYS)
    return set(
        AccessGrant.objects.filter(
            status=AccessGrant.Status.APPROVED, decided_at__gt=since, subject__isnull=False
        ).values_list("subject_id", flat=True)
    )


def confirmers_of(organisation_id):
    """Ids of the active people who may confirm a request for this organisation: its team
    leads, and whom the apps add (the working-group members serving it). Never a
    coordinator or a superuser, nor someone who was given sight only just now."""
    ids = set()
    for source in _confirmer_sources:
        ids |= set(source.confirmers(organisation_id))
    if not ids:
        return set()
    active = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    return active - sight_excluded_ids() - recently_granted_ids()


def holds_records(organisation_id):
    return any(counter(organisation_id) for counter in _record_counters)


def eligible_confirmers(grant, organisation_id):
    """Confirmers of the organisation who are not the requester and gain nothing."""
    excluded = set(kind_of(grant).beneficiaries(grant)) | {grant.requested_by_id}
    return confirmers_of(organisation_id) - excluded


def may_confirm(user, grant, organisation_id):
    if not user.is_authenticated or not grant.is_pending or user.pk == grant.requested_by_id:
        return False
    if user.pk in kind_of(grant).beneficiaries(grant):
        return False
    if organisation_id in confirmer_organisation_ids(user):
        return True
    # Bootstrap: a new organisation, with no confidential records and nobody to confirm for
    # it yet, is confirmed for by a superuser. An organisation whose confirmers were taken
    # away keeps its records closed until one of its own people is back.
    return (
        user.is_superuser
        and not eligible_confirmers(grant, organisation_id)
        and not holds_records(organisation_id)
    )


def may_decide(user, grant):
    """May confirm or refuse: a second person of one of the organisations concerned."""
    return any(
        may_confirm(user, grant, c.organisation_id)
        for c in grant.confirmations.all()
        if c.confirmed_at is None
    )


def confirmer_organisation_ids(user):
    """Organisations for which the user is a confirmer (whatever the request); kept on the
    user object for the request."""
    cached = getattr(user, "_coalition_confirmer_orgs", None)
    if cached is not None:
        return cached
    ids = set()
    if (
        user.is_authenticated
        and user.is_active
        and user.pk not in sight_excluded_ids()
        and user.pk not in recently_granted_ids()
    ):
        for source in _confirmer_sources:
            ids |= set(source.organisations(user))
    user._coalition_confirmer_orgs = frozenset(ids)
    return user._coalition_confirmer_orgs


def request_details(grant):
    """What a confirmer needs to judge a request: who gains sight (name, e-mail, whether
    they ever logged in) and the teams the person is in, with how many members each has.
    An unknown account in an empty new team is the pattern to refuse."""
    gaining = list(
        User.objects.filter(pk__in=kind_of(grant).beneficiaries(grant)).order_by(
            "last_name", "first_name"
        )
    )
    teams = []
    if grant.subject_id:
        teams = list(
            Team.objects.filter(members__user_id=grant.subject_id)
            .select_related("organisation")
            .annotate(member_count=Count("members", distinct=True))
            .order_by("organisation__name", "name")
        )
    return {"gaining": gaining, "teams": teams}


# --- Who may see which requests ---


def grants_visible_to(user):
    """Coordinators see every request (they run the coalition; a request names people and
    roles, never a confidential record). Others see the requests they made, the ones about
    them, and the ones of the organisations they confirm for."""
    qs = AccessGrant.objects.all()
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return qs
    return qs.filter(
        Q(requested_by=user)
        | Q(subject=user)
        | Q(confirmations__organisation_id__in=confirmer_organisation_ids(user))
    ).distinct()


def grants_to_confirm(user):
    """Pending requests this user may confirm now, oldest first."""
    org_ids = confirmer_organisation_ids(user)
    if not org_ids and not user.is_superuser:
        return []
    pending = (
        AccessGrant.objects.filter(status=AccessGrant.Status.PENDING)
        .exclude(requested_by=user)
        .prefetch_related("confirmations")
        .select_related("subject", "requested_by")
        .order_by("requested_at", "pk")
    )
    if not user.is_superuser:
        pending = pending.filter(
            confirmations__organisation_id__in=org_ids, confirmations__confirmed_at__isnull=True
        ).distinct()
    return [g for g in preload(pending) if may_decide(user, g)]


def may_view_organisation_grants(user, organisation):
    return (
        user.is_superuser
        or roles.has_role(user, roles.COORDINATOR)
        or organisation.pk in confirmer_organisation_ids(user)
    )


# --- Requests and decisions ---


@transaction.atomic
def grant_request(*, kind, payload, actor, subject=None, note=""):
    """Ask for a change that widens sight. Returns the pending request, or None when the
    change opens no organisation's records (then it is applied at once)."""
    grant = AccessGrant(kind=kind, subject=subject, payload=payload, requested_by=actor, note=note)
    org_ids = set(_kinds[kind].organisations(grant))
    if not org_ids:
        _kinds[kind].apply(grant)
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


# --- The core's kinds: a role, a team, an organisation ---


def person_name(user):
    if user is None:
        return _("(removed person)")
    return user.get_full_name() or user.get_username()


def _role_organisations(grant):
    user = grant.subject
    through = SIGHT_ROLES.get(grant.payload["role"])
    if user is None or through is None:
        return set()
    if through == "teams":
        return set(
            Team.objects.filter(members__user=user).values_list("organisation_id", flat=True)
        )
    return set(Organisation.objects.filter(people__user=user).values_list("pk", flat=True))


def _apply_role(grant):
    group = Group.objects.get(name=grant.payload["role"])
    grant.subject.groups.add(group)


def _describe_role(grant):
    label = roles.ROLE_LABELS.get(grant.payload.get("role"), grant.payload.get("role"))
    return _("%(person)s gets the role %(role)s") % {
        "person": person_name(grant.subject),
        "role": label,
    }


def _team(grant):
    return preloaded(
        grant,
        "team",
        lambda: (
            Team.objects.select_related("organisation").filter(pk=grant.payload["team"]).first()
        ),
    )


def _preload_teams(grants):
    teams = Team.objects.select_related("organisation").in_bulk({g.payload["team"] for g in grants})
    for grant in grants:
        grant.preloaded["team"] = teams.get(grant.payload["team"])


def _apply_team(grant):
    team = _team(grant)
    if team is None:
        return
    profile, _created = Profile.objects.get_or_create(user=grant.subject)
    profile.organisations.add(team.organisation)
    profile.teams.add(team)


def _describe_team(grant):
    team = _team(grant)
    return _("%(person)s joins team %(team)s") % {
        "person": person_name(grant.subject),
        "team": team if team is not None else _("(removed team)"),
    }


def _organisation(grant):
    return preloaded(
        grant,
        "organisation",
        lambda: Organisation.objects.filter(pk=grant.payload["organisation"]).first(),
    )


def _preload_organisations(grants):
    organisations = Organisation.objects.in_bulk({g.payload["organisation"] for g in grants})
    for grant in grants:
        grant.preloaded["organisation"] = organisations.get(grant.payload["organisation"])


def _apply_organisation(grant):
    organisation = _organisation(grant)
    if organisation is None:
        return
    profile, _created = Profile.objects.get_or_create(user=grant.subject)
    profile.organisations.add(organisation)


def _describe_organisation(grant):
    organisation = _organisation(grant)
    return _("%(person)s starts working for %(organisation)s") % {
        "person": person_name(grant.subject),
        "organisation": organisation if organisation is not None else _("(removed organisation)"),
    }


def _subject_only(grant):
    return {grant.subject_id}


register_kind(
    GrantKind(
        name="role",
        describe=_describe_role,
        organisations=_role_organisations,
        beneficiaries=_subject_only,
        apply=_apply_role,
    )
)
register_kind(
    GrantKind(
        name="team",
        describe=_describe_team,
        organisations=lambda g: {t.organisation_id} if (t := _team(g)) else set(),
        beneficiaries=_subject_only,
        apply=_apply_team,
        preload=_preload_teams,
    )
)
register_kind(
    GrantKind(
        name="organisation",
        describe=_describe_organisation,
        organisations=lambda g: {g.payload["organisation"]} if _organisation(g) else set(),
        beneficiaries=_subject_only,
        apply=_apply_organisation,
        preload=_preload_organisations,
    )
)


# --- On the dashboard ---

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
