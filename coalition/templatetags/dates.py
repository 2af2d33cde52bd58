"""The `date` filter, with the formats the pages use most written directly: the same text as
Django's filter (which reads the format letter by letter through DateFormat, about 25 µs a
date: a list of 50 rows with a date each spent over a millisecond on it). Loaded as a
builtin library (settings.TEMPLATES); any other format, and anything that is not a date,
goes to Django's own filter."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.dates import MONTHS

register = template.Library()


def _day(value):
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"


def _time(value):
    return f"{value.hour:02d}:{value.minute:02d}"


# Format -> (whether it needs a time of day, how to write it).
QUICK = {
    "j F Y": (False, _day),
    "j F Y H:i": (True, lambda value: f"{_day(value)} {_time(value)}"),
    "H:i": (True, _time),
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    quick = QUICK.get(arg)
    if quick is not None and isinstance(value, datetime.date):
        needs_time, write = quick
        if not needs_time or isinstance(value, datetime.datetime):
            return write(value)
    return django_date(value, arg)
