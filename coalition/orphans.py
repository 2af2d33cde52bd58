"""Deleting a protected object takes its object permissions with it, in the same transaction.

Guardian keeps object permissions in two kinds of tables. The direct-foreign-key tables of
busy models (dilemmas.CaseUserObjectPermission and the like) delete with their object by
the foreign key's cascade. The generic tables (guardian's UserObjectPermission and
GroupObjectPermission: a content type and the object's pk as text) have no foreign key to
the object: left alone, a row outlives its object, and an object made later with the same
pk inherits the access.

`connect()`, called once from CoalitionConfig.ready(), listens to post_delete of every model
that can carry a generic row and deletes the rows of the deleted object inside the deleting
transaction (Django sends post_delete before it commits), so a rollback restores both. A
model carries none when it has no permissions of its own (guardian only stores a row whose
permission belongs to the object's content type); guardian's own tables and the historical
records are never protected objects either (a history page goes through the chokepoint of
the object itself). Those models get no receiver, so they keep Django's fast delete. A
delete costs one more query, and one per table that held rows of the object.

`find_orphans()` (and `manage.py guardian_orphans`) finds rows left from before, or by a
delete that sends no signal (raw SQL, a database restore).
"""

from collections import Counter

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Exists
from django.db.models.signals import post_delete
from guardian.ctypes import get_content_type
from guardian.models import BaseObjectPermission, GroupObjectPermission, UserObjectPermission
from simple_history.models import HistoricalChanges

GENERIC_TABLES = {"user": UserObjectPermission, "group": GroupObjectPermission}


def may_carry_rows(model):
    """Whether a generic guardian row can point at an instance of `model`."""
    meta = model._meta
    if meta.auto_created or not (meta.permissions or meta.default_permissions):
        return False
    if meta.app_label == "guardian" or issubclass(model, BaseObjectPermission):
        return False
    return not issubclass(model, HistoricalChanges)


def delete_rows_of(sender, instance, using, **kwargs):
    """post_delete receiver: the generic guardian rows of `instance` go with it."""
    if instance.pk is None:
        return
    # The content type the way guardian writes it (the concrete model, unless configured).
    content_type = get_content_type(instance)
    tables = {
        kind: model.objects.using(using).filter(
            content_type_id=content_type.pk, object_pk=str(instance.pk)
        )
        for kind, model in GENERIC_TABLES.items()
    }
    # One query asks both tables; most objects have no rows, so most deletes stop here.
    held = (
        ContentType.objects.using(using)
        .filter(pk=content_type.pk)
        .values_list(*(Exists(rows) for rows in tables.values()))
        .first()
    )
    for rows, present in zip(tables.values(), held or (), strict=False):
        if present:
            rows.delete()


def connect():
    for model in apps.get_models():
        if may_carry_rows(model):
            post_delete.connect(
                delete_rows_of, sender=model, dispatch_uid=f"coalition.orphans.{model._meta.label}"
            )


# --- Rows left behind ---


def _existing_pks(model, object_pks):
    """The members of `object_pks` (text, as guardian keeps them) that are pks of `model`."""
    field = model._meta.pk
    wanted = {}
    for object_pk in object_pks:
        try:
            wanted[field.to_python(object_pk)] = object_pk
        except ValidationError:  # not even a pk of this model: its object is gone
            continue
    keys = list(wanted)
    found = set()
    for start in range(0, len(keys), 500):
        found.update(
            model._base_manager.filter(pk__in=keys[start : start + 500]).values_list(
                "pk", flat=True
            )
        )
    return {wanted[key] for key in found}


def find_orphans():
    """{(content type label, "user" or "group"): number of generic rows whose object is
    gone}. A content type whose model left the code counts whole (label "app.model")."""
    counts = {}
    for kind, table in GENERIC_TABLES.items():
        content_type_ids = set(table.objects.values_list("content_type_id", flat=True))
        for content_type_id in sorted(content_type_ids):
            content_type = ContentType.objects.get_for_id(content_type_id)
            per_object = Counter(
                table.objects.filter(content_type_id=content_type_id).values_list(
                    "object_pk", flat=True
                )
            )
            model = content_type.model_class()
            alive = _existing_pks(model, per_object) if model is not None else set()
            gone = sum(n for object_pk, n in per_object.items() if object_pk not in alive)
            if gone:
                counts[(f"{content_type.app_label}.{content_type.model}", kind)] = gone
    return counts


def delete_rows_of_removed_models():
    """Delete the generic rows of content types whose model is no longer in the code
    (guardian's clean_orphan_obj_perms cannot load their objects). Returns the number."""
    gone = [ct.pk for ct in ContentType.objects.all() if ct.model_class() is None]
    return sum(
        table.objects.filter(content_type_id__in=gone).delete()[0]
        for table in GENERIC_TABLES.values()
    )
