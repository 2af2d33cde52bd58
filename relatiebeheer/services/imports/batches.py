"""The import itself, as one ImportBatch, and its undo."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Category, ImportBatch, Partner
from ...permissions import keeper_organisation_ids
from .. import partners as partner_services
from .plan import DUPLICATE, NEW, plan_import


def _require_keeper(user, organisation_id):
    keepers = keeper_organisation_ids(user)
    if keepers is not None and organisation_id not in keepers:
        raise PermissionDenied


@transaction.atomic
def import_partners(
    *,
    organisation,
    table,
    mapping,
    file_name,
    actor,
    default_category=None,
    default_priority=None,
    include_lines=(),
    category_choices=None,
):
    """Import the good rows of `table` as one ImportBatch. Rows with an error are left out;
    likely duplicates too, unless their line is in `include_lines`. `category_choices` maps
    a new category's name (case-insensitive) to an existing Category of the organisation;
    a new name without a choice becomes a category with the default rhythm.
    Returns (batch, plan); batch is None when no row could be imported."""
    _require_keeper(actor, organisation.pk)
    if default_category is not None and default_category.organisation_id != organisation.pk:
        raise ValidationError({"category": _("Choose a category of the same organisation.")})
    plan = plan_import(
        organisation=organisation,
        table=table,
        mapping=mapping,
        default_category=default_category,
        default_priority=default_priority,
    )
    include_lines = set(include_lines)
    chosen = [
        row
        for row in plan.rows
        if row.status == NEW or (row.status == DUPLICATE and row.line in include_lines)
    ]
    if not chosen:
        return None, plan

    categories = {c.name.casefold(): c for c in Category.objects.filter(organisation=organisation)}
    for key, category in (category_choices or {}).items():
        if category is not None:
            if category.organisation_id != organisation.pk:
                raise ValidationError(
                    {"category": _("Choose a category of the same organisation.")}
                )
            categories.setdefault(key.casefold(), category)
    batch = ImportBatch.objects.create(
        organisation=organisation, file_name=file_name[:200], imported_by=actor
    )
    for row in chosen:
        category = categories.get(row.category_key)
        if category is None:
            name = row.values["category"] or default_category.name
            category = partner_services.category_save(
                category=Category(organisation=organisation, name=name.strip()), actor=actor
            )
            categories[row.category_key] = category
        partner = Partner(
            organisation=organisation,
            name=row.values["name"],
            place=row.values["place"],
            sector=row.values["sector"],
            region=row.values["region"],
            website=row.website,
            priority=row.priority,
            category=category,
            import_batch=batch,
        )
        partner._history_user = actor
        partner_services.partner_save(partner=partner, actor=actor)
    batch.created_count = len(chosen)
    batch.save(update_fields=["created_count"])
    return batch, plan


@transaction.atomic
def batch_undo(*, batch, actor):
    """Delete the partners the batch made that have no contact moments yet; the others stay.
    Returns (number deleted, [partners kept])."""
    _require_keeper(actor, batch.organisation_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at is not None:
        raise ValidationError(_("This import has already been undone."))
    made = Partner.objects.filter(import_batch=batch).annotate(contact_count=Count("contacts"))
    kept = [p for p in made if p.contact_count]
    removable = Partner.objects.filter(import_batch=batch, contacts__isnull=True)
    deleted = 0
    for partner in removable:
        partner._history_user = actor
        partner.delete()
        deleted += 1
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return deleted, kept
