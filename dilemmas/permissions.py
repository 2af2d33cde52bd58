"""Permission chokepoints of moral deliberation: who may see and do what.

Views ask this module and nothing else. An object page fetches its object through a
`get_x_for_user(user, pk, perm=...)` function (404 when the user may not see it, 403 when
they may see but not do `perm`); a page without an object calls `require(may_x(user))`.
Services that must refuse the same people whoever calls them ask the same predicates.

Dilemma cases are confidential: who may see one is kept per case in guardian's object
permissions (granted and revoked by services.sync_case_permissions): rows of their own for
the people who see it as persons, and one row per permission for each working group that
reads it, held by the group's Django group and reaching the group's members. Nothing here
caches across requests: every call asks the database again (a few answers are kept on the
user object for the length of one request).

Every other entity follows simple rules:
- a working group is seen by the staff of the organisations it serves (and coordinators)
  and managed by its members;
- a session is seen by its lead, its participants and the team leads of its team; only its
  participants answer its "less alone" question;
- a consultation is seen by its requester and the members of the working group serving the
  requester's organisation, never by the requester's team lead when they asked for that;
- trainings are seen by the staff of the organisations the group serves and managed by the
  group's members.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Q
from django.http import Http404

from coalition import facts
from coalition.access import is_sight_excluded
from coalition.models import AccessLogEntry, Organisation, Team
from coalition.permissions import is_coordinator, permission_id, user_organisation_ids
from coalition.prepared import PreparedQuery
from coalition.roles import COORDINATOR, TEAM_LEAD, has_role
from coalition.services import log_access

from .models import (
    CalendarFeed,
    CaseFormVersion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consultation,
    DilemmaCase,
    SessionCase,
    SupervisionSession,
    TrainingSession,
    TrainingType,
    WorkingGroup,
    WorkingGroupMember,
)

User = get_user_model()


def require(allowed):
    """Refuse (403) unless a predicate of this module allowed it: the one way a view says no
    on a page without an object, so no view raises PermissionDenied itself."""
    if not allowed:
        raise PermissionDenied


# --- Who is who ---


def _working_groups(user_id):
    return WorkingGroupMember.objects.filter(user=user_id).annotate(value=facts.as_text("group_id"))


WORKING_GROUPS = "dilemmas.working_group"
facts.register(WORKING_GROUPS, _working_groups)


def member_group_ids(user):
    """Ids of the working groups the user is a member of (read once per request with what
    else the app knows of them, coalition.facts)."""
    if not user.is_authenticated:
        return frozenset()
    return facts.ids(user, WORKING_GROUPS)


def _served_organisations(user_id):
    return WorkingGroup.organisations.through.objects.filter(
        workinggroup__memberships__user=user_id
    ).annotate(value=facts.as_text("organisation_id"))


SERVED_ORGANISATIONS = "dilemmas.served_organisation"
facts.register(SERVED_ORGANISATIONS, _served_organisations)


def served_organisation_ids(user):
    """Organisations served by the working groups the user is a member of (read once per
    request with what else the app knows of them, coalition.facts)."""
    if not user.is_authenticated:
        return frozenset()
    return facts.ids(user, SERVED_ORGANISATIONS)


# A team lead is a person with the team-lead role, and leads the teams they belong to.
# `team_leads` (many people) and `led_team_ids` (one person) are the only two places that
# say so; everything else in this app asks them.


def team_leads():
    """Everyone who leads teams: active people with the team-lead role."""
    return User.objects.filter(groups__name=TEAM_LEAD, is_active=True)


def led_team_ids(user):
    """Teams the user leads: the teams of a person with the team-lead role."""
    if not has_role(user, TEAM_LEAD):
        return frozenset()
    return facts.ids(user, facts.TEAMS)


def is_team_lead(user):
    return bool(led_team_ids(user))


def people_led_by(user):
    """The active members of the teams the user leads: whom a team lead enrols in a training
    and whose due trainings they see."""
    return (
        User.objects.filter(is_active=True, profile__teams__in=led_team_ids(user))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def training_report_people(user):
    """Whose due trainings the user may list and export: a coordinator everyone's (they run
    the coalition's people), a team lead the people of their teams; 403 for anyone else."""
    if is_coordinator(user):
        return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    require(is_team_lead(user))
    return people_led_by(user)


