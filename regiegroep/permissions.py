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

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from coalition.permissions import is_coordinator, user_organisation_ids

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
    cache = user.__dict__.setdefault("_regiegroep_access", {})
    if group.pk in cache:
        return cache[group.pk]
    if user.is_superuser:
        access = Access(True, True, True, True)
    else:
        object_perms = set(ObjectPermissionChecker(user).get_perms(group))
        manage = user.has_perm(MANAGE) or "manage_steeringgroup" in object_perms
        edit = user.has_perm(CHANGE) or "change_steeringgroup" in object_perms
        view = manage or edit or user.has_perm(VIEW) or "view_steeringgroup" in object_perms
        read = view or group.organisations.filter(pk__in=user_organisation_ids(user)).exists()
        access = Access(read=read, view=view, edit=edit, manage=manage)
    cache[group.pk] = access
    return access


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
