"""The `date` filter of the pages writes exactly what Django's own filter writes, for the
formats it writes itself and for every other, in both languages and any time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, Template
from django.utils import timezone, translation

from coalition.templatetags.dates import QUICK

FORMATS = [*QUICK, "l j F Y", "j M Y", "SHORT_DATETIME_FORMAT", "Ymd", "", None]
VALUES = [
    datetime.date(2026, 1, 5),
    datetime.date(987, 12, 31),
    datetime.datetime(2026, 3, 29, 1, 59, tzinfo=datetime.UTC),  # summer time begins
    datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 7, 1, 23, 5, tzinfo=ZoneInfo("America/New_York")),
    datetime.datetime(2026, 5, 9, 7, 3),  # naive
    None,
    "",
    "not a date",
]


def _django_only():
    """An engine without the app's builtins: Django's filters alone."""
    return Engine(builtins=[], libraries={})


def _render(template, value):
    """The text, or the error: a time format on a day is refused by both alike."""
    try:
        return template.render(Context({"value": value}))
    except TypeError as error:
        return f"TypeError: {error}"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "UTC"])
def test_the_same_text_as_djangos_filter(language, zone, settings):
    ours, theirs = [], []
    with translation.override(language), timezone.override(zone):
        for fmt in FORMATS:
            arg = "" if fmt is None else f':"{fmt}"'
            source = "{{ value|date" + arg + " }}"
            for value in VALUES:
                ours.append(_render(Template(source), value))
                theirs.append(_render(_django_only().from_string(source), value))
    assert ours == theirs
    assert "maart" in " ".join(ours) or language == "en"


def test_the_pages_use_the_quick_filter():
    from django.template import engines

    builtins = engines["django"].engine.template_builtins
    assert builtins[-1].filters["date"].__module__ == "coalition.templatetags.dates"
