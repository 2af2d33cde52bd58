"""Organisation sight: guardian object permissions on an organisation that follow the facts.

An app that opens an organisation's records to the people with a role who work for it
registers an `OrganisationSight` in its AppConfig.ready(): the codename of a permission
declared on `Organisation.Meta` and the roles that give it. A person holds such a
permission on exactly the organisations they work for (`Profile.organisations`) while they
are active and have one of the roles; coordinators and superusers hold none where the sight
excludes them (they see all through their role, or nothing).

`sync_sight(user)` makes a user's rows of every registered sight exactly that. The receivers
below call it whenever one of those facts changes, by whatever route (coalition.people, a
confirmed access request, the admin of a superuser), so it is the only code that writes
these rows and a lost role or organisation closes the records at once.

Whether giving such a role or organisation waits for a second person is the access rule's
business (coalition.access.SIGHT_ROLES), not this module's: it mirrors what holds.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from guardian.models import UserObjectPermission

from . import access
from .models import Organisation, Profile

User = get_user_model()


@dataclass(frozen=True)
class OrganisationSight:
    codename: str  # a permission in Organisation.Meta.permissions
    roles: tuple  # any of these roles gives it
    # Coordinators and superusers hold no rows: for confidential records they never see
    # them (coalition.access.sight_excluded_ids), elsewhere they see all through their role.
    excludes_coordinators: bool = True


_sights = {}


def register(sight):
    _sights[sight.codename] = sight
    return sight


def sight_of(user):
    """{codename: ids of organisations} the user should hold, read from the database (the
    user object in hand may be stale)."""
    wanted = {codename: set() for codename in _sights}
    facts = list(User.objects.filter(pk=user.pk).values_list("is_active", "groups__name"))
    if not facts or not facts[0][0]:
        return wanted
    held_roles = {name for _active, name in facts if name}
    giving = [sight for sight in _sights.values() if held_roles.intersection(sight.roles)]
    if any(sight.excludes_coordinators for sight in giving) and (
        user.pk in access.sight_excluded_ids()
    ):
        giving = [sight for sight in giving if not sight.excludes_coordinators]
    if giving:
        organisations = set(
            Organisation.objects.filter(people__user__pk=user.pk).values_list("pk", flat=True)
        )
        for sight in giving:
            wanted[sight.codename] = organisations
    return wanted


@transaction.atomic
def close_sight(users):
    """What `sync_sight` does for accounts that are off, for many at once in one query: an
    inactive account holds no row of any registered sight."""
    if not _sights:
        return
    UserObjectPermission.objects.filter(
        user__in=[user.pk for user in users],
        content_type=ContentType.objects.get_for_model(Organisation),
        permission__codename__in=list(_sights),
    ).delete()


def sync_sight(user):
    """Make the user's rows of every registered sight exactly what the facts say."""
    if not _sights:
        return
    wanted = sight_of(user)
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = UserObjectPermission.objects.filter(
        user_id=user.pk, content_type=content_type, permission__codename__in=list(_sights)
    )
    held = {codename: set() for codename in _sights}
    gone = []
    for pk, codename, object_pk in rows.values_list("pk", "permission__codename", "object_pk"):
        organisation_id = int(object_pk)
        if organisation_id in wanted[codename] and organisation_id not in held[codename]:
            held[codename].add(organisation_id)
        else:
            gone.append(pk)
    if gone:
        UserObjectPermission.objects.filter(pk__in=gone).delete()
    missing = {codename: wanted[codename] - held[codename] for codename in _sights}
    missing = {codename: ids for codename, ids in missing.items() if ids}
    if not missing:
        return
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type=content_type, codename__in=list(missing)
        )
    }
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user_id=user.pk,
                permission=permissions[codename],
                content_type=content_type,
                object_pk=str(organisation_id),
            )
            for codename, ids in missing.items()
            for organisation_id in sorted(ids)
        ],
        # A concurrent sync of the same person may have written the row already.
        ignore_conflicts=True,
    )


# --- The facts change: a role, an organisation, the account itself ---

ACTIONS = {"post_add", "post_remove", "post_clear"}


@receiver(
    m2m_changed, sender=Profile.organisations.through, dispatch_uid="coalition.sight.organisations"
)
def profile_organisations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # post_clear no longer knows who was there.
        instance._sight_cleared = set(instance.people.values_list("pk", flat=True))
        return
    if action not in ACTIONS:
        return
    if reverse:  # instance is an Organisation, pk_set are profiles
        if action == "post_clear":
            pk_set = getattr(instance, "_sight_cleared", set())
        users = User.objects.filter(profile__pk__in=pk_set or [])
    else:
        users = [instance.user]
    for user in users:
        sync_sight(user)


@receiver(post_save, sender=User, dispatch_uid="coalition.sight.user")
def user_saved(sender, instance, update_fields=None, **kwargs):
    """Deactivated, reactivated or made superuser: the rows follow (a login, which saves
    only last_login, changes nothing)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    sync_sight(instance)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="coalition.sight.roles")
def user_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # post_clear no longer knows who was there.
        instance._sight_cleared = set(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ACTIONS:
        return
    if reverse:  # instance is a role (Group), pk_set are users
        if action == "post_clear":
            pk_set = getattr(instance, "_sight_cleared", set())
        users = User.objects.filter(pk__in=pk_set or [])
    else:
        users = [instance]
    for user in users:
        sync_sight(user)
