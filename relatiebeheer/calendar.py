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
from icalendar import Calendar, Event, vRecur

from .services.planning import occurrences

UID_DOMAIN = "coalition.relatiebeheer"


def series_uid(series):
    return f"rro-{series.pk}@{UID_DOMAIN}"


def _event(series, *, uid, starts_at, ends_at, sequence, changed_at, stamp):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(starts_at))
    event.add("dtend", timezone.localtime(ends_at))
    event.add("summary", series.title)
    event.add("sequence", sequence)
    event.add("last-modified", changed_at)
    if series.location:
        event.add("location", series.location)
    event.add(
        "description",
        _("What did you do, and what will you do, in relationship management?"),
    )
    return event


def series_feed(series):
    meetings = list(series.meetings.order_by("starts_at"))
    stamp = timezone.now()
    with override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//Coalition//Relatiebeheer//NL")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", series.title)
        master = _event(
            series,
            uid=series_uid(series),
            starts_at=series.first_starts_at,
            ends_at=series.first_starts_at + series.duration,
            sequence=series.sequence,
            changed_at=series.changed_at,
            stamp=stamp,
        )
        rule = {"freq": series.frequency, "interval": series.interval}
        if series.until:
            last_moment = datetime.combine(series.until, time(23, 59, 59))
            rule["until"] = timezone.make_aware(last_moment).astimezone(UTC)
        master.add("rrule", vRecur(rule))
        in_rule = set()
        if meetings:
            in_rule = set(occurrences(series, meetings[0].occurrence, meetings[-1].occurrence))
        cancelled = [m.occurrence for m in meetings if m.cancelled and m.occurrence in in_rule]
        for moment in cancelled:
            master.add("exdate", timezone.localtime(moment))
        cal.add_component(master)
        for meeting in meetings:
            if meeting.occurrence in in_rule and (meeting.cancelled or not meeting.sequence):
                continue  # as the rule says, or left out with EXDATE
            if meeting.cancelled:
                continue  # a meeting of an earlier rule that was cancelled: not shown
            event = _event(
                series,
                uid=series_uid(series)
                if meeting.occurrence in in_rule
                else f"rro-meeting-{meeting.pk}@{UID_DOMAIN}",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                sequence=meeting.sequence,
                changed_at=meeting.changed_at,
                stamp=stamp,
            )
            if meeting.occurrence in in_rule:
                event.add("recurrence-id", timezone.localtime(meeting.occurrence))
            cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()
