"""What every calendar feed of the app shares (RFC 5545, RFC 7986): the calendar with its
name and a refresh interval, and events with a UID that does not depend on the address the
feed is fetched under, SEQUENCE and LAST-MODIFIED, so calendar programs update an event
instead of doubling it."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event, vDuration

# How often calendar programs should fetch a feed again (those that listen: Apple and
# Outlook do, Google Calendar keeps its own rhythm of several hours).
REFRESH = timedelta(hours=1)


def new_calendar(*, prodid, name):
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    return cal


def new_event(*, uid, starts_at, ends_at, summary, sequence, changed_at, stamp, location=""):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(starts_at))
    event.add("dtend", timezone.localtime(ends_at))
    event.add("summary", summary)
    event.add("sequence", sequence)
    event.add("last-modified", changed_at)
    if location:
        event.add("location", location)
    return event
