"""Who sees which organisation's clients, derived from the facts: an active person with the
intake-staff or care-worker role who works for the organisation, never a coordinator or a
superuser. Those facts change only under the access rule (coalition.access: the roles and
organisations of such a person are access requests a second person confirms); coalition.sight
mirrors them into guardian's object permission `coalition.see_clients`, from the
registration below."""

from coalition.sight import OrganisationSight

from ..models import Client
from ..permissions import CLIENT_ROLES

CLIENT_SIGHT = OrganisationSight(
    codename="see_clients", roles=CLIENT_ROLES, excludes_coordinators=True
)


def client_count_of(organisation_id):
    return Client.objects.filter(organisation_id=organisation_id).count()
