"""A person's sessions as an iCalendar feed (RFC 5545) for their own calendar client."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from .models import SupervisionSession, TrainingSession

SESSION_LENGTH = timedelta(hours=1, minutes=30)


def feed_for(user, request=None):
    """Training sessions the person is enrolled in and supervision sessions they take part
    in or lead. Summaries name no case: a calendar is not a confidential place."""
    with override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//Coalition//Moreel beraad//NL")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", _("Moral deliberation"))
        host = request.get_host() if request else "coalition"
        stamp = timezone.now()
        trainings = TrainingSession.objects.filter(enrolments__user=user).select_related("training")
        for session in trainings:
            event = Event()
            event.add("uid", f"training-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", session.starts_at)
            event.add("dtend", session.ends_at)
            event.add("summary", _("Training: %(name)s") % {"name": session.training.name})
            event.add("location", session.location or session.online_url)
            if session.online_url:
                event.add("url", session.online_url)
            cal.add_component(event)
        supervision = (
            (
                SupervisionSession.objects.filter(participants=user)
                | SupervisionSession.objects.filter(lead=user)
            )
            .distinct()
            .select_related("team")
        )
        for session in supervision:
            event = Event()
            event.add("uid", f"session-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", session.starts_at)
            event.add("dtend", session.starts_at + SESSION_LENGTH)
            event.add(
                "summary",
                _("%(kind)s: moral reflection, %(team)s")
                % {"kind": session.get_kind_display(), "team": session.team.name},
            )
            if session.location:
                event.add("location", session.location)
            cal.add_component(event)
        return cal.to_ical()
