"""The successes wall: cooperation successes, large or small, shared for an organisation.

Everyone who works on relationship management (coordinators and relationship managers)
shares successes for the organisations they work for and sees those of their organisations
(coordinators: all). The person who shared a success and the coordinators may take it off
the wall. Every function checks the actor itself: PermissionDenied for who may not act at
all, a ValidationError keyed by field for a choice that is not theirs to make.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.permissions import is_coordinator, user_organisation_ids

from ..models import Success
from ..permissions import can_use_app, partners_visible_to, successes_visible_to


def may_delete_success(user, success):
    """The person who shared it and the coordinators; no query (roles are cached)."""
    return is_coordinator(user) or success.shared_by_id == user.pk


@transaction.atomic
def success_share(*, organisation, title, story, partner, actor):
    """Put a success on the wall of `organisation`, one the actor works for. `partner` is
    optional and must be one the actor can see."""
    can_use_app(actor)
    title = (title or "").strip()
    story = (story or "").strip()
    errors = {}
    if organisation is None or organisation.pk not in user_organisation_ids(actor):
        errors["organisation"] = _("Choose an organisation you work for.")
    if not title:
        errors["title"] = _("Say in a few words what went well.")
    if partner is not None and not partners_visible_to(actor).filter(pk=partner.pk).exists():
        errors["partner"] = _("Choose a partner you can see, or none.")
    success = Success(
        organisation=organisation,
        partner=partner,
        title=title,
        story=story,
        shared_by=actor,
    )
    try:
        success.full_clean(exclude=[*errors, "organisation", "shared_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    success._history_user = actor
    success.save()
    return success


@transaction.atomic
def success_delete(*, success, actor):
    """Take a success off the wall. PermissionDenied for one the actor cannot see (views
    answer 404 for those before they get here) or sees but did not share."""
    if not successes_visible_to(actor).filter(pk=success.pk).exists():
        raise PermissionDenied
    if not may_delete_success(actor, success):
        raise PermissionDenied
    success._history_user = actor
    success.delete()
