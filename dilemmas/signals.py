"""Keep case visibility right when a person joins or leaves a team, or gains or loses a role.

The core changes teams and roles in its own services (coalition.people, coalition.access),
which know nothing of cases. So this app listens to those two many-to-many relations and
recomputes the object permissions of the submitted cases of the teams concerned.

Who leaves a team also leaves the participant lists of that team's sessions (the history
of the session keeps that they took part): coming back to the team later must not bring
back sight of the cases discussed then without the team lead adding them again.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from coalition.models import Profile

from .models import CaseStatus, CaseUserObjectPermission, DilemmaCase, SupervisionSession

ACTIONS = {"post_add", "post_remove", "post_clear"}


def _resync_teams(team_ids):
    from .services import sync_case_permissions

    cases = DilemmaCase.objects.exclude(status=CaseStatus.DRAFT)
    cases = (
        cases.filter(team_id__in=team_ids)
        if team_ids is not None
        else cases.filter(team__isnull=False)
    )
    for case in cases:
        sync_case_permissions(case)


def _leave_sessions(profile_ids, team_ids):
    users = Profile.objects.filter(pk__in=profile_ids).values("user_id")
    SupervisionSession.participants.through.objects.filter(
        user_id__in=users, supervisionsession__team_id__in=team_ids
    ).delete()


@receiver(m2m_changed, sender=Profile.teams.through)
def profile_teams_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        # Remember who was in which team: post_clear no longer knows.
        if reverse:
            instance._dilemmas_cleared = set(instance.members.values_list("pk", flat=True))
        else:
            instance._dilemmas_cleared = set(instance.teams.values_list("pk", flat=True))
        return
    if action not in ACTIONS:
        return
    if action in ("post_remove", "post_clear"):
        gone = pk_set if action == "post_remove" else getattr(instance, "_dilemmas_cleared", set())
        if reverse:  # instance is a Team, gone are profiles
            _leave_sessions(gone, [instance.pk])
        else:
            _leave_sessions([instance.pk], gone)
    if reverse:  # instance is a Team
        _resync_teams([instance.pk])
    else:
        _resync_teams(pk_set if pk_set else None)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A role changed: the team-lead role opens the cases of the person's teams, and the
    coordinator role closes every case the person saw (coordinators never see cases)."""
    if action not in ACTIONS:
        return
    users = [instance] if not reverse else get_user_model().objects.filter(pk__in=pk_set or [])
    team_ids = set()
    case_ids = set()
    for user in users:
        profile = Profile.objects.filter(user=user).first()
        if profile is not None:
            team_ids |= set(profile.teams.values_list("pk", flat=True))
        case_ids |= set(
            CaseUserObjectPermission.objects.filter(user=user).values_list(
                "content_object_id", flat=True
            )
        )
    if team_ids:
        _resync_teams(team_ids)
    if case_ids:
        from .services import sync_case_permissions

        for case in DilemmaCase.objects.filter(pk__in=case_ids):
            sync_case_permissions(case)
