"""Who may see a dilemma case, derived from the facts, and the working group's composition
that feeds it. `sync_case_permissions` is the only code that writes guardian rows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from coalition.roles import TEAM_LEAD

from ..models import (
    CaseStatus,
    CaseUserObjectPermission,
    DilemmaCase,
    SupervisionSession,
    WorkingGroupMember,
)

User = get_user_model()


# --- Case visibility ---


def team_lead_ids_of(team_id):
    if team_id is None:
        return set()
    return set(
        User.objects.filter(
            profile__teams=team_id, groups__name=TEAM_LEAD, is_active=True
        ).values_list("pk", flat=True)
    )


def group_member_ids_of(organisation_id):
    return set(
        WorkingGroupMember.objects.filter(group__organisations=organisation_id).values_list(
            "user_id", flat=True
        )
    )


def case_audience(case):
    """{user_id: set of codenames} the case should grant, derived from the facts."""
    grants = {case.author_id: {"view_dilemmacase"}}
    if case.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
        grants[case.author_id].add("change_dilemmacase")
    if case.status != CaseStatus.CLOSED:
        grants[case.author_id].add("close_dilemmacase")
    if case.status == CaseStatus.DRAFT:
        return grants
    for user_id in team_lead_ids_of(case.team_id):
        grants.setdefault(user_id, set()).add("view_dilemmacase")
    sessions = SupervisionSession.objects.filter(session_cases__case=case)
    session_people = set(sessions.values_list("lead_id", flat=True)) | set(
        SupervisionSession.participants.through.objects.filter(
            supervisionsession__in=sessions
        ).values_list("user_id", flat=True)
    )
    for user_id in session_people:
        grants.setdefault(user_id, set()).add("view_dilemmacase")
    for user_id in group_member_ids_of(case.organisation_id):
        codenames = grants.setdefault(user_id, set())
        codenames.update({"view_dilemmacase", "tag_dilemmacase"})  # the group keeps the themes
        if case.status != CaseStatus.CLOSED:
            codenames.add("close_dilemmacase")
    return grants


def _case_permissions():
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="dilemmas",
            codename__in=[
                "view_dilemmacase",
                "change_dilemmacase",
                "close_dilemmacase",
                "tag_dilemmacase",
            ],
        )
    }


def sync_case_permissions(case):
    """Make the guardian rows of `case` exactly what `case_audience` says."""
    wanted = {
        (user_id, codename)
        for user_id, codenames in case_audience(case).items()
        for codename in codenames
    }
    rows = CaseUserObjectPermission.objects.filter(content_object=case)
    existing = {(r.user_id, r.permission.codename): r.pk for r in rows.select_related("permission")}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        CaseUserObjectPermission.objects.filter(pk__in=stale).delete()
    perms = _case_permissions()
    CaseUserObjectPermission.objects.bulk_create(
        [
            CaseUserObjectPermission(
                content_object=case, user_id=user_id, permission=perms[codename]
            )
            for user_id, codename in wanted - set(existing)
        ],
        # Two requests that grant the same person at once must not fail on the unique row.
        ignore_conflicts=True,
    )


def sync_cases_of_organisations(organisation_ids):
    for case in DilemmaCase.objects.filter(organisation_id__in=organisation_ids):
        sync_case_permissions(case)


# --- Working group ---


@transaction.atomic
def group_save(*, group, organisations, actor):
    before = set(group.organisations.values_list("pk", flat=True)) if group.pk else set()
    group.save()
    group.organisations.set(organisations)
    after = {o.pk for o in organisations}
    sync_cases_of_organisations(before | after)
    return group


@transaction.atomic
def member_add(*, group, user, perspective, actor):
    member, _created = WorkingGroupMember.objects.update_or_create(
        group=group, user=user, defaults={"perspective": perspective}
    )
    sync_cases_of_organisations(group.organisations.values_list("pk", flat=True))
    return member


@transaction.atomic
def member_remove(*, member, actor):
    group = member.group
    member.delete()
    sync_cases_of_organisations(group.organisations.values_list("pk", flat=True))
