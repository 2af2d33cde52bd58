"""Permission chokepoints of moral deliberation.

Dilemma cases are confidential: who may see one is kept per case in guardian's object
permissions (granted and revoked by services.sync_case_permissions). Nothing here caches
across requests: every call asks the database again.

Every other entity follows simple rules:
- a working group is seen by the staff of the organisations it serves (and coordinators)
  and managed by its members;
- a session is seen by its lead, its participants and the team leads of its team;
- a consultation is seen by its requester and the members of the working group serving the
  requester's organisation, never by the requester's team lead when they asked for that;
- trainings are seen by the staff of the organisations the group serves.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from coalition.models import AccessLogEntry, Team
from coalition.permissions import is_coordinator, user_organisation_ids
from coalition.roles import TEAM_LEAD, has_role
from coalition.services import log_access

from .models import (
    CaseUserObjectPermission,
    Consultation,
    DilemmaCase,
    SupervisionSession,
    TrainingSession,
    TrainingType,
    WorkingGroup,
)

# --- Who is who ---


def member_group_ids(user):
    """Ids of the working groups the user is a member of (cached for the request)."""
    cached = getattr(user, "_dilemmas_group_ids", None)
    if cached is None:
        cached = frozenset(
            WorkingGroup.objects.filter(memberships__user=user).values_list("pk", flat=True)
        )
        user._dilemmas_group_ids = cached
    return cached


def served_organisation_ids(user):
    """Organisations served by the working groups the user is a member of."""
    cached = getattr(user, "_dilemmas_served_org_ids", None)
    if cached is None:
        cached = frozenset(
            WorkingGroup.organisations.through.objects.filter(
                workinggroup_id__in=member_group_ids(user)
            ).values_list("organisation_id", flat=True)
        )
        user._dilemmas_served_org_ids = cached
    return cached


def led_team_ids(user):
    """Teams the user leads: the teams of a person with the team-lead role."""
    if not has_role(user, TEAM_LEAD):
        return frozenset()
    cached = getattr(user, "_dilemmas_led_team_ids", None)
    if cached is None:
        cached = frozenset(Team.objects.filter(members__user=user).values_list("pk", flat=True))
        user._dilemmas_led_team_ids = cached
    return cached


def is_team_lead(user):
    return bool(led_team_ids(user))


def may_write_case(user):
    return bool(user_organisation_ids(user))


# --- Working groups ---


def groups_visible_to(user):
    qs = WorkingGroup.objects.all()
    if is_coordinator(user):
        return qs
    return qs.filter(
        Q(pk__in=member_group_ids(user))
        | Q(
            pk__in=WorkingGroup.organisations.through.objects.filter(
                organisation_id__in=user_organisation_ids(user)
            ).values("workinggroup_id")
        )
    )


def get_group_for_user(user, pk, *, perm="view"):
    try:
        group = groups_visible_to(user).get(pk=pk)
    except WorkingGroup.DoesNotExist:
        raise Http404 from None
    if perm == "manage" and group.pk not in member_group_ids(user):
        raise PermissionDenied
    if perm == "compose" and not may_compose_group(user, group):
        raise PermissionDenied
    return group


def may_compose_group(user, group):
    """Members keep their group's composition; a coordinator only sets up the first members
    of a group that has none. Membership gives sight of cases, so a coordinator may not
    keep composing an existing group (nor add themselves: see MemberForm)."""
    if group.pk in member_group_ids(user):
        return True
    return is_coordinator(user) and not group.memberships.exists()


def managed_groups(user):
    return WorkingGroup.objects.filter(pk__in=member_group_ids(user))


# --- Dilemma cases ---

CASE_PERMS = {
    "view": "view_dilemmacase",
    "change": "change_dilemmacase",
    "close": "close_dilemmacase",
    "tag": "tag_dilemmacase",
}


def cases_visible_to(user):
    """The cases a user may see: only object permissions count, never a role or superuser."""
    if not user.is_authenticated:
        return DilemmaCase.objects.none()
    return get_objects_for_user(
        user,
        "dilemmas.view_dilemmacase",
        klass=DilemmaCase.objects.all(),
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def case_perms(user, case_pk):
    """The codenames the user holds on one case, read fresh from the database."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        CaseUserObjectPermission.objects.filter(user=user, content_object_id=case_pk).values_list(
            "permission__codename", flat=True
        )
    )


