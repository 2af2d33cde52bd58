"""The merge a partner page offers to undo."""

from django import template

from ..services.merge import undoable_merge as _undoable_merge

register = template.Library()


@register.simple_tag
def undoable_merge(partner):
    """{% undoable_merge partner as merge %}: the merge into `partner` that can still be
    undone, or None. One query."""
    return _undoable_merge(partner)
