"""Permission chokepoints of the steering group part.

Per steering group, three kinds of people:

- who *manages* it (coordinators, through the model permission `manage_steeringgroup` on
  their role, or guardian's object permission): the group itself, its seats and circles;
- who *edits* it (its steering members, through guardian's `change_steeringgroup` on the
  group, granted and revoked with their seats): vision, framework, scenarios, crises,
  decisions, playbook; they and the managers also *view* everything (`view_steeringgroup`);
- who *reads* it: other signed-in staff of its member organisations, who see published
  decisions and published playbook versions only.

Anyone else gets 404 on every page of the group, PDF and history included.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from coalition.permissions import is_coordinator, user_organisation_ids
from coalition.prepared import PreparedQuery

from .models import (
    Crisis,
    Decision,
    Lesson,
    PlaybookVersion,
    Principle,
    Priority,
    Risk,
    Scenario,
    Seat,
    Stakeholder,
    SteeringGroup,
    SteeringGroupGroupObjectPermission,
    SteeringGroupUserObjectPermission,
    Step,
)

VIEW = "regiegroep.view_steeringgroup"
CHANGE = "regiegroep.change_steeringgroup"
MANAGE = "regiegroep.manage_steeringgroup"

READ, VIEW_ALL, EDIT, MANAGE_LEVEL = "read", "view", "edit", "manage"


@dataclass(frozen=True)
class Access:
    read: bool = False  # published decisions and playbooks
    view: bool = False  # all content
    edit: bool = False  # content, decisions, playbook
    manage: bool = False  # the group, seats, circles

    def allows(self, perm):
        return {READ: self.read, VIEW_ALL: self.view, EDIT: self.edit, MANAGE_LEVEL: self.manage}[
            perm
        ]


def can_create_group(user):
    return user.is_superuser or user.has_perm("regiegroep.add_steeringgroup")


def new_group_for_user(user):
    """A new, unsaved steering group for someone who may create one; 403 for anyone else."""
    if not can_create_group(user):
        raise PermissionDenied
    return SteeringGroup()


def access_for(user, group):
    """What `user` may do with `group` (cached on the user for the request)."""
    if not user.is_authenticated:
        return Access()
    cache = _cache(user)
    if group.pk not in cache:
        cache[group.pk] = _access_one(user, group)
    return cache[group.pk]


_CODENAMES = [perm.split(".", 1)[1] for perm in (VIEW, CHANGE, MANAGE)]
MEMBER = "member"


def _held_query(user_id, group_id):
    mine = {"user": user_id}
    theirs = {"group__user": user_id}
    model = {"content_type__app_label": "regiegroep", "codename__in": _CODENAMES}
    member = (
        SteeringGroup.organisations.through.objects.filter(
            steeringgroup_id=group_id, organisation__people__user_id=user_id
        )
        .annotate(code=Value(MEMBER, output_field=CharField()))
        .values_list("code")
        .order_by()
    )
    return (
        SteeringGroupUserObjectPermission.objects.filter(content_object_id=group_id, **mine)
        .values_list("permission__codename")
        .order_by()
        .union(
            SteeringGroupGroupObjectPermission.objects.filter(content_object_id=group_id, **theirs)
            .values_list("permission__codename")
            .order_by(),
            Permission.objects.filter(**mine, **model).values_list("codename").order_by(),
            Permission.objects.filter(**theirs, **model).values_list("codename").order_by(),
            member,
        )
    )


# Every page of a group asks it: built and compiled once (coalition.prepared).
_HELD = PreparedQuery(_held_query, ["user_id", "group_id"])


def _held(user, group):
    """What the user holds for one group, in one query: the steering group permissions they
    have on it (their own and their groups' object permissions, as guardian keeps them) or
    on every group (their own and their roles' model permissions, as Django's model backend
    reads them), and MEMBER when one of their organisations sits in the group."""
    return {code for (code,) in _HELD.rows(user_id=user.pk, group_id=group.pk)}


def _access_one(user, group):
    """`_access` for one group in one query (a page of the group)."""
    if user.is_superuser:
        return Access(True, True, True, True)
    held = _held(user, group)
    if not user.is_active:
        # As Django's and guardian's checks: no permission at all; membership still reads
        # (as access_for_groups says).
        held &= {MEMBER}
    manage = "manage_steeringgroup" in held
    edit = "change_steeringgroup" in held
    view = manage or edit or "view_steeringgroup" in held
    return Access(read=view or MEMBER in held, view=view, edit=edit, manage=manage)


def access_for_groups(user, groups):
    """{group id: Access} for many groups in a fixed number of queries, whatever their
    number (the search over every steering group a person may read); cached like
    `access_for`, which then answers for these groups without a query."""
    groups = list(groups)
    if not user.is_authenticated:
        return {g.pk: Access() for g in groups}
    cache = _cache(user)
    missing = [g for g in groups if g.pk not in cache]
    if missing and not user.is_superuser:
        checker = ObjectPermissionChecker(user)
        checker.prefetch_perms(missing)
        member_of = set(
            SteeringGroup.organisations.through.objects.filter(
                steeringgroup_id__in=[g.pk for g in missing],
                organisation_id__in=user_organisation_ids(user),
            ).values_list("steeringgroup_id", flat=True)
        )
        for group in missing:
            cache[group.pk] = _access(user, group, checker, group.pk in member_of)
    for group in missing:
        if group.pk not in cache:  # a superuser: no query at all
            cache[group.pk] = _access(user, group, None, None)
    return {g.pk: cache[g.pk] for g in groups}


def _cache(user):
    return user.__dict__.setdefault("_regiegroep_access", {})


def _access(user, group, checker, member):
    """The access of one group: `checker` holds the user's object permissions, `member`
    whether one of the user's organisations sits in the group (None: ask the database)."""
    if user.is_superuser:
        return Access(True, True, True, True)
    object_perms = set(checker.get_perms(group))
    manage = user.has_perm(MANAGE) or "manage_steeringgroup" in object_perms
    edit = user.has_perm(CHANGE) or "change_steeringgroup" in object_perms
    view = manage or edit or user.has_perm(VIEW) or "view_steeringgroup" in object_perms
    if member is None:
        member = view or group.organisations.filter(pk__in=user_organisation_ids(user)).exists()
    return Access(read=view or member, view=view, edit=edit, manage=manage)


def groups_visible_to(user):
    """Every steering group the user may at least read."""
    qs = SteeringGroup.objects.all()
    if user.is_superuser or is_coordinator(user) and user.has_perm(VIEW):
        return qs
    guardian_ids = get_objects_for_user(
        user, VIEW, klass=SteeringGroup, accept_global_perms=True
    ).values("pk")
    return qs.filter(
        Q(pk__in=guardian_ids) | Q(organisations__in=user_organisation_ids(user))
    ).distinct()


def check(user, group, perm):
    """404 when the user may not see the group at all, 403 when they may see it but not `perm`."""
    access = access_for(user, group)
    if not access.allows(perm):
        # Someone who may not see the content (an outsider, or a reader asking for what is
        # not published) is told nothing exists there.
        if not access.view:
            raise Http404
        raise PermissionDenied
    return access


def get_group_for_user(user, pk, perm=READ):
    group = get_object_or_404(SteeringGroup, pk=pk)
    check(user, group, perm)
    return group


def _get_child(model, user, pk, perm, group_path="group", queryset=None):
    qs = queryset if queryset is not None else model.objects.all()
    obj = get_object_or_404(qs.select_related(group_path), pk=pk)
    group = obj
    for part in group_path.split("__"):
        group = getattr(group, part)
    check(user, group, perm)
    return obj


def get_seat_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Seat, user, pk, perm, queryset=Seat.objects.select_related("person"))


def get_stakeholder_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Stakeholder, user, pk, perm)


def get_priority_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Priority, user, pk, perm)


def get_principle_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Principle, user, pk, perm)


def get_lesson_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Lesson, user, pk, perm)


def get_scenario_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Scenario, user, pk, perm)


def get_step_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Step, user, pk, perm, group_path="scenario__group")


def get_risk_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Risk, user, pk, perm, group_path="scenario__group")


def get_crisis_for_user(user, pk, perm=VIEW_ALL):
    return _get_child(Crisis, user, pk, perm)


def get_decision_for_user(user, pk, perm=READ):
    """Readers see published decisions only; drafts are as unseen to them as to outsiders."""
    decision = _get_child(Decision, user, pk, perm)
    if not decision.is_published and not access_for(user, decision.group).view:
        raise Http404
    return decision


def get_playbook_for_user(user, pk, perm=READ):
    return _get_child(PlaybookVersion, user, pk, perm)


def decisions_visible_to(user, group):
    qs = group.decisions.all()
    if not access_for(user, group).view:
        qs = qs.published()
    return qs


def successor_visible_to(user, decision):
    """The decision that replaces `decision`, when there is one the user may see."""
    return decisions_visible_to(user, decision.group).filter(supersedes=decision).first()
