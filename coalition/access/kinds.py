"""The core's kinds of change that widen sight: a role, a team, an organisation."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from .. import roles
from ..models import Organisation, Profile, Team
from .registry import GrantKind, preloaded, register_kind

# Roles that open confidential records, and what the role opens them through: a team lead
# sees the cases brought to their teams; intake staff and care workers see the clients of
# their organisations.
SIGHT_ROLES = {
    roles.TEAM_LEAD: "teams",
    roles.INTAKE_STAFF: "organisations",
    roles.CARE_WORKER: "organisations",
}


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
    teams = (
        Team.objects.select_related("organisation")
        .order_by()
        .in_bulk({g.payload["team"] for g in grants})
    )
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
    organisations = Organisation.objects.order_by().in_bulk(
        {g.payload["organisation"] for g in grants}
    )
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
