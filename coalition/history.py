"""A readable history page for any model with django-simple-history.

Views call `render_history` only after fetching the object through their own permission
chokepoint: the history of an object is exactly as confidential as the object.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, localize, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .names import fold, full_name, sort_key

CHANGE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
EMPTY = "—"


def history_entries(obj, *, exclude_fields=(), key_labels=None, value_labels=None):
    """Entries newest first. For a field that stores a mapping (JSON), `key_labels` maps the
    field name to a function naming each key: every changed key then gets its own row. For a
    field that stores codes without choices of its own (a JSON list of circles, say),
    `value_labels` maps the field name to choices naming each code."""
    key_labels = key_labels or {}
    # Keyed by text: JSON may keep a code as 2 or as "2".
    value_labels = {
        name: {str(code): label for code, label in choices}
        for name, choices in (value_labels or {}).items()
    }
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
                for row in _rows(
                    field,
                    old,
                    new,
                    names,
                    key_labels.get(field.name),
                    value_labels.get(field.name),
                )
            ],
            "reason": record.history_change_reason,
        }
        for record, changes in raw
    ]
    entries.reverse()
    return entries


def _rows(field, old, new, names, key_label, value_label):
    label = getattr(field, "verbose_name", field.name)
    if key_label and isinstance(old or {}, dict) and isinstance(new or {}, dict):
        old, new = old or {}, new or {}
        return [
            {
                "field": f"{capfirst(label)}: {key_label(key)}",
                "old": _plain(old.get(key)),
                "new": _plain(new.get(key)),
            }
            for key in sorted(old.keys() | new.keys(), key=str)
            if old.get(key) != new.get(key)
        ]
    return [
        {
            "field": label,
            "old": _display(field, old, names, value_label),
            "new": _display(field, new, names, value_label),
        }
    ]


def _related_ids(field, value):
    if value in (None, ""):
        return []
    if field.many_to_many:
        key = field.m2m_reverse_field_name()
        return [row.get(key) for row in value if isinstance(row, dict)]
    return [value]


def _related_names(changes):
    """(name, sort key) of every related object the changes mention: one query per related
    model. People go by their full name, in address-book order."""
    wanted = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation and field.related_model:
            for value in (old, new):
                wanted[field.related_model].update(_related_ids(field, value))
    user_model = get_user_model()
    names = {}
    for model, ids in wanted.items():
        for pk, related in model._default_manager.order_by().in_bulk(ids - {None}).items():
            if isinstance(related, user_model):
                names[(model, pk)] = (full_name(related), sort_key(related))
            else:
                names[(model, pk)] = (str(related), (fold(str(related)),))
    return names


def _display(field, value, names, value_label=None):
    if field.is_relation and field.related_model:
        known = [
            names.get((field.related_model, pk), (f"#{pk}", ("",)))
            for pk in _related_ids(field, value)
        ]
        if field.many_to_many:
            known.sort(key=lambda name: name[1])
        return ", ".join(name for name, _key in known) or EMPTY
    if value_label is not None:
        codes = value if isinstance(value, list | tuple) else [] if value is None else [value]
        return (
            ", ".join(str(value_label.get(str(code), code)) for code in codes if code != "")
            or EMPTY
        )
    if isinstance(field, models.BooleanField):
        if value is None:
            return EMPTY
        return _("Yes") if value else _("No")
    if getattr(field, "choices", None) and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    return _plain(value)


def _plain(value):
    """A stored value as people read it: local time without seconds, dates and numbers in
    the language of the page, lists as lists."""
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return time_format(value, "H:i")
    if isinstance(value, Decimal | float):
        return localize(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(_plain(item)) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return value


def render_history(
    request,
    obj,
    *,
    back_url,
    title=None,
    exclude_fields=(),
    key_labels=None,
    value_labels=None,
):
    return render(
        request,
        "coalition/history.html",
        {
            "object": obj,
            "title": title or str(obj),
            "back_url": back_url,
            "entries": history_entries(
                obj,
                exclude_fields=exclude_fields,
                key_labels=key_labels,
                value_labels=value_labels,
            ),
        },
    )
