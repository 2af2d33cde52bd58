from django import template

from ..playbook import severity
from ..playbook import severity_label as _severity_label

register = template.Library()


@register.filter
def severity_label(code):
    return _severity_label(code)


@register.filter
def risk_severity(score):
    return severity(int(score))


@register.filter
def css_string(value):
    """A CSS string literal: every character but letters, digits and spaces escaped, so text
    can never close the string or the rule."""
    from django.utils.safestring import mark_safe

    out = []
    for char in str(value):
        if char.isalnum() or char == " ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return mark_safe('"' + "".join(out) + '"')  # noqa: S308 - every special character escaped
