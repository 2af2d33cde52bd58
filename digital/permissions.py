"""Permission chokepoints of digital inclusion.

- The menu is sector-wide and not confidential: every signed-in member of staff browses it
  and leaves feedback. Coordinators keep the whole menu; staff of the organisation that
  provides a service keep that service.
- Personas are read by everyone who works with the menu; coordinators change them.
- Clients are confidential: seen only by the intake staff and care workers of the client's
  organisation (guardian's `coalition.see_clients` on the organisation, granted by
  services.access from the facts of the access rule), never by a coordinator or a
  superuser. 404 for the unseen, 403 for the seen but not changeable, and
  every look goes to the access log.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from coalition import roles
from coalition.models import AccessLogEntry, Organisation
from coalition.permissions import is_coordinator, require_role, user_organisation_ids
from coalition.services import log_access

from .models import Champion, Client, Persona, Service, StaffBadge

APP_ROLES = (roles.COORDINATOR, roles.INTAKE_STAFF, roles.CARE_WORKER)
CLIENT_ROLES = (roles.INTAKE_STAFF, roles.CARE_WORKER)


def can_use_app(user):
    """403 for signed-in users whose roles have no business with client records."""
    require_role(user, *APP_ROLES)


# --- The menu ---


def may_manage_menu(user):
    return is_coordinator(user)


def may_edit_service(user, service):
    if is_coordinator(user):
        return True
    return service.provider_id is not None and service.provider_id in user_organisation_ids(user)


def may_add_service(user):
    """Coordinators, and staff of a coalition organisation (for a service it provides)."""
    return is_coordinator(user) or bool(user_organisation_ids(user))


def services_visible_to(user):
    return Service.objects.all() if user.is_authenticated else Service.objects.none()


def get_service_for_user(user, pk, *, perm="view"):
    service = services_visible_to(user).select_related("provider").filter(pk=pk).first()
    if service is None:
        raise Http404
    if perm == "change" and not may_edit_service(user, service):
        raise PermissionDenied
    return service


# --- Personas ---


def get_persona_for_user(user, pk, *, perm="view"):
    can_use_app(user)
    persona = Persona.objects.filter(pk=pk).first()
    if persona is None:
        raise Http404
    if perm == "change" and not is_coordinator(user):
        raise PermissionDenied
    return persona


# --- Clients ---


def client_organisation_ids(user):
    """Organisations whose clients the user sees: guardian's `coalition.see_clients` on the
    organisation (no global permission, no superuser), and only while the facts behind it
    still hold: an active person with a client role who is no coordinator or superuser."""
    if (
        not user.is_authenticated
        or not user.is_active
        or user.is_superuser
        or not roles.has_role(user, *CLIENT_ROLES)
        or roles.has_role(user, roles.COORDINATOR)
    ):
        return frozenset()
    cached = getattr(user, "_digital_client_org_ids", None)
    if cached is None:
        cached = frozenset(
            get_objects_for_user(
                user,
                "coalition.see_clients",
                klass=Organisation.objects.all(),
                use_groups=False,
                with_superuser=False,
                accept_global_perms=False,
            ).values_list("pk", flat=True)
        )
        user._digital_client_org_ids = cached
    return cached


def clients_visible_to(user):
    return Client.objects.filter(organisation_id__in=client_organisation_ids(user))


def may_change_client(user, client):
    """Intake staff record and change clients and their intakes; care workers read them."""
    return client.organisation_id in client_organisation_ids(user) and roles.has_role(
        user, roles.INTAKE_STAFF
    )


def may_add_client(user):
    return roles.has_role(user, roles.INTAKE_STAFF) and bool(client_organisation_ids(user))


def get_client_for_user(user, pk, *, perm="view", request=None):
    """The one way to a client: 404 without sight, 403 without `perm`; every call with a
    request writes the access log (read or refused)."""
    client = (
        clients_visible_to(user)
        .select_related("organisation", "language", "target_group", "persona")
        .filter(pk=pk)
        .first()
    )
    if client is None:
        if request is not None:
            # The organisation of a client the person may not see, for the log only.
            organisation_id = (
                Client.objects.filter(pk=pk).values_list("organisation_id", flat=True).first()
            )
            log_access(
                request=request,
                obj=pk,
                outcome=AccessLogEntry.Outcome.DENIED,
                object_type="digital.client",
                organisation_id=organisation_id,
                client_id=pk,
            )
        raise Http404
    if perm == "change" and not may_change_client(user, client):
        if request is not None:
            log_access(request=request, obj=client, outcome=AccessLogEntry.Outcome.DENIED)
        raise PermissionDenied
    if request is not None:
        log_access(request=request, obj=client)
    return client


# --- Staff badges (only their owner sees them) and digital champions ---


def staff_badges_of(user):
    if not user.is_authenticated:
        return StaffBadge.objects.none()
    return StaffBadge.objects.filter(user=user).select_related("achievement", "organisation")


def get_staff_badge_for_user(user, pk):
    """A staff badge for its owner only; 404 for everyone else, coordinators included."""
    badge = staff_badges_of(user).filter(pk=pk).first()
    if badge is None:
        raise Http404
    return badge


# --- Digital champions ---


def may_manage_champions(user):
    return is_coordinator(user)


def champions_visible_to(user):
    """Everyone signed in finds the champions of every organisation: colleagues and clients
    must be able to find who helps on the job."""
    if not user.is_authenticated:
        return Champion.objects.none()
    return Champion.objects.select_related("user", "organisation")


def get_champion_for_user(user, pk, *, perm="view"):
    champion = champions_visible_to(user).filter(pk=pk).first()
    if champion is None:
        raise Http404
    if perm == "change" and not may_manage_champions(user):
        raise PermissionDenied
    return champion
