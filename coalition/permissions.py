"""Role checks and the core's own permission chokepoints.

Apps keep their own chokepoints in their own permissions.py; these are the shared bricks.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import facts
from .access import grants_visible_to, may_view_organisation_grants
from .models import Organisation
from .roles import COORDINATOR, has_role


def require_role(user, *roles):
    """403 unless the user has one of the roles (superusers pass)."""
    if user.is_superuser or has_role(user, *roles):
        return
    raise PermissionDenied


def role_required(*roles):
    """View decorator: the signed-in user must have one of `roles`, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# (app label, codename) -> id of the permission, read once per process.
_permission_ids = {}


def permission_id(app_label, codename):
    """The id of a model permission. A query that filters object permission rows by this id
    needs no join with the permission table, which took PostgreSQL longer to plan (about
    1 ms for the case list) than to run. Read again after a migration or a flush, which may
    make the permissions anew (`forget_permission_ids`)."""
    key = (app_label, codename)
    if key not in _permission_ids:
        from django.contrib.auth.models import Permission

        _permission_ids[key] = Permission.objects.values_list("pk", flat=True).get(
            content_type__app_label=app_label, codename=codename
        )
    return _permission_ids[key]


def forget_permission_ids(**kwargs):
    _permission_ids.clear()


def is_coordinator(user):
    return user.is_superuser or has_role(user, COORDINATOR)


def user_organisation_ids(user):
    """Ids of the organisations a user works for (read once per request, coalition.facts)."""
    if not user.is_authenticated:
        return frozenset()
    return facts.ids(user, facts.ORGANISATIONS)


def organisations_visible_to(user):
    """Coordinators see every organisation; others the organisations they work for."""
    qs = Organisation.objects.all()
    if is_coordinator(user):
        return qs
    return qs.filter(pk__in=user_organisation_ids(user))


def get_organisation_for_user(user, pk):
    return get_object_or_404(organisations_visible_to(user), pk=pk)


# --- People (coordinators keep them) ---


def may_manage_person(actor, user):
    """Coordinators manage people, but not superusers (unless one themselves)."""
    if not is_coordinator(actor):
        return False
    return not user.is_superuser or actor.is_superuser


def may_change_access_of(actor, user):
    """Nobody but a superuser changes their own roles, teams or organisations."""
    return may_manage_person(actor, user) and (user != actor or actor.is_superuser)


def people_visible_to(user):
    """Coordinators see every person; the people pages are theirs alone."""
    if not is_coordinator(user):
        return get_user_model().objects.none()
    return get_user_model().objects.all()


def get_person_for_user(user, pk, *, perm="view"):
    """404 when the user may not see the person, 403 when they may look but not change."""
    if not is_coordinator(user):
        raise PermissionDenied
    person = get_object_or_404(people_visible_to(user).select_related("profile"), pk=pk)
    if perm == "change" and not may_manage_person(user, person):
        raise PermissionDenied
    return person


def require_coordinator(user):
    if not is_coordinator(user):
        raise PermissionDenied


# --- Access requests ---


def get_grant_for_user(user, pk):
    return get_object_or_404(
        grants_visible_to(user).select_related("subject", "requested_by", "decided_by"), pk=pk
    )


def get_organisation_grants_for_user(user, pk):
    """The organisation whose access requests the user may read (its confirmers and the
    coordinators), else 404."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not may_view_organisation_grants(user, organisation):
        raise Http404
    return organisation
