"""Anonymising records and every earlier version of them in one go.

`blank(queryset, **values)` sets fields of the records and of all their historical versions
(django-simple-history) at once, in two queries per kind whatever their number; without a
new version, so the history never gains a copy of what was erased."""


def blank(queryset, **values):
    """Set `values` on the records of `queryset` and on their historical versions. Returns
    how many records changed."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "model"):
        tracked = {f.name for f in history.model._meta.concrete_fields}
        kept = {name: value for name, value in values.items() if name in tracked}
        if kept:
            history.model._default_manager.filter(id__in=ids).update(**kept)
    return model._default_manager.filter(pk__in=ids).update(**values)