# --- Working groups ---


def may_create_group(user):
    return is_coordinator(user)


def may_manage_group(user, group):
    """Members run their group: its themes, its case form, its feedback overview."""
    return group.pk in member_group_ids(user)


def may_compose_group(user, group):
    """Members keep their group's composition; a coordinator only sets up the first members
    of a group that has none. Membership gives sight of cases, so a coordinator may not
    keep composing an existing group (nor add themselves: services.member_add refuses)."""
    if may_manage_group(user, group):
        return True
    return is_coordinator(user) and not group.memberships.exists()


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
    if perm == "manage" and not may_manage_group(user, group):
        raise PermissionDenied
    if perm == "compose" and not may_compose_group(user, group):
        raise PermissionDenied
    return group


def managed_groups(user):
    return WorkingGroup.objects.filter(pk__in=member_group_ids(user))


def get_form_version_for_user(user, group, pk):
    """A version of `group`'s case form: a published one for everyone who sees the group, the
    draft only for the group's members (404 for those who fill in forms)."""
    version = CaseFormVersion.objects.filter(pk=pk, group=group).first()
    if version is None or not (version.is_published or may_manage_group(user, group)):
        raise Http404
    return version


# --- Dilemma cases ---

CASE_PERMS = {
    "view": "view_dilemmacase",
    "change": "change_dilemmacase",
    "close": "close_dilemmacase",
    "tag": "tag_dilemmacase",
}


def may_write_case(user):
    """Staff of an organisation write cases (on that organisation's form)."""
    return bool(user_organisation_ids(user))


def organisations_for_new_case(user):
    """The organisations the user may write a new case for: those they work for."""
    return Organisation.objects.filter(pk__in=user_organisation_ids(user)).order_by("name")


def _view_case_id():
    return permission_id("dilemmas", CASE_PERMS["view"])


def _group_case_rows(user_id, *, sight_excluded=None):
    """The rows of the working groups the user is a member of. They reach a person through
    the membership, which only a confirmed access request gives, not through the user list
    of the group's Django group; and never a coordinator or a superuser, whatever they are
    a member of (as coalition.access.sight_excluded_ids says). `sight_excluded`: whether the
    person is one, as this request read their roles; None asks it in the same query."""
    groups = WorkingGroupMember.objects.filter(user=user_id).values("group__auth_group_id")
    rows = CaseGroupObjectPermission.objects.filter(group_id__in=groups)
    if sight_excluded is None:
        excluded = get_user_model().objects.filter(
            Q(is_superuser=True) | Q(groups__name=COORDINATOR), pk=user_id
        )
        return rows.filter(~Exists(excluded))
    return rows.none() if sight_excluded else rows


def _visible(field, user_id, view_id, *, sight_excluded=None):
    """`field` (a case's id) is one the user may see: a Q for a filter."""
    own = CaseUserObjectPermission.objects.filter(user=user_id, permission_id=view_id)
    shared = _group_case_rows(user_id, sight_excluded=sight_excluded).filter(permission_id=view_id)
    return Q(**{f"{field}__in": own.values("content_object_id")}) | Q(
        **{f"{field}__in": shared.values("content_object_id")}
    )


def _visible_cases(user_id, view_id, *, sight_excluded=None):
    return DilemmaCase.objects.filter(
        _visible("pk", user_id, view_id, sight_excluded=sight_excluded)
    )


def cases_visible_to(user):
    """The cases a user may see: only object permissions count, never a role or superuser."""
    if not user.is_authenticated:
        return DilemmaCase.objects.none()
    return _visible_cases(user.pk, _view_case_id(), sight_excluded=is_sight_excluded(user))


