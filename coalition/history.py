"""A readable history page for any model with django-simple-history.

Views call `render_history` only after fetching the object through their own permission
chokepoint: the history of an object is exactly as confidential as the object.
"""

from collections import defaultdict

from django.db import models
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

CHANGE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
EMPTY = "—"


def history_entries(obj, *, exclude_fields=(), key_labels=None):
    """Entries newest first. For a field that stores a mapping (JSON), `key_labels` maps the
    field name to a function naming each key: every changed key then gets its own row."""
    key_labels = key_labels or {}
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    raw = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(exclude_fields))
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append((field, change.old, change.new))
        raw.append((record, changes))
        previous = record
    names = _related_names(change for _, changes in raw for change in changes)
    entries = [
        {
            "record": record,
            "label": CHANGE_LABELS.get(record.history_type, record.history_type),
            "user": record.history_user,
            "date": record.history_date,
            "changes": [
                row
                for field, old, new in changes
                for row in _rows(field, old, new, names, key_labels.get(field.name))
            ],
            "reason": record.history_change_reason,
        }
        for record, changes in raw
    ]
    entries.reverse()
    return entries


def _rows(field, old, new, names, key_label):
    label = getattr(field, "verbose_name", field.name)
    if key_label and isinstance(old or {}, dict) and isinstance(new or {}, dict):
        old, new = old or {}, new or {}
        return [
            {
                "field": f"{capfirst(label)}: {key_label(key)}",
                "old": old.get(key) or EMPTY,
                "new": new.get(key) or EMPTY,
            }
            for key in sorted(old.keys() | new.keys(), key=str)
            if old.get(key) != new.get(key)
        ]
    return [
        {"field": label, "old": _display(field, old, names), "new": _display(field, new, names)}
    ]


def _related_ids(field, value):
    if value in (None, ""):
        return []
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        return [row.get(key) for row in value if isinstance(row, dict)]
    return [value]


def _related_names(changes):
    """Names of every related object the changes mention: one query per related model."""
    wanted = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation and field.related_model:
            for value in (old, new):
                wanted[field.related_model].update(_related_ids(field, value))
    names = {}
    for model, ids in wanted.items():
        for pk, related in model._default_manager.in_bulk(ids - {None}).items():
            names[(model, pk)] = str(related)
    return names


def _display(field, value, names):
    if field.is_relation and field.related_model:
        ids = _related_ids(field, value)
        labels = [names.get((field.related_model, pk), f"#{pk}") for pk in ids]
        return ", ".join(labels) or EMPTY
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return EMPTY
    return value


def render_history(request, obj, *, back_url, title=None, exclude_fields=(), key_labels=None):
    return render(
        request,
        "coalition/history.html",
        {
            "object": obj,
            "title": title or str(obj),
            "back_url": back_url,
            "entries": history_entries(obj, exclude_fields=exclude_fields, key_labels=key_labels),
        },
    )
