"""A meeting's agenda, built from the facts at the moment: every participant's overdue and
due partners, what they said last time they would do, and the open action items of the
series (carried over until done)."""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from ..models import Assignment, Attendance, Health, Outcome
from .planning import previous_meeting

SOON_DAYS = 14  # a partner due within this many days of the meeting is on its agenda


class Agenda:
    """What a meeting is about, in a fixed number of queries whatever the number of
    participants, partners and action items."""

    def __init__(self, meeting, today):
        self.meeting = meeting
        self.today = today
        horizon = timezone.localdate(meeting.starts_at) + timedelta(days=SOON_DAYS)
        self.rows = list(
            meeting.attendance.select_related("person").order_by(
                "person__last_name", "person__first_name", "person__username"
            )
        )
        people = [row.person_id for row in self.rows]
        previous = previous_meeting(meeting)
        self.previous = previous
        said = {}
        if previous is not None:
            said = dict(
                Attendance.objects.filter(meeting=previous, person_id__in=people)
                .exclude(will_do="")
                .values_list("person_id", "will_do")
            )
        partners = {}
        assignments = (
            Assignment.objects.filter(
                manager_id__in=people, partner__organisation_id=meeting.series.organisation_id
            )
            .select_related("partner__category")
            .order_by("partner__name", "level")
        )
        for assignment in assignments:
            partner = assignment.partner
            mine = partners.setdefault(assignment.manager_id, {})
            if partner.pk in mine:
                continue
            health = partner.health(today)
            next_on = partner.next_contact_on()
            if health != Health.GREEN or (next_on is not None and next_on <= horizon):
                partner.status = health
                partner.next_on = next_on
                mine[partner.pk] = partner
        outcomes = list(
            Outcome.objects.filter(meeting__series_id=meeting.series_id)
            .filter(
                Q(meeting=meeting)
                | Q(
                    kind=Outcome.Kind.ACTION,
                    status=Outcome.Status.OPEN,
                    meeting__starts_at__lt=meeting.starts_at,
                )
                | Q(closed_in=meeting)
            )
            .select_related("owner", "partner", "meeting")
            .order_by("created_at", "pk")
        )
        self.carried_over = [
            o for o in outcomes if o.meeting_id != meeting.pk and o.kind == Outcome.Kind.ACTION
        ]
        self.decisions = [
            o for o in outcomes if o.meeting_id == meeting.pk and o.kind == Outcome.Kind.DECISION
        ]
        self.actions = [
            o for o in outcomes if o.meeting_id == meeting.pk and o.kind == Outcome.Kind.ACTION
        ]
        for row in self.rows:
            row.intention = said.get(row.person_id, "")
            row.partners = sorted(
                partners.get(row.person_id, {}).values(),
                key=lambda p: (p.status != Health.RED, p.next_on or date.min, p.name),
            )
            row.actions = [o for o in self.carried_over if o.owner_id == row.person_id]
        self.guests = list(meeting.guests.order_by("name"))
        self.present = [row for row in self.rows if row.status == Attendance.Status.PRESENT]
        self.excused = [row for row in self.rows if row.status == Attendance.Status.EXCUSED]

    @property
    def overdue_count(self):
        return sum(1 for row in self.rows for p in row.partners if p.status != Health.GREEN)
