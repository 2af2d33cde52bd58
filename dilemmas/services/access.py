"""Who may see a dilemma case, derived from the facts, and the working group's composition
that feeds it. `sync_case_permissions` is the only code that writes guardian rows.

A case is seen by its author, by the people the author chose to share it with (the team
leads of the team the author chose, and the members of that team who take part in one of
its sessions) and by the working groups serving the author's organisation: never by a
coordinator or a superuser. Whatever widens the working group's sight (a member, an
organisation served) is an access request under the coalition's access rule
(coalition.access): it applies only once a second person of the organisation confirms.

The rows of a case stay few, whatever the number of people who may read it: the persons
above hold rows of their own (CaseUserObjectPermission), a working group holds one row per
permission through its Django group (CaseGroupObjectPermission, see `auth_group_of`). A
member reads through the group while the membership lasts (dilemmas.permissions), so a
member who joins or leaves changes one membership row and no row of any case.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition import access
from coalition.models import AccessGrant, Organisation

from ..models import (
    CaseGroupObjectPermission,
    CaseStatus,
    CaseUserObjectPermission,
    DilemmaCase,
    Perspective,
    SupervisionSession,
    WorkingGroup,
    WorkingGroupMember,
)
from ..permissions import served_organisation_ids, team_leads

User = get_user_model()


# --- Case visibility ---


def team_lead_ids_of(team_id):
    if team_id is None:
        return set()
    return set(team_leads().filter(profile__teams=team_id).values_list("pk", flat=True))


def group_member_ids_of(organisation_id):
    return set(
        WorkingGroupMember.objects.filter(group__organisations=organisation_id).values_list(
            "user_id", flat=True
        )
    )


def team_member_ids_of(team_id):
    return set(
        User.objects.filter(profile__teams=team_id, is_active=True).values_list("pk", flat=True)
    )


def session_people_of(case):
    """The participants of the sessions of the team the author chose who are members of
    that team now. A session of another team shows the case to nobody: sharing is the
    author's act. A session's lead sees the case as a team lead of the team, or not at all;
    who leaves the team leaves its sessions too (see signals)."""
    if case.team_id is None:
        return set()
    sessions = SupervisionSession.objects.filter(session_cases__case=case, team_id=case.team_id)
    people = set(
        SupervisionSession.participants.through.objects.filter(
            supervisionsession__in=sessions
        ).values_list("user_id", flat=True)
    )
    return people & team_member_ids_of(case.team_id)


def case_audience(case):
    """{user_id: set of codenames} the case should grant people as persons, derived from
    the facts: its author, the team leads of the team the author chose and the people of
    that team's sessions on it. The working groups are in `case_group_audience`."""
    grants = {case.author_id: {"view_dilemmacase"}}
    if case.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
        grants[case.author_id].add("change_dilemmacase")
    if case.status != CaseStatus.CLOSED:
        grants[case.author_id].add("close_dilemmacase")
    if case.status == CaseStatus.DRAFT:
        return grants
    never = access.sight_excluded_ids() - {case.author_id}
    for user_id in (team_lead_ids_of(case.team_id) | session_people_of(case)) - never:
        grants.setdefault(user_id, set()).add("view_dilemmacase")
    return grants


def case_group_audience(case):
    """{Django group id: set of codenames} the case should grant the working groups serving
    its organisation: one set per group, however many members it has. Coordinators and
    superusers never read through a group, even as members (dilemmas.permissions)."""
    if case.status == CaseStatus.DRAFT:
        return {}
    codenames = {"view_dilemmacase", "tag_dilemmacase"}  # the group keeps the themes
    if case.status != CaseStatus.CLOSED:
        codenames.add("close_dilemmacase")
    groups = WorkingGroup.objects.filter(organisations=case.organisation_id)
    return {auth_group_of(group): set(codenames) for group in groups}


def auth_group_name(group_id):
    return f"dilemmas.workinggroup.{group_id}"


def auth_group_of(group):
    """The id of the Django group that holds `group`'s rows on cases, made on first use.

    It has no users: whom its rows reach is the group's memberships, which only a confirmed
    access request widens (dilemmas.permissions reads them). Every Django group a person is
    in counts as a role elsewhere (coalition.roles), and a membership kept twice could drift.
    """
    if group.auth_group_id is None:
        lock_group(group.pk)
        group.auth_group_id = (
            WorkingGroup.objects.filter(pk=group.pk).values_list("auth_group_id", flat=True).get()
        )
    if group.auth_group_id is None:
        name = auth_group_name(group.pk)
        # Left by a deleted working group that had this id: what it held goes with it.
        Group.objects.filter(name=name, dilemmas_working_group=None).delete()
        auth_group = Group.objects.create(name=name)
        # A derived link, kept out of the group's history (update() writes no history row).
        WorkingGroup.objects.filter(pk=group.pk).update(auth_group=auth_group)
        group.auth_group_id = auth_group.pk
    return group.auth_group_id


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


