"""People, organisations and teams, as coordinators keep them in the app.

Coordinators run the coalition: they add people, give roles and teams, keep organisations
and teams. Under the access rule (coalition.access) a change that widens someone's sight of
confidential records becomes a request a second person confirms; everything else applies at
once. Coordinators never set a password: a new person gets an invitation to choose one.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import access, roles
from .models import Profile, Team
from .permissions import is_coordinator, may_change_access_of, may_manage_person
from .tasks import send_invitation

User = get_user_model()


@dataclass
class PersonChange:
    """What a save did: applied now, and asked for confirmation."""

    user: object
    requested: list = field(default_factory=list)


@transaction.atomic
def person_create(
    *,
    username,
    email,
    first_name,
    last_name,
    job_title,
    actor,
    role_names=(),
    organisations=(),
    teams=(),
    note="",
):
    """A new person without a password: they choose one through the invitation. Their
    roles, organisations and teams go through `person_save`, so the access rule holds."""
    if not is_coordinator(actor):
        raise PermissionDenied
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"job_title": job_title})
    change = person_save(
        user=user,
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        is_active=True,
        role_names=role_names,
        organisations=organisations,
        teams=teams,
        note=note,
    )
    send_invitation.delay_on_commit(user.pk)
    return change


@transaction.atomic
def person_save(
    *,
    user,
    actor,
    first_name,
    last_name,
    job_title,
    is_active,
    role_names,
    organisations,
    teams,
    note="",
):
    """Save a person's details and access. Narrowing changes (a role, team or organisation
    taken away) and changes that open nothing apply now; each change that would open
    confidential records becomes an access request (returned in `requested`)."""
    if not may_manage_person(actor, user):
        raise PermissionDenied
    access.lock_person(user.pk)
    user.first_name, user.last_name = first_name, last_name
    if user != actor:
        user.is_active = is_active
    user.save()
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.job_title = job_title
    profile.save()
    change = PersonChange(user=user)
    if not may_change_access_of(actor, user):
        return change

    wanted_roles = set(role_names) & set(roles.ALL_ROLES)
    wanted_teams = {t.pk: t for t in teams}
    wanted_orgs = {o.pk for o in organisations} | {t.organisation_id for t in teams}
    held_roles = set(user.groups.values_list("name", flat=True))
    held_teams = set(profile.teams.values_list("pk", flat=True))
    held_orgs = set(profile.organisations.values_list("pk", flat=True))

    # Narrowing first: what is taken away goes at once.
    gone_roles = held_roles - wanted_roles
    if gone_roles:
        user.groups.remove(*Group.objects.filter(name__in=gone_roles))
    if held_teams - set(wanted_teams):
        profile.teams.remove(*(held_teams - set(wanted_teams)))
    if held_orgs - wanted_orgs:
        profile.organisations.remove(*(held_orgs - wanted_orgs))
    held_roles -= gone_roles

    def request(kind, payload):
        grant = access.grant_request(
            kind=kind, payload=payload, subject=user, actor=actor, note=note
        )
        if grant is not None:
            change.requested.append(grant)

    # Organisations and teams open records only to someone who holds a role that uses them.
    org_sight = any(access.SIGHT_ROLES.get(r) == "organisations" for r in held_roles)
    for org_id in sorted(wanted_orgs - held_orgs):
        if org_sight:
            request("organisation", {"organisation": org_id})
        else:
            profile.organisations.add(org_id)
    team_sight = any(access.SIGHT_ROLES.get(r) == "teams" for r in held_roles)
    for team_id in sorted(set(wanted_teams) - held_teams):
        if team_sight:
            request("team", {"team": team_id})
        else:
            profile.teams.add(team_id)
    # Roles last, so a new team lead's request names the teams they were just given.
    for role in sorted(wanted_roles - held_roles):
        if role in access.SIGHT_ROLES:
            request("role", {"role": role})
        else:
            user.groups.add(Group.objects.get(name=role))
    return change


# --- Login lockout ---


def lockout_until(user):
    """When the login lockout of this user name ends, or None when it is not locked."""
    from axes.models import AccessAttempt
    from django.conf import settings

    attempt = (
        AccessAttempt.objects.filter(
            username=user.get_username(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return None
    until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return until if until > timezone.now() else None


def person_unlock(*, user, actor):
    """Lift the login lockout of a person (coordinators; the person can also reset their
    password by e-mail, which lifts it too)."""
    if not may_manage_person(actor, user):
        raise PermissionDenied
    from axes.utils import reset

    return reset(username=user.get_username())


# --- Organisations and teams ---


@transaction.atomic
def organisation_save(*, organisation, actor):
    if not is_coordinator(actor):
        raise PermissionDenied
    organisation.save()
    return organisation


@transaction.atomic
def team_save(*, team, actor):
    if not is_coordinator(actor):
        raise PermissionDenied
    team.save()
    return team


class TeamInUse(Exception):
    pass


@transaction.atomic
def team_delete(*, team, actor):
    """Delete a team; a team that records still point at stays (its access would linger)."""
    from django.db.models import ProtectedError

    if not is_coordinator(actor):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Team.objects.filter(pk=team.pk).delete()
    except ProtectedError as exc:
        raise TeamInUse from exc
