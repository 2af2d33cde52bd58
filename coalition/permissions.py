"""Role checks and the core's own permission chokepoints.

Apps keep their own chokepoints in their own permissions.py; these are the shared bricks.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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


def is_coordinator(user):
    return user.is_superuser or has_role(user, COORDINATOR)


def user_organisation_ids(user):
    """Ids of the organisations a user works for (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_coalition_org_ids", None)
    if cached is None:
        cached = frozenset(
            Organisation.objects.filter(people__user=user).values_list("pk", flat=True)
        )
        user._coalition_org_ids = cached
    return cached


def organisations_visible_to(user):
    """Coordinators see every organisation; others the organisations they work for."""
    qs = Organisation.objects.all()
    if is_coordinator(user):
        return qs
    return qs.filter(pk__in=user_organisation_ids(user))


def get_organisation_for_user(user, pk):
    return get_object_or_404(organisations_visible_to(user), pk=pk)