@transaction.atomic
def sync_case_permissions(case):
    """Make the guardian rows of `case` exactly what `case_audience` (people) and
    `case_group_audience` (working groups) say."""
    _sync_rows(CaseUserObjectPermission, "user_id", case, case_audience(case))
    _sync_rows(CaseGroupObjectPermission, "group_id", case, case_group_audience(case))


def _sync_rows(model, holder, case, audience):
    wanted = {
        (holder_id, codename) for holder_id, codenames in audience.items() for codename in codenames
    }
    existing = {
        (holder_id, codename): pk
        for holder_id, codename, pk in model.objects.filter(content_object=case).values_list(
            holder, "permission__codename", "pk"
        )
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    missing = wanted - set(existing)
    if not missing:
        return
    perms = _case_permissions()
    model.objects.bulk_create(
        [
            model(content_object=case, permission=perms[codename], **{holder: holder_id})
            for holder_id, codename in sorted(missing)
        ],
        # Two requests that grant the same person at once must not fail on the unique row.
        ignore_conflicts=True,
    )


@transaction.atomic
def sync_cases_of_organisations(organisation_ids):
    for case in DilemmaCase.objects.filter(organisation_id__in=organisation_ids):
        sync_case_permissions(case)


# --- Working group ---


@transaction.atomic
def group_save(*, group, organisations, actor):
    """Save a working group. Organisations taken away go at once; an organisation added to
    a group that has members opens that organisation's cases to them, so it becomes an
    access request (returned) that a second person of that organisation confirms."""
    creating = group.pk is None
    if not creating:
        lock_group(group.pk)
        # The link to its Django group is this module's to keep: an instance read before the
        # link was made must not save it away.
        group.auth_group_id = (
            WorkingGroup.objects.filter(pk=group.pk).values_list("auth_group_id", flat=True).first()
        )
    group.save()
    auth_group_of(group)
    before = set() if creating else set(group.organisations.values_list("pk", flat=True))
    after = {o.pk for o in organisations}
    if before - after:
        group.organisations.remove(*(before - after))
    requested = []
    has_members = group.memberships.exists()
    for org_id in sorted(after - before):
        if has_members:
            grant = access.grant_request(
                kind="dilemmas.group_organisation",
                payload={"group": group.pk, "organisation": org_id},
                actor=actor,
            )
            if grant is not None:
                requested.append(grant)
        else:
            group.organisations.add(org_id)
    sync_cases_of_organisations(before - after | (set() if has_members else after - before))
    return requested


def lock_group(group_id):
    """Serialise changes of one group's members and organisations (see access.lock_person)."""
    list(WorkingGroup.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))


def _lock_group_of(grant):
    lock_group(grant.payload["group"])


def _apply_group_organisation(grant):
    group = WorkingGroup.objects.filter(pk=grant.payload["group"]).first()
    if group is None:
        return
    group.organisations.add(grant.payload["organisation"])
    sync_cases_of_organisations([grant.payload["organisation"]])


def member_problem(*, group, user, actor):
    """Why this person cannot be asked into the group, or None."""
    if user == actor and not group.memberships.filter(user=user).exists():
        return _("You cannot add yourself. Ask a member of the group or another coordinator.")
    if user.pk in access.sight_excluded_ids():
        return _("Coordinators are never members: the working group reads confidential cases.")
    return None


@transaction.atomic
def member_request(*, group, user, perspective, actor):
    """Ask for a new member. A member reads the cases of every organisation the group
    serves, so this is an access request those organisations confirm (returned); a group
    that serves nobody yet takes the member at once (None)."""
    problem = member_problem(group=group, user=user, actor=actor)
    if problem:
        raise ValidationError(problem)
    lock_group(group.pk)
    if group.memberships.filter(user=user).exists():
        member_add(group=group, user=user, perspective=perspective, actor=actor)
        return None
    return access.grant_request(
        kind="dilemmas.member",
        payload={"group": group.pk, "perspective": perspective},
        subject=user,
        actor=actor,
    )


