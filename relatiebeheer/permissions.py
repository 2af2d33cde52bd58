"""Permission chokepoints of relationship management.

Partners, their contact persons and contact moments belong to the organisation that keeps
them. Relationship managers see and keep those of their own organisations, and see the
partners another organisation shared with the whole coalition; coordinators see all (it is
not confidential data) and keep categories. Staff without either role have no business
here (403). 404 for a partner one may not see, 403 for one one may see but not change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition import roles
from coalition.models import Organisation
from coalition.permissions import is_coordinator, require_role, user_organisation_ids

from .models import Category, ContactPerson, ImportBatch, Partner, Success

APP_ROLES = (roles.COORDINATOR, roles.RELATIONSHIP_MANAGER)


def can_use_app(user):
    """403 for signed-in users who do not work on relationship management."""
    require_role(user, *APP_ROLES)


def keeper_organisation_ids(user):
    """Organisations whose partners the user keeps (adds, changes, logs contacts for)."""
    if is_coordinator(user):
        return None  # all
    if not roles.has_role(user, roles.RELATIONSHIP_MANAGER):
        return frozenset()
    return user_organisation_ids(user)


def partners_visible_to(user):
    can_use_app(user)
    if is_coordinator(user):
        return Partner.objects.all()
    return Partner.objects.filter(
        Q(organisation_id__in=user_organisation_ids(user)) | Q(shared=True)
    )


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
    return Success.objects.filter(organisation_id__in=user_organisation_ids(user))


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
