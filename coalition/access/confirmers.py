"""Who never sees confidential records, and who may confirm a request for an organisation."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from .. import facts, roles
from ..models import AccessGrant, Team
from .registry import (
    ConfirmerSource,
    confirmer_sources,
    kind_of,
    record_counters,
    register_confirmers,
)

User = get_user_model()


def sight_excluded_ids():
    """People who never get sight of confidential records through a grant or a fact other
    than their own authorship: coordinators and superusers."""
    # Two indexed look-ups in one query (the superusers through a partial index, the
    # coordinators through their group), not an OR across a join that reads every account.
    superusers = User.objects.filter(is_superuser=True).values_list("pk", flat=True)
    coordinators = User.groups.through.objects.filter(group__name=roles.COORDINATOR).values_list(
        "user_id", flat=True
    )
    return set(superusers.union(coordinators))


def is_sight_excluded(user):
    """`sight_excluded_ids()` asked of one person, by the roles this request read."""
    return user.is_superuser or roles.has_role(user, roles.COORDINATOR)


def _team_leads_of(organisation_id):
    return User.objects.filter(
        groups__name=roles.TEAM_LEAD, profile__teams__organisation_id=organisation_id
    ).values_list("pk", flat=True)


def _organisations_led_by(user):
    if not roles.has_role(user, roles.TEAM_LEAD):
        return set()
    return set(facts.team_organisation_ids(user))


# The core's confirmers: the team leads of a team of the organisation.
register_confirmers(ConfirmerSource(_team_leads_of, _organisations_led_by))


def _recent_grants():
    since = timezone.now() - timedelta(days=settings.ACCESS_CONFIRMER_WAIT_DAYS)
    return AccessGrant.objects.filter(status=AccessGrant.Status.APPROVED, decided_at__gt=since)


def recently_granted_ids():
    """People whose own sight was widened less than ACCESS_CONFIRMER_WAIT_DAYS ago. They do
    not confirm for others yet: an account that one deceived confirmation made a team lead
    cannot at once let in the next account of whoever controls it, and the organisation
    has those days to notice it on its access page."""
    return set(_recent_grants().filter(subject__isnull=False).values_list("subject_id", flat=True))


def _approvals(user_id):
    """When each request about the person was approved (a fact, coalition.facts)."""
    return AccessGrant.objects.filter(
        subject=user_id, status=AccessGrant.Status.APPROVED, decided_at__isnull=False
    ).annotate(value=facts.as_text("decided_at"))


APPROVED_AT = "coalition.approved_at"
facts.register(APPROVED_AT, _approvals)


def _moment(text):
    """A time the database wrote as text: PostgreSQL with its offset ("+00"), SQLite
    without one (in UTC, as Django stores it)."""
    moment = datetime.fromisoformat(text)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _recently_granted(user):
    """`recently_granted_ids()` asked of one person, from what this request read of them."""
    since = timezone.now() - timedelta(days=settings.ACCESS_CONFIRMER_WAIT_DAYS)
    return any(_moment(text) > since for text in facts.fact(user, APPROVED_AT))


def confirmers_of(organisation_id):
    """Ids of the active people who may confirm a request for this organisation: its team
    leads, and whom the apps add (the working-group members serving it). Never a
    coordinator or a superuser, nor someone who was given sight only just now."""
    ids = set()
    for source in confirmer_sources():
        ids |= set(source.confirmers(organisation_id))
    if not ids:
        return set()
    active = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    return active - sight_excluded_ids() - recently_granted_ids()


def holds_records(organisation_id):
    return any(counter(organisation_id) for counter in record_counters())


def eligible_confirmers(grant, organisation_id):
    """Confirmers of the organisation who are not the requester and gain nothing."""
    excluded = set(kind_of(grant).beneficiaries(grant)) | {grant.requested_by_id}
    return confirmers_of(organisation_id) - excluded


def gains_from(user, grant):
    """Whether the request widens the user's own sight: they never confirm it."""
    return user.pk in kind_of(grant).beneficiaries(grant)


def may_confirm(user, grant, organisation_id):
    if not user.is_authenticated or not grant.is_pending or user.pk == grant.requested_by_id:
        return False
    if gains_from(user, grant):
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
        and not is_sight_excluded(user)
        and not _recently_granted(user)
    ):
        for source in confirmer_sources():
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
