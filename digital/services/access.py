"""Who sees which organisation's clients, derived from the facts: an active person with the
intake-staff or care-worker role who works for the organisation, never a coordinator or a
superuser. Those facts change only under the access rule (coalition.access: the roles and
organisations of such a person are access requests a second person confirms), so this
module only mirrors them into guardian's object permission `coalition.see_clients`.
`sync_client_sight` is the only code that writes those rows."""

from django.contrib.auth import get_user_model
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from coalition import access
from coalition.models import Organisation

from ..models import Client
from ..permissions import CLIENT_ROLES

User = get_user_model()


def client_sight_of(user):
    """The organisations whose clients the user should see, from the facts."""
    if not user.is_active or user.pk in access.sight_excluded_ids():
        return set()
    if not user.groups.filter(name__in=CLIENT_ROLES).exists():
        return set()
    return set(Organisation.objects.filter(people__user=user).values_list("pk", flat=True))


def sync_client_sight(user):
    """Make the user's `see_clients` rows exactly what the facts say."""
    wanted = client_sight_of(user)
    rows = UserObjectPermission.objects.filter(
        user=user,
        permission__codename="see_clients",
        permission__content_type__app_label="coalition",
    )
    held = {int(pk) for pk in rows.values_list("object_pk", flat=True)}
    gone = held - wanted
    if gone:
        rows.filter(object_pk__in=[str(pk) for pk in gone]).delete()
    for organisation in Organisation.objects.filter(pk__in=wanted - held):
        assign_perm("coalition.see_clients", user, organisation)


def client_count_of(organisation_id):
    return Client.objects.filter(organisation_id=organisation_id).count()