def get_case_for_user(user, pk, *, perm="view", request=None):
    """The one way to a case: 404 without view permission, 403 with view but not `perm`.

    Every call writes the access log (viewed or denied) when a request is given.
    """
    case = (
        DilemmaCase.objects.select_related("author", "organisation", "team", "form_version")
        .filter(pk=pk)
        .first()
    )
    held = case_perms(user, pk) if case else frozenset()
    if case is None or CASE_PERMS["view"] not in held:
        _log(request, "dilemmas.dilemmacase", pk, AccessLogEntry.Outcome.DENIED)
        raise Http404
    if CASE_PERMS[perm] not in held:
        _log(request, case, None, AccessLogEntry.Outcome.DENIED)
        raise PermissionDenied
    _log(request, case, None, AccessLogEntry.Outcome.VIEWED)
    case.held_perms = held
    return case


def _log(request, obj, pk, outcome):
    if request is None:
        return
    if isinstance(obj, str):
        log_access(request=request, obj=pk, outcome=outcome, object_type=obj)
    else:
        log_access(request=request, obj=obj, outcome=outcome)


# --- Sessions ---


def sessions_visible_to(user):
    return SupervisionSession.objects.filter(
        Q(lead=user)
        | Q(team_id__in=led_team_ids(user))
        | Q(
            pk__in=SupervisionSession.participants.through.objects.filter(user=user).values(
                "supervisionsession_id"
            )
        )
    )


def get_session_for_user(user, pk, *, perm="view"):
    session = (
        sessions_visible_to(user).select_related("team__organisation", "lead").filter(pk=pk).first()
    )
    if session is None:
        raise Http404
    if perm == "change" and not may_change_session(user, session):
        raise PermissionDenied
    return session


def may_change_session(user, session):
    return session.lead_id == user.pk or session.team_id in led_team_ids(user)


# --- Consultations ---


def consultations_visible_to(user):
    if not user.is_authenticated:
        return Consultation.objects.none()
    as_group = Q(organisation_id__in=served_organisation_ids(user))
    my_teams = led_team_ids(user)
    if my_teams:
        hidden = Consultation.objects.filter(
            hide_from_team_lead=True, requester__profile__teams__in=my_teams
        ).values("pk")
        as_group &= ~Q(pk__in=hidden)
    return Consultation.objects.filter(Q(requester=user) | as_group)


def may_manage_consultation(user, consultation):
    return consultation.organisation_id in served_organisation_ids(user)


def is_requester(user, consultation):
    return consultation.requester_id == user.pk


def may_withdraw_consultation(user, consultation):
    """Only the person who asked withdraws a request, and only before the conversation (the
    service refuses a request that is no longer open, however it is reached)."""
    return is_requester(user, consultation) and consultation.may_be_withdrawn


def get_consultation_for_user(user, pk, *, perm="view", request=None):
    consultation = (
        consultations_visible_to(user)
        .select_related("requester", "organisation", "picked_up_by")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        _log(request, "dilemmas.consultation", pk, AccessLogEntry.Outcome.DENIED)
        raise Http404
    if (perm == "manage" and not may_manage_consultation(user, consultation)) or (
        perm == "withdraw" and not is_requester(user, consultation)
    ):
        _log(request, consultation, None, AccessLogEntry.Outcome.DENIED)
        raise PermissionDenied
    _log(request, consultation, None, AccessLogEntry.Outcome.VIEWED)
    return consultation


# --- Trainings ---


def training_types_visible_to(user):
    return TrainingType.objects.filter(
        Q(group_id__in=member_group_ids(user))
        | Q(
            group_id__in=WorkingGroup.organisations.through.objects.filter(
                organisation_id__in=user_organisation_ids(user)
            ).values("workinggroup_id")
        )
    )


def training_sessions_visible_to(user):
    return TrainingSession.objects.filter(training__in=training_types_visible_to(user))


def get_training_session_for_user(user, pk, *, perm="view"):
    session = (
        training_sessions_visible_to(user)
        .select_related("training__group", "internal_expert")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    if perm == "manage" and session.training.group_id not in member_group_ids(user):
        raise PermissionDenied
    return session


def get_training_type_for_user(user, pk, *, perm="view"):
    training = training_types_visible_to(user).select_related("group").filter(pk=pk).first()
    if training is None:
        raise Http404
    if perm == "manage" and training.group_id not in member_group_ids(user):
        raise PermissionDenied
    return training
