"""Any record as rows people read, with its history: the building block of a copy.

`records_of(objects)` turns model instances into `Record`s: every field with its label and
value as people read it, and every historical version the record has (django-simple-history),
oldest first. It runs a fixed number of queries per kind of record, whatever their number:
related names and histories are fetched for all records of a kind at once.

Fields that hold secrets (a password hash, a two-step key) never appear.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.utils import NestedObjects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..history import CHANGE_LABELS

# Never in a copy: what proves who someone is, or opens their account.
SECRET_FIELDS = frozenset({"password", "key", "bin_key", "token", "secret", "session_key"})
# Kinds of record that are the app's machinery, not data about a person.
MACHINERY_APPS = frozenset({"guardian", "sessions", "admin", "contenttypes", "axes"})


@dataclass
class Record:
    kind: str  # app_label.model_name
    kind_label: str
    id: str
    fields: list  # [(name, label, value)]
    history: list = field(default_factory=list)  # [{"date", "change", "by", "fields"}]

    def as_dict(self):
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "id": self.id,
            "fields": [
                {"field": name, "label": label, "value": value}
                for name, label, value in self.fields
            ],
            "history": [
                {
                    **entry,
                    "fields": [
                        {"field": name, "label": label, "value": value}
                        for name, label, value in entry["fields"]
                    ],
                }
                for entry in self.history
            ],
        }


def text(value):
    """A value as people read it, the same in the PDF and the JSON."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return ", ".join(text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {text(item)}" for key, item in value.items())
    return str(value)


def _fields(model, exclude):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and f.name not in exclude and not f.primary_key
    ]


def _names_of(model, rows, fields):
    """{field name: {pk: str(related)}} for the foreign keys among `fields`, one query per
    related kind."""
    names = {}
    for f in fields:
        if not f.is_relation:
            continue
        ids = {getattr(row, f.attname) for row in rows} - {None}
        target = f.related_model
        if not ids or target._meta.app_label in MACHINERY_APPS:
            names[f.name] = {}
            continue
        names[f.name] = {
            pk: str(obj) for pk, obj in target._default_manager.order_by().in_bulk(ids).items()
        }
    return names


def _values(row, fields, names):
    values = []
    for f in fields:
        raw = getattr(row, f.attname)
        if f.is_relation:
            shown = names[f.name].get(raw, "" if raw is None else f"#{raw}")
        elif f.choices:
            shown = dict(f.flatchoices).get(raw, raw)
            shown = text(shown)
        else:
            shown = text(raw)
        values.append((f.name, str(capfirst(f.verbose_name)), str(shown)))
    return values


def records_of(objects, *, exclude=()):
    """The objects (any kinds, mixed) as Records, grouped by kind in the order met."""
    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj._meta.model].append(obj)
    records = []
    for model, rows in by_model.items():
        fields = _fields(model, exclude)
        names = _names_of(model, rows, fields)
        histories = _histories(model, rows, exclude)
        m2m = _many_to_many(model, rows)
        for row in rows:
            values = _values(row, fields, names) + m2m.get(row.pk, [])
            records.append(
                Record(
                    kind=model._meta.label_lower,
                    kind_label=str(capfirst(model._meta.verbose_name)),
                    id=str(row.pk),
                    fields=values,
                    history=histories.get(row.pk, []),
                )
            )
    return records


def _many_to_many(model, rows):
    """{pk: [(name, label, value)]} for the many-to-many fields, one query per field."""
    result = defaultdict(list)
    for f in model._meta.many_to_many:
        through = f.remote_field.through
        source = f.m2m_field_name()
        target = f.m2m_reverse_field_name()
        pairs = through._default_manager.filter(
            **{f"{source}__in": [row.pk for row in rows]}
        ).select_related(target)
        named = defaultdict(list)
        for pair in pairs:
            named[getattr(pair, f"{source}_id")].append(str(getattr(pair, target)))
        for row in rows:
            result[row.pk].append(
                (f.name, str(capfirst(f.verbose_name)), ", ".join(sorted(named[row.pk])))
            )
    return result


def _histories(model, rows, exclude):
    """{pk: [version, ...]} oldest first, in one query (two with the names of related
    records) for all rows of the kind."""
    manager = getattr(model, "history", None)
    if manager is None or not hasattr(manager, "model"):
        return {}
    historical = manager.model
    versions = list(
        historical._default_manager.filter(id__in=[row.pk for row in rows])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    tracked = [f for f in _fields(model, exclude) if _has_field(historical, f.attname)]
    names = _names_of(historical, versions, [_historical_field(historical, f) for f in tracked])
    result = defaultdict(list)
    for version in versions:
        user = version.history_user
        result[version.id].append(
            {
                "date": text(version.history_date),
                "change": str(CHANGE_LABELS.get(version.history_type, version.history_type)),
                "by": (user.get_full_name() or user.get_username()) if user else "",
                "fields": _values(
                    version, [_historical_field(historical, f) for f in tracked], names
                ),
            }
        )
    return result


def _has_field(model, attname):
    return any(f.attname == attname for f in model._meta.concrete_fields)


def _historical_field(historical, f):
    return next(h for h in historical._meta.concrete_fields if h.attname == f.attname)


def is_machinery(model):
    """The app's machinery, never data about a person: permission rows (guardian's own and
    the direct ones of a protected model), sessions, the admin's log."""
    from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

    return (
        model._meta.app_label in MACHINERY_APPS
        or model._meta.auto_created
        or issubclass(model, (UserObjectPermissionBase, GroupObjectPermissionBase))
    )


def cascade_of(root):
    """Every record that exists only with `root` (what deleting it would delete with it),
    without `root` itself and without the app's machinery (permission rows, sessions)."""
    collector = NestedObjects(using=root._state.db or "default")
    collector.collect([root])
    found = []
    for model, instances in collector.data.items():
        if is_machinery(model) or model is root._meta.model:
            continue
        found.extend(sorted(instances, key=lambda obj: obj.pk))
    return found


def _is_historical(model):
    return hasattr(model, "instance_type") or model.__name__.startswith("Historical")
