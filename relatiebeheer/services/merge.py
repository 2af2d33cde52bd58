"""Merging two partners of one organisation into one, and undoing that.

partner_merge moves everything that hangs on the absorbed partner to the survivor (contact
persons' roles, relationship managers, contact moments, plan items, successes, RRO
decisions and action items, RRO meetings attended), gives the survivor the field values
chosen and removes the absorbed partner. PartnerMerge.snapshot keeps what undo needs: the
absorbed partner's fields (its pk too, so links to it work again), the survivor's fields
before, the ids of what moved and the relationship managers dropped because the survivor
already had them on that level.

Undo moves back exactly the recorded ids. What was added to the survivor after the merge
stays with it: nobody can tell which of the two it was meant for. Only the latest merge
into a partner can be undone, and only for UNDO_DAYS days.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ..models import (
    Assignment,
    Category,
    ContactMoment,
    ContactRole,
    ImportBatch,
    Meeting,
    Outcome,
    Partner,
    PartnerMerge,
    PlanItem,
    Success,
)
from ..permissions import may_keep_partner
from .partners import partner_save, refresh_last_contact

User = get_user_model()

# The fields the person merging chooses between, in the order of the partner form.
FIELDS = (
    "name",
    "sector",
    "category",
    "priority",
    "place",
    "region",
    "website",
    "target_days",
    "max_days",
    "shared",
)
SURVIVOR, ABSORBED = "survivor", "absorbed"
UNDO_DAYS = 30

# Rows that belong to a partner through a plain foreign key named `partner`, by the key
# their ids are kept under in the snapshot.
MOVED_BY_FOREIGN_KEY = {
    "roles": ContactRole,
    "contacts": ContactMoment,
    "plan_items": PlanItem,
    "successes": Success,
    "outcomes": Outcome,
}

# history_change_reason is a CharField(max_length=100).
REASON_LENGTH = 100


def merge_refusal(survivor, absorbed):
    """Why these two partners cannot be merged, or None. The service refuses with it; the
    pages use it to say so before anyone fills in anything."""
    if survivor.pk == absorbed.pk:
        return _("A partner cannot be merged with itself. Choose the other partner.")
    if survivor.organisation_id != absorbed.organisation_id:
        return _(
            "Only partners of the same organisation can be merged: %(other)s is kept by "
            "another organisation than %(partner)s."
        ) % {"other": absorbed.name, "partner": survivor.name}
    return None


def _attname(name):
    return Partner._meta.get_field(name).attname


def _is_empty(value):
    return value is None or value == ""


def differing_fields(survivor, absorbed):
    """The fields of FIELDS whose values differ, in FIELDS order."""
    return [f for f in FIELDS if getattr(survivor, _attname(f)) != getattr(absorbed, _attname(f))]


def default_choice(name, survivor, absorbed):
    """The survivor's value, unless it is empty and the absorbed partner's is not."""
    mine, theirs = getattr(survivor, _attname(name)), getattr(absorbed, _attname(name))
    return ABSORBED if _is_empty(mine) and not _is_empty(theirs) else SURVIVOR


def merge_preview(survivor, absorbed):
    """What a merge of `absorbed` into `survivor` moves, by kind, as counts; "dropped" is the
    number of relationship managers the survivor already has on the same level. Seven
    queries, however much there is."""
    counts = {
        key: model.objects.filter(partner=absorbed).count()
        for key, model in MOVED_BY_FOREIGN_KEY.items()
    }
    counts["meetings"] = Meeting.objects.filter(guests=absorbed).count()
    rows = Assignment.objects.filter(partner__in=[survivor, absorbed]).values_list(
        "partner_id", "manager_id", "level"
    )
    taken = {(manager, level) for partner, manager, level in rows if partner == survivor.pk}
    theirs = [(manager, level) for partner, manager, level in rows if partner == absorbed.pk]
    counts["dropped"] = sum(1 for key in theirs if key in taken)
    counts["assignments"] = len(theirs) - counts["dropped"]
    return counts


def undoable_merge(survivor, *, now=None):
    """The merge into `survivor` that can still be undone, or None: its latest merge not
    undone, if younger than UNDO_DAYS. One query."""
    now = now or timezone.now()
    merge = survivor.merges.filter(undone_at=None).select_related("merged_by").first()
    if merge is None or merge.merged_at < now - timedelta(days=UNDO_DAYS):
        return None
    return merge


def _reason(text):
    return Truncator(text).chars(REASON_LENGTH)


def _dump(partner, names):
    """Field values of `partner` by attname, as JSON can hold them (dates as ISO text)."""
    values = {}
    for name in names:
        field = Partner._meta.get_field(name)
        value = field.value_from_object(partner)
        if value is not None and not isinstance(value, str | int | bool):
            value = field.value_to_string(partner)
        values[field.attname] = value
    return values


def _load(values):
    """The inverse of _dump: Python values by attname."""
    fields = {f.attname: f for f in Partner._meta.concrete_fields}
    return {attname: fields[attname].to_python(value) for attname, value in values.items()}


def _move(rows, to, *, actor, reason):
    """Point `rows` (one model, each with a `partner`) at `to`, with a history row each.
    Returns their ids."""
    rows = list(rows)
    for row in rows:
        row.partner = to
    if rows:
        bulk_update_with_history(
            rows, type(rows[0]), ["partner"], default_user=actor, default_change_reason=reason
        )
    return [row.pk for row in rows]


def _with_history(instance, *, actor, reason):
    instance._history_user = actor
    instance._change_reason = reason
    return instance


def _move_assignments(absorbed, survivor, *, actor, reason):
    """Move the absorbed partner's relationship managers; one the survivor already has on
    that level is dropped (the pair is unique) and returned so undo can bring it back."""
    taken = set(survivor.assignments.values_list("manager_id", "level"))
    moving, dropped = [], []
    for assignment in absorbed.assignments.all():
        if (assignment.manager_id, assignment.level) in taken:
            dropped.append(
                {
                    "pk": assignment.pk,
                    "manager_id": assignment.manager_id,
                    "level": assignment.level,
                    "hours_per_week": str(assignment.hours_per_week),
                }
            )
            _with_history(assignment, actor=actor, reason=reason).delete()
        else:
            moving.append(assignment)
    return _move(moving, survivor, actor=actor, reason=reason), dropped


def _move_guests(absorbed, survivor, *, actor, reason):
    """Put the survivor on the guest list of each meeting the absorbed partner attended.
    Returns (those meetings' ids, the ids of those the survivor was not already a guest of).
    Through each meeting (not the partner's reverse relation) so its history records it."""
    meetings = list(Meeting.objects.filter(guests=absorbed).order_by("pk"))
    present = set(
        Meeting.objects.filter(guests=survivor, pk__in=[m.pk for m in meetings]).values_list(
            "pk", flat=True
        )
    )
    added = []
    for meeting in meetings:
        _with_history(meeting, actor=actor, reason=reason)
        if meeting.pk not in present:
            meeting.guests.add(survivor)
            added.append(meeting.pk)
        meeting.guests.remove(absorbed)
    return [m.pk for m in meetings], added


def _latest(*dates):
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


@transaction.atomic
def partner_merge(*, survivor, absorbed, choices, actor):
    """Merge `absorbed` into `survivor` and remove `absorbed`. `choices` maps a field of
    FIELDS to SURVIVOR or ABSORBED: whose value the survivor gets; a field left out gets
    default_choice. Returns the PartnerMerge."""
    locked = Partner.objects.select_for_update().in_bulk([survivor.pk, absorbed.pk])
    if survivor.pk not in locked or absorbed.pk not in locked:
        raise ValidationError(_("One of the two partners no longer exists."))
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if not (may_keep_partner(actor, survivor) and may_keep_partner(actor, absorbed)):
        raise PermissionDenied
    refusal = merge_refusal(survivor, absorbed)
    if refusal:
        raise ValidationError(refusal)
    if set(choices) - set(FIELDS) or set(choices.values()) - {SURVIVOR, ABSORBED}:
        raise ValidationError(_("Choose for each field which partner's value to keep."))

    reason = _reason(_("Merged with %(name)s") % {"name": absorbed.name})
    absorbed_values = _dump(absorbed, [f.name for f in Partner._meta.concrete_fields])
    before = _dump(survivor, [*FIELDS, "last_contact_on"])
    last_contact = _latest(survivor.last_contact_on, absorbed.last_contact_on)

    moved = {
        key: _move(
            model.objects.filter(partner=absorbed).order_by("pk"),
            survivor,
            actor=actor,
            reason=reason,
        )
        for key, model in MOVED_BY_FOREIGN_KEY.items()
    }
    moved["assignments"], dropped = _move_assignments(
        absorbed, survivor, actor=actor, reason=reason
    )
    moved["meetings"], moved["meetings_added"] = _move_guests(
        absorbed, survivor, actor=actor, reason=reason
    )
    # Earlier merges into the absorbed partner would go with it (cascade); they follow it to
    # the survivor instead, and go back on undo.
    earlier = PartnerMerge.objects.filter(survivor=absorbed)
    moved["merges"] = list(earlier.values_list("pk", flat=True))
    earlier.update(survivor=survivor)

    changed = []
    for name in differing_fields(survivor, absorbed):
        if choices.get(name, default_choice(name, survivor, absorbed)) == ABSORBED:
            attname = _attname(name)
            setattr(survivor, attname, getattr(absorbed, attname))
            changed.append(name)
    refresh_last_contact(survivor, at_least=last_contact)
    partner_save(partner=_with_history(survivor, actor=actor, reason=reason), actor=actor)

    merge = PartnerMerge.objects.create(
        organisation_id=survivor.organisation_id,
        survivor=survivor,
        absorbed_pk=absorbed.pk,
        absorbed_name=absorbed.name,
        merged_by=actor,
        snapshot={
            "absorbed": absorbed_values,
            "survivor": {"before": before, "changed": changed},
            "moved": moved,
            "dropped_assignments": dropped,
        },
    )
    gone = _reason(_("Merged into %(name)s") % {"name": survivor.name})
    _with_history(absorbed, actor=actor, reason=gone).delete()
    return merge


def undo_refusal(merge, *, now=None):
    """Why `merge` cannot be undone (now), or None."""
    now = now or timezone.now()
    if merge.undone_at is not None:
        return _("This merge has already been undone.")
    if merge.merged_at < now - timedelta(days=UNDO_DAYS):
        return _("A merge can be undone for %(days)s days; this one is older.") % {
            "days": UNDO_DAYS
        }
    if undoable_merge(merge.survivor, now=now) != merge:
        return _("Only the latest merge into a partner can be undone. Undo the later one first.")
    return None


@transaction.atomic
def partner_merge_undo(*, merge, actor, now=None):
    """Bring the absorbed partner back as it was, with exactly what moved, and give the
    survivor back its fields and last contact. Returns the partner brought back."""
    now = now or timezone.now()
    merge = PartnerMerge.objects.select_for_update().get(pk=merge.pk)
    survivor = Partner.objects.select_for_update().get(pk=merge.survivor_id)
    merge.survivor = survivor
    if not may_keep_partner(actor, survivor):
        raise PermissionDenied
    refusal = undo_refusal(merge, now=now)
    if refusal:
        raise ValidationError(refusal)

    snapshot = merge.snapshot
    values = _load(snapshot["absorbed"])
    before = _load(snapshot["survivor"]["before"])
    changed = snapshot["survivor"]["changed"]
    categories = {values["category_id"]}
    if "category" in changed:
        categories.add(before["category_id"])
    if Category.objects.filter(pk__in=categories).count() != len(categories):
        raise ValidationError(
            _(
                "A category one of the two partners had before the merge has been removed "
                "since, so the merge can no longer be undone."
            )
        )
    batch = values["import_batch_id"]
    if batch is not None and not ImportBatch.objects.filter(pk=batch).exists():
        values["import_batch_id"] = None

    reason = _reason(_("Merge with %(name)s undone") % {"name": merge.absorbed_name})
    absorbed = _with_history(Partner(**values), actor=actor, reason=reason)
    absorbed.save(force_insert=True)

    moved = snapshot["moved"]
    for key, model in MOVED_BY_FOREIGN_KEY.items():
        rows = model.objects.filter(pk__in=moved[key], partner=survivor).order_by("pk")
        _move(rows, absorbed, actor=actor, reason=reason)
    rows = Assignment.objects.filter(pk__in=moved["assignments"], partner=survivor)
    _move(rows.order_by("pk"), absorbed, actor=actor, reason=reason)
    dropped = snapshot["dropped_assignments"]
    managers = set(
        User.objects.filter(pk__in=[d["manager_id"] for d in dropped]).values_list("pk", flat=True)
    )
    for row in dropped:
        if row["manager_id"] not in managers:
            continue  # the account is gone, and with it every assignment of that person
        assignment = Assignment(
            pk=row["pk"],
            partner=absorbed,
            manager_id=row["manager_id"],
            level=row["level"],
            hours_per_week=Decimal(row["hours_per_week"]),
        )
        _with_history(assignment, actor=actor, reason=reason).save(force_insert=True)
    added = set(moved["meetings_added"])
    # Back on a guest list only where the partner kept is still on it: a list corrected
    # after the merge (the partner was not there after all) stays corrected.
    present = set(survivor.rro_meetings.values_list("pk", flat=True))
    for meeting in Meeting.objects.filter(pk__in=moved["meetings"]).order_by("pk"):
        if meeting.pk not in present:
            continue
        _with_history(meeting, actor=actor, reason=reason)
        meeting.guests.add(absorbed)
        if meeting.pk in added:
            meeting.guests.remove(survivor)
    PartnerMerge.objects.filter(pk__in=moved["merges"], survivor=survivor).update(survivor=absorbed)

    for name in changed:
        attname = _attname(name)
        setattr(survivor, attname, before[attname])
    refresh_last_contact(survivor, at_least=before["last_contact_on"])
    partner_save(partner=_with_history(survivor, actor=actor, reason=reason), actor=actor)

    merge.undone_at = now
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    return absorbed
