"""The rhythm of an RRO series: the occurrences of its rule, the meeting rows for the
coming PLAN_AHEAD_DAYS (kept filled by a daily beat task), and who is invited."""

from datetime import datetime, time, timedelta

from dateutil import rrule
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from coalition import roles

from ..models import Attendance, Meeting, MeetingSeries

User = get_user_model()

PLAN_AHEAD_DAYS = 92

# --- The rule ---


def occurrences(series, start, end):
    """The starts the series' rule gives in [start, end], aware. The rule runs on local
    wall-clock time, so a 9:00 meeting stays at 9:00 across summer time."""
    zone = timezone.get_current_timezone()
    first = timezone.localtime(series.first_starts_at, zone).replace(tzinfo=None)
    until = None
    if series.until:
        until = datetime.combine(series.until, time.max)
    rule = rrule.rrule(
        getattr(rrule, series.frequency),
        dtstart=first,
        interval=series.interval,
        until=until,
    )
    local_start = timezone.localtime(start, zone).replace(tzinfo=None)
    local_end = timezone.localtime(end, zone).replace(tzinfo=None)
    return [
        timezone.make_aware(moment, zone)
        for moment in rule.between(local_start, local_end, inc=True)
    ]


def eligible_members_for(organisation_ids):
    """Participants work for the series' organisation and keep relationships there."""
    return (
        User.objects.filter(
            is_active=True,
            profile__organisations__in=organisation_ids,
            groups__name=roles.RELATIONSHIP_MANAGER,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def plan_meetings(*, series, now=None):
    """Rows for the rule's occurrences in the planning window; idempotent."""
    now = now or timezone.now()
    wanted = occurrences(series, now - timedelta(hours=12), now + timedelta(days=PLAN_AHEAD_DAYS))
    have = set(series.meetings.values_list("occurrence", flat=True))
    new = [
        Meeting(series=series, occurrence=moment, starts_at=moment, changed_at=now)
        for moment in wanted
        if moment not in have
    ]
    Meeting.objects.bulk_create(new, ignore_conflicts=True)
    sync_invitations(series, now)
    return len(new)


def current_members(series):
    """The participants who still keep relationships for the series' organisation: one who
    lost the role or the organisation is no longer invited nor given action items."""
    return series.members.filter(pk__in=eligible_members_for([series.organisation_id]).values("pk"))


def sync_invitations(series, now):
    """Coming meetings invite exactly the participants; a former participant's untouched
    invitation goes, anything they said stays."""
    coming = list(series.meetings.filter(starts_at__gte=now, closed_at__isnull=True))
    members = set(current_members(series).values_list("pk", flat=True))
    invited = set(
        Attendance.objects.filter(meeting__in=coming).values_list("meeting_id", "person_id")
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=person)
            for meeting in coming
            for person in members
            if (meeting.pk, person) not in invited
        ],
        ignore_conflicts=True,
    )
    Attendance.objects.filter(
        meeting__in=coming, status=Attendance.Status.INVITED, did="", will_do=""
    ).exclude(person_id__in=members).delete()


def plan_all_series(now=None):
    """Beat: keep every series' planning window filled."""
    now = now or timezone.now()
    made = 0
    for series in MeetingSeries.objects.all():
        made += plan_meetings(series=series, now=now)
    return made


def previous_meeting(meeting):
    return (
        Meeting.objects.filter(series_id=meeting.series_id, cancelled=False)
        .filter(
            Q(starts_at__lt=meeting.starts_at) | Q(starts_at=meeting.starts_at, pk__lt=meeting.pk)
        )
        .order_by("-starts_at", "-pk")
        .first()
    )
