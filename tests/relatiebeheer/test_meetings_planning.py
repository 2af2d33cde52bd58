"""The RRO planned by its rule: local time kept across summer time, three months planned
ahead with everyone invited, the chair always taking part, a new rhythm or a participant who
left replanning only the untouched meetings, bad input refused on the form; and the agenda
built from the facts (partners due, last intentions, open actions) with a fixed query
count."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from relatiebeheer.models import Assignment, Attendance, Level, MeetingSeries
from relatiebeheer.services import meetings as services
from relatiebeheer.services.agenda import Agenda
from relatiebeheer.services.planning import occurrences, plan_all_series
from tests.relatiebeheer.meetings_helpers import AMS, NOW, first_meeting, make_series

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


# --- The rule and planning ---


def test_the_rule_keeps_local_time_across_summer_time(series):
    starts = occurrences(series, NOW, NOW + timedelta(days=60))
    assert [s.astimezone(AMS).hour for s in starts] == [9] * len(starts)
    assert starts[0] == datetime(2026, 3, 2, 9, 0, tzinfo=AMS)
    assert starts[1] == datetime(2026, 3, 16, 9, 0, tzinfo=AMS)
    # 30 March is after the clocks moved: still 9:00 in Amsterdam, 7:00 UTC.
    assert datetime(2026, 3, 30, 9, 0, tzinfo=AMS) in starts


def test_saving_a_series_plans_three_months_and_invites_everyone(series, ann, bob):
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 7  # every other week, 2 March to 25 May
    for meeting in meetings:
        assert set(meeting.attendance.values_list("person_id", flat=True)) == {ann.pk, bob.pk}
        assert set(meeting.attendance.values_list("status", flat=True)) == {"invited"}
    assert plan_all_series() == 0  # idempotent


def test_the_chair_always_takes_part(organisation, ann, bob):
    series = make_series(organisation, ann, [bob])
    assert set(series.members.all()) == {ann, bob}


def test_a_new_rhythm_replans_only_the_untouched_meetings(series, ann, bob):
    meetings = list(series.meetings.order_by("starts_at"))
    kept = meetings[3]
    Attendance.objects.filter(meeting=kept, person=ann).update(will_do="Bel de huisarts")
    series.frequency = "MONTHLY"
    series.interval = 1
    services.series_save(series=series, members=[ann, bob], actor=ann)
    series.refresh_from_db()
    assert series.sequence == 1
    starts = list(series.meetings.order_by("starts_at").values_list("starts_at", flat=True))
    assert kept.starts_at in starts  # something was recorded in it: it stays
    assert datetime(2026, 4, 2, 9, 0, tzinfo=AMS) in starts
    assert meetings[1].starts_at not in starts


def test_a_former_participant_loses_untouched_invitations_but_not_what_they_said(series, ann, bob):
    meetings = list(series.meetings.order_by("starts_at"))
    Attendance.objects.filter(meeting=meetings[2], person=bob).update(did="Langs bij GGD")
    services.series_save(series=series, members=[ann], actor=ann)
    assert not Attendance.objects.filter(meeting=meetings[1], person=bob).exists()
    assert Attendance.objects.filter(meeting=meetings[2], person=bob, did="Langs bij GGD").exists()


def test_bad_rhythm_is_refused_with_a_message(client_for, ann, organisation):
    c = client_for(ann)
    response = c.post(
        reverse("relatiebeheer:series_create"),
        {
            "organisation": organisation.pk,
            "title": "RRO Noord",
            "first_starts_at": "2026-03-03T09:00",
            "duration_minutes": 30,
            "frequency": "WEEKLY",
            "interval": 0,
            "chair": ann.pk,
            "members": [ann.pk],
        },
    )
    assert response.status_code == 400
    assert "interval" in response.context["form"].errors
    assert 'value="RRO Noord"' in response.content.decode()
    assert not MeetingSeries.objects.exists()


def test_planning_an_rro_through_the_page(client_for, ann, bob, organisation):
    c = client_for(ann)
    assert c.get(reverse("relatiebeheer:series_create")).status_code == 200
    response = c.post(
        reverse("relatiebeheer:series_create"),
        {
            "organisation": organisation.pk,
            "title": "RRO Noord",
            "first_starts_at": "2026-03-03T09:00",
            "duration_minutes": 30,
            "frequency": "WEEKLY",
            "interval": 2,
            "location": "Kamer 2",
            "chair": ann.pk,
            "members": [ann.pk, bob.pk],
        },
    )
    series = MeetingSeries.objects.get()
    assert response.status_code == 302 and response.url == series.get_absolute_url()
    page = c.get(series.get_absolute_url()).content.decode()
    assert "Kamer 2" in page and series.feed_token in page


# --- The agenda ---


def test_the_agenda_shows_due_partners_last_intentions_and_open_actions(
    series, ann, bob, overdue_partner, make_partner
):
    in_rhythm = make_partner("Wijkteam West", target_days=90, max_days=120)
    Assignment.objects.create(partner=in_rhythm, manager=ann, level=Level.OPERATIONAL)
    in_rhythm.last_contact_on = timezone.localdate()
    in_rhythm.save()
    first, second = list(series.meetings.order_by("starts_at"))[:2]
    with time_machine.travel(first.starts_at + timedelta(minutes=10), tick=False):
        services.meeting_record(
            meeting=first,
            answers={
                ann.pk: ("present", "Twee keer gebeld", "Afspraak met de praktijkmanager"),
                bob.pk: ("excused", "", ""),
            },
            guests=[],
            notes="",
            actor=ann,
        )
        action = services.outcome_add(
            meeting=first,
            kind="action",
            text="Sociale kaart bijwerken",
            owner=bob,
            due_on=timezone.localdate() + timedelta(days=7),
            partner=None,
            actor=ann,
        )
        services.outcome_add(
            meeting=first,
            kind="decision",
            text="Wij nodigen de GGD uit",
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
    agenda = Agenda(second, timezone.localdate())
    rows = {row.person_id: row for row in agenda.rows}
    assert rows[ann.pk].intention == "Afspraak met de praktijkmanager"
    assert [p.name for p in rows[ann.pk].partners] == ["Huisartsenpraktijk Noord"]
    assert rows[ann.pk].partners[0].status == "red"
    assert agenda.carried_over == [action]
    assert rows[bob.pk].actions == [action]
    assert agenda.decisions == []  # decisions stay with their meeting and in the log
    services.outcome_set_status(outcome=action, status="done", meeting=second, actor=bob)
    third = list(series.meetings.order_by("starts_at"))[2]
    assert Agenda(third, timezone.localdate()).carried_over == []
    assert Agenda(second, timezone.localdate()).carried_over == [action]  # closed there


def test_the_agenda_page_runs_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, organisation, ann, bob, make_person, make_partner
):
    series = make_series(organisation, ann, [ann, bob])
    meeting = first_meeting(series)
    c = client_for(ann)
    with django_assert_max_num_queries(40) as small:
        assert c.get(meeting.get_absolute_url()).status_code == 200
    extra = [make_person("relationship_manager", organisation, username=f"m{i}") for i in range(6)]
    for i in range(20):
        partner = make_partner(f"Partner {i}", f"Plaats {i}")
        Assignment.objects.create(partner=partner, manager=extra[i % 6], level=Level.TACTICAL)
    services.series_save(series=series, members=[ann, bob, *extra], actor=ann)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(meeting.get_absolute_url())
    assert response.content.decode().count("round-card") == 8