def case_sight(user, field="case_id"):
    """What `cases_visible_to` says, as a filter on another model's case (`field`, the
    case's id): a session's links filtered so are read by the session's index, not by
    reading every case the user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return _visible(field, user.pk, _view_case_id(), sight_excluded=is_sight_excluded(user))


def _visible_case_counts_query(user_id, view_id, session_ids):
    # The sessions' links filtered by the permission rows: PostgreSQL reads the links of
    # these sessions by their index, where a filter on the cases read every case (2 ms at
    # 10,000 cases).
    return (
        SessionCase.objects.filter(session_id__in=session_ids)
        .filter(_visible("case_id", user_id, view_id))
        .values("session_id")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("session_id", "n")
        .order_by()
    )


# The session list asks it for its page: built and compiled once per number of sessions.
_VISIBLE_CASE_COUNTS = PreparedQuery(
    _visible_case_counts_query, ["user_id", "view_id", "session_ids"]
)


def visible_case_counts(user, sessions):
    """{session pk: how many of its cases the user may see} for the listed sessions, in one
    query. It reads the permission rows of those sessions' cases only, not every case the
    user may see."""
    if not user.is_authenticated:
        return {}
    rows = _VISIBLE_CASE_COUNTS.rows(
        user_id=user.pk, view_id=_view_case_id(), session_ids=[s.pk for s in sessions]
    )
    return dict(rows)


def _case_perms_query(user_id, case_id):
    own = CaseUserObjectPermission.objects.filter(user=user_id, content_object_id=case_id)
    shared = _group_case_rows(user_id).filter(content_object_id=case_id)
    return (
        own.values_list("permission__codename")
        .order_by()
        .union(shared.values_list("permission__codename").order_by())
    )


# Every case page asks it: built and compiled once (coalition.prepared).
_CASE_PERMS = PreparedQuery(_case_perms_query, ["user_id", "case_id"])


def case_perms(user, case_pk):
    """The codenames the user holds on one case (their own and their groups'), read fresh
    from the database in one query."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(code for (code,) in _CASE_PERMS.rows(user_id=user.pk, case_id=int(case_pk)))


def get_case_for_user(user, pk, *, perm="view", request, action=AccessLogEntry.Action.VIEWED):
    """The one way to a case: 404 without view permission, 403 with view but not `perm`.

    Every call writes the access log: `action` (viewed, or exported for the PDF) allowed, or
    refused (a case that does not exist included, so a refusal never tells whether it does).
    `request` is required for that."""
    case = (
        DilemmaCase.objects.select_related("author", "organisation", "team", "form_version")
        .filter(pk=pk)
        .first()
    )
    held = case_perms(user, pk) if case else frozenset()
    if case is None or CASE_PERMS["view"] not in held:
        _log(request, case or "dilemmas.dilemmacase", pk, AccessLogEntry.Outcome.DENIED, action)
        raise Http404
    if CASE_PERMS[perm] not in held:
        _log(request, case, None, AccessLogEntry.Outcome.DENIED, action)
        raise PermissionDenied
    _log(request, case, None, AccessLogEntry.Outcome.VIEWED, action)
    case.held_perms = held
    return case


def may_on_case(case, perm):
    """Whether the holder of a case fetched by `get_case_for_user` may also do `perm` on it
    (what its page offers), from the permissions read with it."""
    return CASE_PERMS[perm] in case.held_perms


def _log(request, obj, pk, outcome, action=AccessLogEntry.Action.VIEWED, organisation_id=None):
    if request is None:
        return
    if isinstance(obj, str):
        log_access(
            request=request,
            obj=pk,
            outcome=outcome,
            object_type=obj,
            action=action,
            organisation_id=organisation_id,
        )
    else:
        log_access(request=request, obj=obj, outcome=outcome, action=action)


# --- Sessions ---


def may_plan_session(user):
    """Team leads plan sessions, for the teams they lead."""
    return is_team_lead(user)


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


def may_change_session(user, session):
    return session.lead_id == user.pk or session.team_id in led_team_ids(user)


def may_give_feedback(user, session):
    """Only a participant answers the "less alone" question of a session (when they may is
    the service's rule: once, after the outcomes are recorded)."""
    return session.participants.filter(pk=user.pk).exists()


def get_session_for_user(user, pk, *, perm="view"):
    session = (
        sessions_visible_to(user).select_related("team__organisation", "lead").filter(pk=pk).first()
    )
    if session is None:
        raise Http404
    if perm == "change" and not may_change_session(user, session):
        raise PermissionDenied
    if perm == "feedback" and not may_give_feedback(user, session):
        raise PermissionDenied
    return session


def reflection_teams_visible_to(user):
    """The teams whose reflection rhythm the user follows and sets: the teams they lead and
    the teams of the organisations their working group serves."""
    return Team.objects.filter(
        Q(pk__in=led_team_ids(user)) | Q(organisation_id__in=served_organisation_ids(user))
    ).select_related("organisation")


def may_follow_reflection(user):
    """Team leads follow the reflection rhythm of their teams, working-group members that of
    the teams of the organisations they serve."""
    return is_team_lead(user) or bool(served_organisation_ids(user))


def get_reflection_teams_for_user(user):
    """The reflection page's teams; 403 for someone who follows no team's rhythm."""
    teams = list(reflection_teams_visible_to(user))
    require(teams)
    return teams


def get_reflection_team_for_user(user, pk):
    team = reflection_teams_visible_to(user).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


# --- Consultations ---


def may_request_consultation(user):
    """Staff of an organisation ask its working group for a conversation."""
    return bool(user_organisation_ids(user))


def may_pick_up_consultations(user):
    """Members of a working group that serves an organisation take its requests."""
    return bool(served_organisation_ids(user))


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
        # The organisation of a request the person may not see, for the log only.
        organisation_id = (
            Consultation.objects.filter(pk=pk).values_list("organisation_id", flat=True).first()
            if request is not None
            else None
        )
        _log(
            request,
            "dilemmas.consultation",
            pk,
            AccessLogEntry.Outcome.DENIED,
            organisation_id=organisation_id,
        )
        raise Http404
    if (perm == "manage" and not may_manage_consultation(user, consultation)) or (
        perm == "withdraw" and not is_requester(user, consultation)
    ):
        _log(request, consultation, None, AccessLogEntry.Outcome.DENIED)
        raise PermissionDenied
    _log(request, consultation, None, AccessLogEntry.Outcome.VIEWED)
    return consultation


# --- Trainings ---


def may_manage_trainings(user):
    """Members of a working group keep its trainings and their sessions."""
    return bool(member_group_ids(user))


def may_manage_training(user, training):
    return training.group_id in member_group_ids(user)


def training_types_visible_to(user):
    return TrainingType.objects.filter(
        Q(group_id__in=member_group_ids(user))
        | Q(
            group_id__in=WorkingGroup.organisations.through.objects.filter(
                organisation_id__in=user_organisation_ids(user)
            ).values("workinggroup_id")
        )
    )


def training_sessions_visible_to(user, *, visible_trainings=None):
    """The sessions of the trainings the user sees. `visible_trainings`: what
    `training_types_visible_to(user)` already read for this request (a page that lists
    them too), so the rule is not asked a second time."""
    if visible_trainings is not None:
        return TrainingSession.objects.filter(training_id__in=[t.pk for t in visible_trainings])
    return TrainingSession.objects.filter(training__in=training_types_visible_to(user))


def get_training_session_for_user(user, pk, *, perm="view"):
    """`perm`: "view", "manage" (the group's members: attendance) or "enrol_team" (team
    leads, who enrol the people they lead)."""
    session = (
        training_sessions_visible_to(user)
        .select_related("training__group", "internal_expert")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    if perm == "manage" and not may_manage_training(user, session.training):
        raise PermissionDenied
    if perm == "enrol_team" and not is_team_lead(user):
        raise PermissionDenied
    return session


def get_training_type_for_user(user, pk, *, perm="view"):
    training = training_types_visible_to(user).select_related("group").filter(pk=pk).first()
    if training is None:
        raise Http404
    if perm == "manage" and not may_manage_training(user, training):
        raise PermissionDenied
    return training


def get_calendar_feed_for_token(token):
    """The feed a calendar program fetches without signing in: its secret token is the key,
    and the feed of a person who is no longer active answers 404 like an unknown one."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed
