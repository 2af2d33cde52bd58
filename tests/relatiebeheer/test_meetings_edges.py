"""The edges of the RRO and of merging partners: final minutes, cancelled and moved
meetings, a new rhythm, a participant who left, partners present at a meeting that are
merged, organisations kept apart on the agenda, and bad input on the series form."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coalition import roles
from relatiebeheer.calendar import series_feed
from relatiebeheer.models import (
    Assignment,
    Attendance,
    Category,
    ContactMoment,
    Level,
    MeetingSeries,
)
from relatiebeheer.services import meetings as services
from relatiebeheer.services import merge as merging
from relatiebeheer.services.planning import plan_all_series

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=AMS)  # a Monday, four weeks before summer time


@pytest.fixture(autouse=True)
def _fixed_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ann(make_person, organisation):
    return make_person(
        roles.RELATIONSHIP_MANAGER,
        organisation,
        username="ann",
        first_name="Ann",
        last_name="de Boer",
        email="ann@example.org",
    )


@pytest.fixture
def bob(make_person, organisation):
    return make_person(
        roles.RELATIONSHIP_MANAGER,
        organisation,
        username="bob",
        first_name="Bob",
        last_name="Jansen",
        email="bob@example.org",
    )


@pytest.fixture
def looker(make_person, organisation):
    """Keeps the organisation's partners but takes no part in its RRO: may only look."""
    return make_person(roles.RELATIONSHIP_MANAGER, organisation, username="looker")


def make_series(organisation, chair, members, **fields):
    series = MeetingSeries(
        organisation=organisation,
        title=fields.pop("title", "RRO Zuid"),
        first_starts_at=fields.pop("first_starts_at", datetime(2026, 3, 2, 9, 0, tzinfo=AMS)),
        frequency=fields.pop("frequency", "WEEKLY"),
        interval=fields.pop("interval", 2),
        chair=chair,
        **fields,
    )
    return services.series_save(series=series, members=members, actor=chair)


@pytest.fixture
def series(organisation, ann, bob):
    return make_series(organisation, ann, [ann, bob])


def meetings_of(series):
    return list(series.meetings.order_by("starts_at"))


def record(meeting, actor, *, answers=None, guests=(), notes=""):
    """Record the meeting ten minutes after it started."""
    with time_machine.travel(meeting.starts_at + timedelta(minutes=10), tick=False):
        return services.meeting_record(
            meeting=meeting, answers=answers or {}, guests=guests, notes=notes, actor=actor
        )


def add_action(meeting, actor, owner, text="Sociale kaart bijwerken"):
    return services.outcome_add(
        meeting=meeting,
        kind="action",
        text=text,
        owner=owner,
        due_on=None,
        partner=None,
        actor=actor,
    )


def finalise(meeting, actor):
    record(meeting, actor, answers={actor.pk: ("present", "", "")})
    with time_machine.travel(meeting.starts_at + timedelta(minutes=20), tick=False):
        services.minutes_finalise(meeting=meeting, actor=actor)


# --- Who sees what ---


def test_the_agenda_shows_no_partner_of_another_organisation(
    client_for,
    make_person,
    organisation,
    other_organisation,
    ann,
    looker,
    make_partner,
    coordinator,
):
    # Agenda lists all a participant's assignments, also another organisation's unshared partners.
    both = make_person(roles.RELATIONSHIP_MANAGER, organisation, username="both")
    both.profile.organisations.add(other_organisation)
    category = Category.objects.create(organisation=other_organisation, name="Wonen")
    secret = make_partner("Woonstichting Geheim", category=category, actor=coordinator)
    Assignment.objects.create(partner=secret, manager=both, level=Level.TACTICAL)
    meeting = meetings_of(make_series(organisation, ann, [ann, both]))[0]
    c = client_for(looker)
    assert c.get(reverse("relatiebeheer:partner_detail", args=[secret.pk])).status_code == 404
    assert "Woonstichting Geheim" not in c.get(meeting.get_absolute_url()).content.decode()


# --- Recording a meeting ---


def test_an_outcome_cannot_be_added_to_a_cancelled_meeting(series, ann, bob):
    meeting = meetings_of(series)[1]
    services.meeting_move(meeting=meeting, starts_at=meeting.starts_at, cancelled=True, actor=ann)
    with pytest.raises(ValidationError):
        add_action(meeting, ann, bob)


def test_an_action_item_cannot_be_closed_in_a_meeting_whose_minutes_are_final(
    client_for, series, ann, bob
):
    # outcome_set_status ignores closed_at: a stale page rewrites the final minutes.
    first, second, third = meetings_of(series)[:3]
    action = add_action(first, ann, bob)
    finalise(second, ann)
    with time_machine.travel(third.starts_at + timedelta(minutes=10), tick=False):
        client_for(bob).post(
            reverse("relatiebeheer:outcome_status", args=[action.pk]),
            {"status": "done", "meeting": second.pk},
        )
    action.refresh_from_db()
    assert (action.status, action.closed_in_id) == ("open", None)


def test_answers_typed_while_someone_made_the_minutes_final_are_not_lost(
    client_for, series, ann, bob
):
    # A POST on final minutes answers 200 with the read-only page; the typed answers vanish.
    meeting = meetings_of(series)[0]
    finalise(meeting, ann)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=25), tick=False):
        response = client_for(bob).post(
            meeting.get_absolute_url(),
            {
                f"p{ann.pk}-status": "present",
                f"p{ann.pk}-did": "",
                f"p{ann.pk}-will_do": "",
                f"p{bob.pk}-status": "present",
                f"p{bob.pk}-did": "Lang gesprek met de wijkagent",
                f"p{bob.pk}-will_do": "",
                "meeting-notes": "",
            },
        )
    assert "Lang gesprek met de wijkagent" in response.content.decode()


def test_an_outcome_refused_because_the_minutes_are_final_says_so(client_for, series, ann, bob):
    meeting = meetings_of(series)[0]
    finalise(meeting, ann)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=25), tick=False):
        response = client_for(bob).post(
            reverse("relatiebeheer:outcome_add", args=[meeting.pk]),
            {"outcome-kind": "decision", "outcome-text": "Wij bellen de wethouder"},
        )
    page = response.content.decode()
    errors = response.context["outcome_form"].non_field_errors()
    assert errors and all(str(error) in page for error in errors)
    assert "Wij bellen de wethouder" in page


def test_cancelling_a_meeting_takes_away_its_guests_contact_moments(series, ann, make_partner):
    partner = make_partner("Huisartsenpraktijk Noord")
    meeting = meetings_of(series)[0]
    record(meeting, ann, guests=[partner])
    with time_machine.travel(meeting.starts_at + timedelta(hours=2), tick=False):
        services.meeting_move(
            meeting=meeting, starts_at=meeting.starts_at, cancelled=True, actor=ann
        )
    partner.refresh_from_db()
    assert not ContactMoment.objects.filter(meeting=meeting).exists()
    assert partner.last_contact_on is None


# --- Minutes ---


def test_making_the_minutes_final_twice_sends_them_once(
    series, ann, bob, django_capture_on_commit_callbacks
):
    # minutes_finalise accepts final minutes again and resets minutes_sent_at: a second mail.
    meeting = meetings_of(series)[0]
    record(meeting, ann, answers={ann.pk: ("present", "", ""), bob.pk: ("excused", "", "")})
    with time_machine.travel(meeting.starts_at + timedelta(minutes=40), tick=False):
        for _ in range(2):  # a double click, or a second tab
            with django_capture_on_commit_callbacks(execute=True):
                try:
                    services.minutes_finalise(meeting=meeting, actor=ann)
                except ValidationError:
                    pass
    assert len(mail.outbox) == 1


# --- The rhythm ---


def test_a_new_length_keeps_cancelled_and_moved_meetings_as_they_are(series, ann, bob):
    meetings = meetings_of(series)
    cancelled, moved = meetings[2], meetings[3]
    services.meeting_move(
        meeting=cancelled, starts_at=cancelled.starts_at, cancelled=True, actor=ann
    )
    later = moved.starts_at + timedelta(days=1)
    services.meeting_move(meeting=moved, starts_at=later, cancelled=False, actor=ann)
    series.duration_minutes = 45
    services.series_save(series=series, members=[ann, bob], actor=ann)
    assert series.meetings.get(occurrence=cancelled.occurrence).cancelled
    assert series.meetings.get(occurrence=moved.occurrence).starts_at == later


def test_a_new_rhythm_keeps_notes_written_ahead_for_a_coming_meeting(series, ann, bob):
    coming = meetings_of(series)[2]
    services.meeting_record(
        meeting=coming, answers={}, guests=[], notes="Gast: de wethouder", actor=ann
    )
    series.interval = 1
    services.series_save(series=series, members=[ann, bob], actor=ann)
    assert series.meetings.filter(notes="Gast: de wethouder").exists()


def test_a_participant_who_lost_the_role_is_no_longer_invited(series, ann, bob):
    bob.groups.remove(Group.objects.get(name=roles.RELATIONSHIP_MANAGER))
    plan_all_series()
    coming = meetings_of(series)[1]
    assert not Attendance.objects.filter(meeting=coming, person=bob).exists()


# --- The calendar feed ---


def expand(feed, start, end):
    return recurring_ical_events.of(Calendar.from_ical(feed)).between(start, end)


def test_moving_the_last_planned_meeting_earlier_shows_it_once(series, ann):
    last = meetings_of(series)[-1]
    earlier = last.starts_at - timedelta(days=15)
    services.meeting_move(meeting=last, starts_at=earlier, cancelled=False, actor=ann)
    events = expand(
        series_feed(series), datetime(2026, 5, 1, tzinfo=AMS), datetime(2026, 6, 1, tzinfo=AMS)
    )
    starts = [e["DTSTART"].dt.astimezone(AMS) for e in events]
    assert earlier.astimezone(AMS) in starts
    assert last.occurrence.astimezone(AMS) not in starts


def test_a_new_rhythm_puts_no_past_meetings_in_the_calendar_that_never_were(series, ann, bob):
    with time_machine.travel(datetime(2026, 3, 31, 8, 0, tzinfo=AMS), tick=False):
        series.interval = 1
        services.series_save(series=series, members=[ann, bob], actor=ann)
        feed = series_feed(series)
    events = expand(feed, datetime(2026, 3, 1, tzinfo=AMS), datetime(2026, 3, 31, tzinfo=AMS))
    shown = {e["DTSTART"].dt.astimezone(AMS).date() for e in events}
    held = {timezone.localdate(m.starts_at) for m in meetings_of(series)}
    assert shown <= held


# --- Merging partners that were at an RRO ---


def test_a_merged_partner_present_at_a_meeting_has_one_contact_moment_for_it(
    series, ann, make_partner, keeper
):
    # Merge gives the survivor two moments for one meeting; removing it as guest leaves one.
    survivor = make_partner("Stichting De Brug")
    absorbed = make_partner("De Brug")
    meeting = meetings_of(series)[0]
    record(meeting, ann, guests=[survivor, absorbed])
    merging.partner_merge(survivor=survivor, absorbed=absorbed, choices={}, actor=keeper)
    record(meeting, ann, guests=[])
    survivor.refresh_from_db()
    assert not ContactMoment.objects.filter(partner=survivor, meeting=meeting).exists()
    assert survivor.last_contact_on is None


def test_undo_does_not_put_a_partner_back_on_a_guest_list_it_was_taken_off(
    series, ann, make_partner, keeper
):
    # Undo re-adds the absorbed guest even where the list was corrected after the merge.
    survivor = make_partner("Stichting De Brug")
    absorbed = make_partner("De Brug")
    meeting = meetings_of(series)[0]
    record(meeting, ann, guests=[absorbed])
    done = merging.partner_merge(survivor=survivor, absorbed=absorbed, choices={}, actor=keeper)
    record(meeting, ann, guests=[])  # they were not there after all
    merging.partner_merge_undo(merge=done, actor=keeper)
    guests = set(meeting.guests.values_list("pk", flat=True))
    moments = set(ContactMoment.objects.filter(meeting=meeting).values_list("partner", flat=True))
    assert guests == moments == set()


# --- Bad input ---


def test_a_too_short_meeting_is_refused_next_to_the_length_field(client_for, ann, organisation):
    response = client_for(ann).post(
        reverse("relatiebeheer:series_create"),
        {
            "organisation": organisation.pk,
            "title": "RRO Noord",
            "first_starts_at": "2026-03-03T09:00",
            "duration_minutes": 4,
            "frequency": "WEEKLY",
            "interval": 2,
            "chair": ann.pk,
            "members": [ann.pk],
        },
    )
    assert response.status_code == 400
    assert "duration_minutes" in response.context["form"].errors
    assert "relatiebeheer_series_rhythm" not in response.content.decode()
