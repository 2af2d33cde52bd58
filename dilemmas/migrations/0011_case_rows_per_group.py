"""A working group's sight of cases moves from one guardian row per member and permission to
one row per working group and permission, held by the group's Django group (0010).

Forward: every working group gets its Django group; every submitted, discussed or closed
case of an organisation it serves gets the group's rows (view and tag, and close while the
case is open); the members' own rows that only the membership gave are removed. What a
member holds as a person stays: the author's rows, and the view row of a team lead of the
case's team or of a participant of a session of that team that discusses the case (as
dilemmas.services.access.case_audience says). Nobody sees more or less than before.

Backward: each member (never a coordinator or superuser) gets the rows of their group back
as rows of their own, and the group rows and Django groups go.
"""

from django.conf import settings
from django.db import migrations

CASE_CODENAMES = ("view_dilemmacase", "tag_dilemmacase", "close_dilemmacase")
# Role names as coalition.roles has them at this point.
TEAM_LEAD = "team_lead"
COORDINATOR = "coordinator"


def group_name(pk):
    # The name dilemmas.services.access gives a working group's Django group.
    return f"dilemmas.workinggroup.{pk}"


def case_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="dilemmas",
            content_type__model="dilemmacase",
            codename__in=CASE_CODENAMES,
        )
    }


def excluded_ids(apps):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    return set(User.objects.filter(is_superuser=True).values_list("pk", flat=True)) | set(
        User.objects.filter(groups__name=COORDINATOR).values_list("pk", flat=True)
    )


def own_viewers(apps, case, excluded):
    """Who sees `case` as a person, beside its author: the team leads of its team and the
    participants of that team's sessions on it who are active members of the team."""
    if case.team_id is None:
        return set()
    User = apps.get_model(settings.AUTH_USER_MODEL)
    SupervisionSession = apps.get_model("dilemmas", "SupervisionSession")
    team_members = set(
        User.objects.filter(profile__teams=case.team_id, is_active=True).values_list(
            "pk", flat=True
        )
    )
    leads = set(
        User.objects.filter(
            groups__name=TEAM_LEAD, is_active=True, profile__teams=case.team_id
        ).values_list("pk", flat=True)
    )
    sessions = SupervisionSession.objects.filter(session_cases__case=case, team_id=case.team_id)
    participants = set(
        SupervisionSession.participants.through.objects.filter(
            supervisionsession__in=sessions
        ).values_list("user_id", flat=True)
    )
    return (leads | (participants & team_members)) - excluded


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    WorkingGroup = apps.get_model("dilemmas", "WorkingGroup")
    WorkingGroupMember = apps.get_model("dilemmas", "WorkingGroupMember")
    DilemmaCase = apps.get_model("dilemmas", "DilemmaCase")
    CaseUser = apps.get_model("dilemmas", "CaseUserObjectPermission")
    CaseGroup = apps.get_model("dilemmas", "CaseGroupObjectPermission")
    perms = case_permissions(apps)
    excluded = excluded_ids(apps)
    for group in WorkingGroup.objects.all():
        if group.auth_group_id is None:
            # A Django group of that name is left by a deleted working group: it grants nothing.
            Group.objects.filter(name=group_name(group.pk)).delete()
            auth_group = Group.objects.create(name=group_name(group.pk))
            WorkingGroup.objects.filter(pk=group.pk).update(auth_group=auth_group)
            group.auth_group_id = auth_group.pk
        if len(perms) < len(CASE_CODENAMES):
            continue  # a new database: no case has rows yet
        members = set(
            WorkingGroupMember.objects.filter(group=group).values_list("user_id", flat=True)
        )
        cases = DilemmaCase.objects.filter(
            organisation__in=group.organisations.values("pk")
        ).exclude(status="draft")
        for case in cases:
            codenames = {"view_dilemmacase", "tag_dilemmacase"}
            if case.status != "closed":
                codenames.add("close_dilemmacase")
            CaseGroup.objects.bulk_create(
                [
                    CaseGroup(
                        content_object=case, group_id=group.auth_group_id, permission=perms[c]
                    )
                    for c in sorted(codenames)
                ],
                ignore_conflicts=True,
            )
            others = members - {case.author_id}
            rows = CaseUser.objects.filter(content_object=case, user_id__in=others)
            rows.filter(permission__codename__in=codenames - {"view_dilemmacase"}).delete()
            rows.filter(permission__codename="view_dilemmacase").exclude(
                user_id__in=own_viewers(apps, case, excluded)
            ).delete()


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    WorkingGroup = apps.get_model("dilemmas", "WorkingGroup")
    WorkingGroupMember = apps.get_model("dilemmas", "WorkingGroupMember")
    CaseUser = apps.get_model("dilemmas", "CaseUserObjectPermission")
    CaseGroup = apps.get_model("dilemmas", "CaseGroupObjectPermission")
    excluded = excluded_ids(apps)
    for group in WorkingGroup.objects.exclude(auth_group=None):
        members = (
            set(WorkingGroupMember.objects.filter(group=group).values_list("user_id", flat=True))
            - excluded
        )
        rows = CaseGroup.objects.filter(group_id=group.auth_group_id)
        CaseUser.objects.bulk_create(
            [
                CaseUser(content_object_id=case_id, user_id=user_id, permission_id=permission_id)
                for case_id, permission_id in rows.values_list("content_object_id", "permission_id")
                for user_id in sorted(members)
            ],
            ignore_conflicts=True,
        )
        rows.delete()
        auth_group_id = group.auth_group_id
        WorkingGroup.objects.filter(pk=group.pk).update(auth_group=None)
        Group.objects.filter(pk=auth_group_id).delete()


class Migration(migrations.Migration):
    dependencies = [("dilemmas", "0010_workinggroup_auth_group")]

    operations = [migrations.RunPython(forward, backward)]
