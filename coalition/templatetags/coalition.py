from django import template

from ..sanitize import safe_markup as _safe_markup

register = template.Library()


@register.filter
def safe_markup(value):
    """User text with only links and emphasis kept (coalition.sanitize)."""
    return _safe_markup(value)
