"""The steering group itself, its seats and its circles."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..jobs import sync_member_permissions
from ..models import DATES_IN_ORDER, Seat, SteeringGroup


def lock_group(group):
    """The group's row, locked until the transaction ends. Everything that counts the seats
    of a group, or numbers its playbook versions, takes this lock first, so two concurrent
    transactions count one after the other."""
    return SteeringGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def group_save(*, group, organisations, today=None):
    """Create or update a group with its member organisations.

    The maximum number of members never drops below the seats that have not ended: checked
    under the group's lock, so a seat added at the same moment is counted."""
    today = today or timezone.localdate()
    errors = {}
    try:
        group.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not organisations:
        errors.setdefault("organisations", []).append(
            ValidationError(_("Choose at least one member organisation."))
        )
    if group.pk is not None and "max_members" not in errors:
        lock_group(group)
        taken = Seat.objects.filter(group=group).not_ended(today).count()
        if group.max_members < taken:
            errors["max_members"] = [
                ValidationError(
                    _(
                        "%(taken)d seats are taken; end seats before lowering the maximum "
                        "below that."
                    )
                    % {"taken": taken}
                )
            ]
    if errors:
        raise ValidationError(errors)
    group.save()
    group.organisations.set(organisations)
    return group


def _check_seat(group, seat, today):
    """Who may take a seat, and the cap: run while the group row is locked."""
    if not group.organisations.filter(pk=seat.organisation_id).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is not a member of this steering group.")
                % {"organisation": seat.organisation}
            }
        )
    works_there = get_user_model().objects.filter(
        pk=seat.person_id, profile__organisations=seat.organisation_id
    )
    if not works_there.exists():
        raise ValidationError(
            {
                "person": _("%(person)s does not work for %(organisation)s.")
                % {
                    "person": seat.person.get_full_name() or seat.person,
                    "organisation": seat.organisation,
                }
            }
        )
    if seat.end_date is not None and seat.end_date < today:
        return  # a seat recorded for the history takes no place
    others = Seat.objects.filter(group=group).not_ended(today).exclude(pk=seat.pk)
    if others.filter(person=seat.person).exists():
        raise ValidationError(
            {"person": _("This person already holds a seat in this steering group.")}
        )
    if others.count() >= group.max_members:
        raise ValidationError(
            _(
                "The steering group is full: it has %(count)d of at most %(max)d members. "
                "End a seat first or raise the maximum."
            )
            % {"count": others.count(), "max": group.max_members}
        )


@transaction.atomic
def seat_save(*, seat, today=None):
    """Add or change a seat; the member cap and one seat per person hold under concurrency."""
    today = today or timezone.localdate()
    group = lock_group(seat.group)
    if seat.start_date and seat.end_date and seat.end_date < seat.start_date:
        raise ValidationError({"end_date": DATES_IN_ORDER})
    seat.full_clean()
    _check_seat(group, seat, today)
    seat.save()
    sync_member_permissions(group=group, today=today)
    return seat


@transaction.atomic
def seat_end(*, seat, end_date):
    if end_date < seat.start_date:
        raise ValidationError(
            {"end_date": _("The end date cannot be before the start date of the seat.")}
        )
    seat.end_date = end_date
    seat.save(update_fields=["end_date"])
    sync_member_permissions(group=seat.group)
    return seat


@transaction.atomic
def stakeholder_save(*, stakeholder):
    """Add or change someone in the second or third circle: informed in the app when they
    use it, by e-mail otherwise, so one of the two is needed."""
    if stakeholder.user_id is None and not stakeholder.email:
        raise ValidationError(
            {"email": _("Give an e-mail address, or choose the user of this app to inform.")}
        )
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder):
    """Remove a stakeholder; who was informed of what stays recorded on the decisions."""
    stakeholder.delete()
