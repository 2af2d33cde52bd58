"""An RRO series as an iCalendar feed (RFC 5545): one event with the recurrence rule, the
cancelled meetings as exceptions, a moved meeting as an override of its occurrence, and
meetings from an earlier rule as events of their own.

UIDs do not depend on the address the feed is fetched under, and SEQUENCE and
LAST-MODIFIED rise with every change, so a calendar updates events instead of doubling
them."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import vRecur

from coalition.ical import new_calendar, new_event

from .services.planning import occurrences

UID_DOMAIN = "coalition.relatiebeheer"


def series_uid(series):
    return f"rro-{series.pk}@{UID_DOMAIN}"


def _event(series, **fields):
    event = new_event(summary=series.title, location=series.location, **fields)
    event.add(
        "description",
        _("What did you do, and what will you do, in relationship management?"),
    )
    return event


def series_feed(series):
    meetings = list(series.meetings.order_by("occurrence"))
    # Which rows are occurrences of the current rule: those the rule itself shows (or
    # excludes, when cancelled, or overrides, when moved). Rows of an earlier rule are
    # events of their own. The rule starts at its first row, so a calendar shows no
    # occurrences before the series (or its new rhythm) began.
    in_rule = set()
    if meetings:
        in_rule = set(occurrences(series, meetings[0].occurrence, meetings[-1].occurrence))
    first = next((m.occurrence for m in meetings if m.occurrence in in_rule), None)
    first = first or series.first_starts_at
    stamp = timezone.now()
    with override(settings.LANGUAGE_CODE):
        cal = new_calendar(prodid="-//Coalition//Relatiebeheer//NL", name=series.title)
        master = _event(
            series,
            uid=series_uid(series),
            starts_at=first,
            ends_at=first + series.duration,
            sequence=series.sequence,
            changed_at=series.changed_at,
            stamp=stamp,
        )
        rule = {"freq": series.frequency, "interval": series.interval}
        if series.until:
            last_moment = datetime.combine(series.until, time(23, 59, 59))
            rule["until"] = timezone.make_aware(last_moment).astimezone(UTC)
        master.add("rrule", vRecur(rule))
        # Left out: cancelled meetings, and occurrences between the first and the last row
        # that have no row (they fell under an earlier rhythm and never were).
        held = {m.occurrence for m in meetings if not m.cancelled}
        for moment in sorted(in_rule - held):
            if moment >= first:
                master.add("exdate", timezone.localtime(moment))
        cal.add_component(master)
        for meeting in meetings:
            if meeting.cancelled:
                continue  # left out with EXDATE, or a cancelled meeting of an earlier rule
            if meeting.occurrence in in_rule and not meeting.sequence:
                continue  # exactly as the rule says
            own = meeting.occurrence not in in_rule
            event = _event(
                series,
                uid=f"rro-meeting-{meeting.pk}@{UID_DOMAIN}" if own else series_uid(series),
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                sequence=meeting.sequence,
                changed_at=meeting.changed_at,
                stamp=stamp,
            )
            if not own:
                event.add("recurrence-id", timezone.localtime(meeting.occurrence))
            cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()
