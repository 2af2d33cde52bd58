"""A readable history page for any model with django-simple-history.

Views call `render_history` only after fetching the object through their own permission
chokepoint: the history of an object is exactly as confidential as the object.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CHANGE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_entries(obj, *, exclude_fields=()):
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(exclude_fields))
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": getattr(field, "verbose_name", change.field),
                        "old": _display(record, field, change.old),
                        "new": _display(record, field, change.new),
                    }
                )
        entries.append(
            {
                "record": record,
                "label": CHANGE_LABELS.get(record.history_type, record.history_type),
                "user": record.history_user,
                "date": record.history_date,
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
        previous = record
    entries.reverse()
    return entries


def _display(record, field, value):
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, list):  # many-to-many: a list of through-rows as dicts
        return ", ".join(str(v) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return value


def render_history(request, obj, *, back_url, title=None, exclude_fields=()):
    return render(
        request,
        "coalition/history.html",
        {
            "object": obj,
            "title": title or str(obj),
            "back_url": back_url,
            "entries": history_entries(obj, exclude_fields=exclude_fields),
        },
    )
