"""Permission chokepoints of relationship management.

Partners, their contact persons and contact moments belong to the organisation that keeps
them. Relationship managers see and keep those of their keeper organisations, and see the
partners another organisation shared with the whole coalition; coordinators see all (it is
not confidential data) and keep categories. Staff without either role have no business
here (403). 404 for a partner one may not see, 403 for one one may see but not change.

Guardian decides which organisations someone keeps: the object permission
`coalition.keep_partners` on the organisation (PARTNER_SIGHT), which coalition.sight writes
for every active relationship manager on the organisations they work for, and takes away
the moment the role or the organisation goes. The role is not one of coalition.access's
SIGHT_ROLES: partner data is not confidential case or client data, so giving the role does
not wait for a second person. Sight still follows the role and the organisation live.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from coalition import roles
from coalition.models import Organisation
from coalition.permissions import is_coordinator, require_role
from coalition.sight import OrganisationSight

from .models import (
    Category,
    ContactPerson,
    ImportBatch,
    Meeting,
    MeetingSeries,
    Outcome,
    Partner,
    Success,
)

APP_ROLES = (roles.COORDINATOR, roles.RELATIONSHIP_MANAGER)
# Registered in apps.py. Coordinators keep every organisation's partners through their role,
# so they hold no rows.
PARTNER_SIGHT = OrganisationSight(codename="keep_partners", roles=(roles.RELATIONSHIP_MANAGER,))


def can_use_app(user):
    """403 for signed-in users who do not work on relationship management."""
    require_role(user, *APP_ROLES)


def _kept_organisations(user):
    """The organisations on which a non-coordinator holds guardian's `coalition.keep_partners`
    (no global permission, no group, no superuser shortcut), unevaluated: lists use it as a
    subquery, so it costs them no query of its own."""
    if (
        not user.is_authenticated
        or not user.is_active
        or not roles.has_role(user, *PARTNER_SIGHT.roles)
    ):
        return Organisation.objects.none()
    return get_objects_for_user(
        user,
        f"coalition.{PARTNER_SIGHT.codename}",
        klass=Organisation,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def keeper_organisation_ids(user):
    """Organisations whose partners the user keeps (adds, changes, logs contacts for), as
    guardian says; None for all (coordinators). One query, cached on the user for the
    request."""
    if is_coordinator(user):
        return None  # all
    cached = getattr(user, "_relatiebeheer_keeper_org_ids", None)
    if cached is None:
        cached = frozenset(_kept_organisations(user).values_list("pk", flat=True))
        user._relatiebeheer_keeper_org_ids = cached
    return cached


def partners_visible_to(user):
    """Partners of the user's keeper organisations and those shared with the coalition."""
    can_use_app(user)
    if is_coordinator(user):
        return Partner.objects.all()
    return Partner.objects.filter(Q(organisation__in=_kept_organisations(user)) | Q(shared=True))


def may_keep_partner(user, partner):
    keepers = keeper_organisation_ids(user)
    return keepers is None or partner.organisation_id in keepers


def may_add_partner(user):
    keepers = keeper_organisation_ids(user)
    return keepers is None or bool(keepers)


def get_partner_for_user(user, pk, *, perm="view"):
    partner = (
        partners_visible_to(user).select_related("category", "organisation").filter(pk=pk).first()
    )
    if partner is None:
        raise Http404
    if perm == "change" and not may_keep_partner(user, partner):
        raise PermissionDenied
    return partner


def categories_of(user):
    keepers = keeper_organisation_ids(user)
    if keepers is None:
        return Category.objects.all()
    return Category.objects.filter(organisation_id__in=keepers)


def contact_people_of(user):
    keepers = keeper_organisation_ids(user)
    if keepers is None:
        return ContactPerson.objects.all()
    return ContactPerson.objects.filter(organisation_id__in=keepers)


def successes_visible_to(user):
    can_use_app(user)
    if is_coordinator(user):
        return Success.objects.all()
    return Success.objects.filter(organisation__in=_kept_organisations(user))


# --- The RRO ---
# The RRO is internal to an organisation: its relationship managers see its series and
# meetings; participants record them; the chair (or a coordinator) changes the series.


def series_visible_to(user):
    can_use_app(user)
    keepers = keeper_organisation_ids(user)
    if keepers is None:
        return MeetingSeries.objects.all()
    return MeetingSeries.objects.filter(organisation_id__in=keepers)


def may_add_series(user):
    return may_add_partner(user)


def require_series_adder(user):
    """Those who keep partners plan an RRO for their organisation (403 otherwise)."""
    can_use_app(user)
    if not may_add_series(user):
        raise PermissionDenied


def may_run_series(user, series):
    """Change the series (rhythm, participants, moving a meeting): its chair or a
    coordinator."""
    return is_coordinator(user) or series.chair_id == user.pk


def may_record_meeting(user, meeting):
    """Record attendance, answers and outcomes: the participants and the chair."""
    series = meeting.series
    if may_run_series(user, series):
        return True
    return series.members.filter(pk=user.pk).exists()


def get_series_for_user(user, pk, *, perm="view"):
    series = series_visible_to(user).select_related("organisation", "chair").filter(pk=pk).first()
    if series is None:
        raise Http404
    if perm == "change" and not may_run_series(user, series):
        raise PermissionDenied
    return series


def get_meeting_for_user(user, pk, *, perm="view"):
    meeting = (
        Meeting.objects.filter(series__in=series_visible_to(user))
        .select_related("series__organisation", "series__chair")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    if perm == "record" and not may_record_meeting(user, meeting):
        raise PermissionDenied
    if perm == "change" and not may_run_series(user, meeting.series):
        raise PermissionDenied
    return meeting


def outcomes_visible_to(user):
    return Outcome.objects.filter(meeting__series__in=series_visible_to(user))


def get_outcome_for_user(user, pk, *, perm="view"):
    outcome = outcomes_visible_to(user).select_related("meeting__series").filter(pk=pk).first()
    if outcome is None:
        raise Http404
    if perm == "record" and not may_record_meeting(user, outcome.meeting):
        raise PermissionDenied
    return outcome


# --- Imports ---


def require_importer(user):
    """Those who keep partners import them (403 otherwise)."""
    can_use_app(user)
    if not may_add_partner(user):
        raise PermissionDenied


def keeper_organisations(user):
    keepers = keeper_organisation_ids(user)
    if keepers is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=keepers)


def imports_visible_to(user):
    keepers = keeper_organisation_ids(user)
    batches = ImportBatch.objects.all()
    if keepers is not None:
        batches = batches.filter(organisation_id__in=keepers)
    return batches


def get_import_for_user(user, pk):
    """The batch, if the user keeps its organisation's partners: 404 otherwise."""
    require_importer(user)
    return get_object_or_404(
        imports_visible_to(user).select_related("organisation", "imported_by"), pk=pk
    )
