"""A person's sessions: as an iCalendar feed (RFC 5545, RFC 7986) for their own calendar
program, and as the list of what is coming on the "My calendar" page.

Both show the same sessions: training sessions the person is enrolled in or gives as
internal expert, and supervision sessions they take part in or lead. Summaries name no
case: a calendar is not a confidential place.

UIDs do not depend on the address the feed is fetched under, and SEQUENCE and
LAST-MODIFIED rise with every change of a session (`touch()`, called by the services), so a
calendar program updates an event instead of doubling it. Sessions cannot be cancelled or
deleted in the app, so the feed has no STATUS:CANCELLED; a session the person left (no
longer enrolled, no longer a participant) leaves the feed, and a subscribed calendar drops
it at its next refresh."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalition.ical import new_calendar, new_event

from .models import Enrolment, FacilitatorKind, SupervisionSession, TrainingSession

SESSION_LENGTH = timedelta(hours=1, minutes=30)
UID_DOMAIN = "coalition.dilemmas"


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    summary: str
    role: str
    starts_at: datetime
    ends_at: datetime
    location: str
    online_url: str
    url: str  # the page of the session in the app
    sequence: int
    changed_at: datetime


def training_sessions_of(user):
    enrolled = Enrolment.objects.filter(user=user).values("session_id")
    # The same rule as TrainingSession.facilitator: an expert left over on a session that
    # is now given by an external facilitator does not give it.
    trainer = Q(internal_expert=user, facilitator_kind=FacilitatorKind.INTERNAL)
    return TrainingSession.objects.filter(Q(pk__in=enrolled) | trainer).select_related("training")


def supervision_sessions_of(user):
    taking_part = SupervisionSession.participants.through.objects.filter(user=user).values(
        "supervisionsession_id"
    )
    return SupervisionSession.objects.filter(Q(lead=user) | Q(pk__in=taking_part)).select_related(
        "team"
    )


def _training_item(session, user):
    gives_it = (
        session.facilitator_kind == FacilitatorKind.INTERNAL
        and session.internal_expert_id == user.pk
    )
    if gives_it:
        summary = _("Training (you give it): %(name)s") % {"name": session.training.name}
    else:
        summary = _("Training: %(name)s") % {"name": session.training.name}
    return CalendarItem(
        uid=f"training-{session.pk}@{UID_DOMAIN}",
        summary=summary,
        role=_("trainer") if gives_it else _("enrolled"),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        online_url=session.online_url,
        url=session.get_absolute_url(),
        sequence=session.sequence,
        changed_at=session.changed_at,
    )


def _supervision_item(session, user):
    return CalendarItem(
        uid=f"session-{session.pk}@{UID_DOMAIN}",
        summary=_("%(kind)s: moral reflection, %(team)s")
        % {"kind": session.get_kind_display(), "team": session.team.name},
        role=_("leading") if session.lead_id == user.pk else _("taking part"),
        starts_at=session.starts_at,
        ends_at=session.starts_at + SESSION_LENGTH,
        location=session.location,
        online_url="",
        url=session.get_absolute_url(),
        sequence=session.sequence,
        changed_at=session.changed_at,
    )


def coming_for(user, *, limit, now=None):
    """([CalendarItem], more) for the first `limit` sessions that have not ended yet, in
    order of their start; `more` tells whether there are further ones. Two queries."""
    now = now or timezone.now()
    trainings = (
        training_sessions_of(user).filter(ends_at__gt=now).order_by("starts_at", "pk")[: limit + 1]
    )
    supervision = (
        supervision_sessions_of(user)
        .filter(starts_at__gt=now - SESSION_LENGTH)
        .order_by("starts_at", "pk")[: limit + 1]
    )
    # The first `limit + 1` of the two lists together are among the first `limit + 1` of
    # each, so the cut-off is exact.
    items = sorted(
        [_training_item(s, user) for s in trainings]
        + [_supervision_item(s, user) for s in supervision],
        key=lambda item: (item.starts_at, item.uid),
    )
    return items[:limit], len(items) > limit


def feed_for(user, request=None):
    """The feed as bytes. `request` only makes the links to the app absolute; nothing that
    identifies an event depends on it."""
    with override(settings.LANGUAGE_CODE):
        cal = new_calendar(prodid="-//Coalition//Moreel beraad//NL", name=_("Moral deliberation"))
        stamp = timezone.now()
        items = [_training_item(s, user) for s in training_sessions_of(user)] + [
            _supervision_item(s, user) for s in supervision_sessions_of(user)
        ]
        for item in sorted(items, key=lambda i: (i.starts_at, i.uid)):
            event = new_event(
                uid=item.uid,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                summary=item.summary,
                sequence=item.sequence,
                changed_at=item.changed_at,
                stamp=stamp,
                location=item.location or item.online_url,
            )
            if item.online_url:
                event.add("url", item.online_url)
            if request is not None:
                event.add(
                    "description",
                    _("Details: %(url)s") % {"url": request.build_absolute_uri(item.url)},
                )
            cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()