@transaction.atomic
def member_add(*, group, user, perspective, actor):
    """Make someone a member (or change their perspective). `actor` is who asked for it: the
    requester when a member request is confirmed, None for the system (demo data, set-up).

    Refuses (ValidationError) what `member_problem` refuses, whoever calls: nobody makes
    themselves a member, and coordinators are never members. The new member reads the
    group's cases through its rows at once; no case changes."""
    problem = member_problem(group=group, user=user, actor=actor)
    if problem:
        raise ValidationError(problem)
    member, _created = WorkingGroupMember.objects.update_or_create(
        group=group, user=user, defaults={"perspective": perspective}
    )
    return member


def _apply_member(grant):
    group = WorkingGroup.objects.filter(pk=grant.payload["group"]).first()
    if group is None or grant.subject is None:
        return
    try:
        member_add(
            group=group,
            user=grant.subject,
            perspective=grant.payload["perspective"],
            actor=grant.requested_by,
        )
    except ValidationError as exc:
        # The person became someone who may not be a member while the request waited.
        raise access.GrantError(" ".join(exc.messages)) from exc


@transaction.atomic
def member_remove(*, member):
    """The member stops reading the group's cases at once: sight through the group's rows
    lasts as long as the membership (what they hold as a person, e.g. as an author, stays)."""
    member.delete()


def pending_grants_of_group(group):
    """Requests waiting to widen this group's sight, each with its `description`."""
    grants = list(
        AccessGrant.objects.filter(
            kind__in=["dilemmas.member", "dilemmas.group_organisation"],
            payload__group=group.pk,
            status=AccessGrant.Status.PENDING,
        ).select_related("subject")
    )
    return access.describe_all(grants)


# --- The kinds of access requests of moral deliberation, and who confirms them ---


def _group_name(grant):
    group = access.preloaded(
        grant, "group", lambda: WorkingGroup.objects.filter(pk=grant.payload["group"]).first()
    )
    return group.name if group else _("(removed working group)")


def _preload(grants):
    """Groups, organisations and members of many requests in three queries."""
    group_ids = {g.payload["group"] for g in grants}
    groups = WorkingGroup.objects.order_by().in_bulk(group_ids)
    organisations = Organisation.objects.order_by().in_bulk(
        {g.payload["organisation"] for g in grants if "organisation" in g.payload}
    )
    members = {}
    for group_id, user_id in WorkingGroupMember.objects.filter(group_id__in=group_ids).values_list(
        "group_id", "user_id"
    ):
        members.setdefault(group_id, set()).add(user_id)
    for grant in grants:
        grant.preloaded["group"] = groups.get(grant.payload["group"])
        grant.preloaded["members"] = members.get(grant.payload["group"], set())
        if "organisation" in grant.payload:
            grant.preloaded["organisation"] = organisations.get(grant.payload["organisation"])


def _describe_member(grant):
    return _("%(person)s joins working group %(group)s as %(perspective)s") % {
        "person": access.person_name(grant.subject),
        "group": _group_name(grant),
        "perspective": Perspective(grant.payload["perspective"]).label,
    }


def _describe_group_organisation(grant):
    organisation = access.preloaded(
        grant,
        "organisation",
        lambda: Organisation.objects.filter(pk=grant.payload["organisation"]).first(),
    )
    return _("Working group %(group)s starts serving %(organisation)s") % {
        "group": _group_name(grant),
        "organisation": organisation.name if organisation else _("(removed organisation)"),
    }


def _served_by_group(grant):
    return set(
        WorkingGroup.organisations.through.objects.filter(
            workinggroup_id=grant.payload["group"]
        ).values_list("organisation_id", flat=True)
    )


def _group_members(grant):
    return access.preloaded(
        grant,
        "members",
        lambda: set(
            WorkingGroupMember.objects.filter(group_id=grant.payload["group"]).values_list(
                "user_id", flat=True
            )
        ),
    )


def _organisations_served_by(user):
    return set(served_organisation_ids(user))


GRANT_KINDS = [
    access.GrantKind(
        name="dilemmas.member",
        describe=_describe_member,
        organisations=_served_by_group,
        beneficiaries=lambda grant: {grant.subject_id},
        apply=_apply_member,
        preload=_preload,
        lock=_lock_group_of,
    ),
    access.GrantKind(
        name="dilemmas.group_organisation",
        describe=_describe_group_organisation,
        organisations=lambda grant: {grant.payload["organisation"]},
        beneficiaries=_group_members,
        apply=_apply_group_organisation,
        preload=_preload,
        lock=_lock_group_of,
    ),
]


def case_count_of(organisation_id):
    return DilemmaCase.objects.filter(organisation_id=organisation_id).count()


# The working-group members serving an organisation confirm for it, beside its team leads.
CONFIRMERS = access.ConfirmerSource(group_member_ids_of, _organisations_served_by)
