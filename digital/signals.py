"""Mirror the facts that give sight of clients (a role, an organisation) into guardian's
object permissions whenever they change, by whatever route (coalition.people, a confirmed
access request, the admin of a superuser)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from coalition.models import Profile

from .services.access import sync_client_sight

ACTIONS = {"post_add", "post_remove", "post_clear"}
User = get_user_model()


@receiver(m2m_changed, sender=Profile.organisations.through)
def profile_organisations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # post_clear no longer knows who was there.
        instance._digital_cleared = set(instance.people.values_list("pk", flat=True))
        return
    if action not in ACTIONS:
        return
    if reverse:  # instance is an Organisation, pk_set are profiles
        if action == "post_clear":
            pk_set = getattr(instance, "_digital_cleared", set())
        users = User.objects.filter(profile__pk__in=pk_set or [])
    else:
        users = [instance.user]
    for user in users:
        sync_client_sight(user)


@receiver(post_save, sender=User)
def user_saved(sender, instance, update_fields=None, **kwargs):
    """Deactivated, reactivated or made superuser: the rows follow (a login, which saves
    only last_login, changes nothing)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    sync_client_sight(instance)


@receiver(m2m_changed, sender=User.groups.through)
def user_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTIONS:
        return
    users = User.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    for user in users:
        sync_client_sight(user)
