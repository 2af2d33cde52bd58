"""The RRO: planning a series by its rule, the agenda from the facts, recording a meeting,
the minutes as PDF by mail once, the calendar feed, the decision log, and who may do what."""

import shutil
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from relatiebeheer.models import (
    Assignment,
    Attendance,
    ContactMoment,
    Level,
    Meeting,
    MeetingSeries,
    Outcome,
)
from relatiebeheer.services import meetings as services
from relatiebeheer.services import minutes
from relatiebeheer.services.agenda import Agenda
from relatiebeheer.services.partners import contact_log
from relatiebeheer.services.planning import occurrences, plan_all_series

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
        "relationship_manager",
        organisation,
        username="ann",
        first_name="Ann",
        last_name="de Boer",
        email="ann@example.org",
    )


@pytest.fixture
def bob(make_person, organisation):
    return make_person(
        "relationship_manager",
        organisation,
        username="bob",
        first_name="Bob",
        last_name="Jansen",
        email="bob@example.org",
    )


@pytest.fixture
def outsider(make_person, other_organisation):
    return make_person("relationship_manager", other_organisation, username="elsewhere")


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


def first_meeting(series):
    return series.meetings.order_by("starts_at").first()


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


def test_participants_must_keep_relationships_for_the_organisation(
    organisation, ann, outsider, employee
):
    with pytest.raises(ValidationError) as error:
        make_series(organisation, ann, [ann, outsider])
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_series(organisation, ann, [ann, employee])
    assert not MeetingSeries.objects.exists()


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


@pytest.fixture
def overdue_partner(make_partner, ann):
    partner = make_partner("Huisartsenpraktijk Noord")
    Assignment.objects.create(partner=partner, manager=ann, level=Level.TACTICAL)
    contact_log(
        partner=partner,
        on=timezone.localdate() - timedelta(days=100),
        kind="call",
        summary="Kennismaking",
        follow_up="",
        person=None,
        actor=ann,
    )
    return partner


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


# --- Recording a meeting ---


def test_attendance_and_partners_present_wait_for_the_meeting(series, ann, bob, overdue_partner):
    coming = list(series.meetings.order_by("starts_at"))[1]
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=coming, answers={ann.pk: ("present", "", "")}, guests=[], notes="", actor=ann
        )
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=coming, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
    # What someone says they will do may be written down before.
    services.meeting_record(
        meeting=coming, answers={ann.pk: ("invited", "", "Bellen")}, guests=[], notes="", actor=ann
    )
    assert Attendance.objects.get(meeting=coming, person=ann).will_do == "Bellen"


def test_a_partner_present_resets_its_rhythm_and_taking_it_off_undoes_that(
    series, ann, overdue_partner
):
    meeting = first_meeting(series)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):
        services.meeting_record(
            meeting=meeting, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
        services.meeting_record(  # saving again logs nothing twice
            meeting=meeting, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
    overdue_partner.refresh_from_db()
    assert overdue_partner.last_contact_on == timezone.localdate(meeting.starts_at)
    assert ContactMoment.objects.filter(partner=overdue_partner, meeting=meeting).count() == 1
    with time_machine.travel(meeting.starts_at + timedelta(minutes=20), tick=False):
        services.meeting_record(meeting=meeting, answers={}, guests=[], notes="", actor=ann)
    overdue_partner.refresh_from_db()
    assert overdue_partner.last_contact_on == timezone.localdate() - timedelta(days=100)


def test_recording_through_the_page_keeps_the_answers_on_an_error(client_for, series, ann, bob):
    meeting = first_meeting(series)
    c = client_for(bob)
    data = {
        f"p{ann.pk}-status": "present",
        f"p{ann.pk}-did": "Bezoek bij de GGD",
        f"p{ann.pk}-will_do": "Verslag delen",
        f"p{bob.pk}-status": "nonsense",
        f"p{bob.pk}-did": "Gebeld met de wijkagent",
        f"p{bob.pk}-will_do": "",
        "meeting-notes": "Kort overleg",
    }
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):
        response = c.post(meeting.get_absolute_url(), data)
        assert response.status_code == 400
        assert "Gebeld met de wijkagent" in response.content.decode()
        data[f"p{bob.pk}-status"] = "present"
        response = c.post(meeting.get_absolute_url(), data)
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=meeting, person=ann)
    assert (row.status, row.did, row.will_do) == ("present", "Bezoek bij de GGD", "Verslag delen")
    meeting.refresh_from_db()
    assert meeting.notes == "Kort overleg"


def test_an_action_item_needs_someone_who_does_it(client_for, series, ann):
    meeting = first_meeting(series)
    c = client_for(ann)
    response = c.post(
        reverse("relatiebeheer:outcome_add", args=[meeting.pk]),
        {"outcome-kind": "action", "outcome-text": "Kaart bijwerken"},
    )
    assert response.status_code == 400
    assert "Kaart bijwerken" in response.content.decode()
    assert not Outcome.objects.exists()
    response = c.post(
        reverse("relatiebeheer:outcome_add", args=[meeting.pk]),
        {"outcome-kind": "action", "outcome-text": "Kaart bijwerken", "outcome-owner": ann.pk},
    )
    assert response.status_code == 302
    assert Outcome.objects.get().owner == ann


# --- Minutes ---


def record_and_close(meeting, ann, bob):
    with time_machine.travel(meeting.starts_at + timedelta(minutes=30), tick=False):
        services.meeting_record(
            meeting=meeting,
            answers={
                ann.pk: ("present", "Gesprek met de wethouder", "Voorstel uitwerken"),
                bob.pk: ("excused", "", ""),
            },
            guests=[],
            notes="",
            actor=ann,
        )
        services.outcome_add(
            meeting=meeting,
            kind="decision",
            text="Wij sluiten aan bij het wijknetwerk",
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
        services.minutes_finalise(meeting=meeting, actor=ann)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_minutes_go_once_to_those_present_and_excused_as_a_pdf(
    series, ann, bob, tmp_path, django_capture_on_commit_callbacks
):
    meeting = first_meeting(series)
    with django_capture_on_commit_callbacks(execute=True):
        record_and_close(meeting, ann, bob)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ann@example.org", "bob@example.org"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name == "notulen-2026-03-02.pdf"
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Gesprek met de wethouder" in text and "Voorstel uitwerken" in text
    assert "Wij sluiten aan bij het wijknetwerk" in text
    assert minutes.send_minutes(meeting.pk) == 0  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_minutes_cannot_be_final_before_the_meeting_or_without_anyone_present(series, ann):
    coming = list(series.meetings.order_by("starts_at"))[1]
    with pytest.raises(ValidationError):
        services.minutes_finalise(meeting=coming, actor=ann)
    meeting = first_meeting(series)
    with time_machine.travel(meeting.starts_at + timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError):
            services.minutes_finalise(meeting=meeting, actor=ann)
    meeting.refresh_from_db()
    assert meeting.closed_at is None


def test_final_minutes_are_read_only_until_reopened(client_for, series, ann, bob):
    meeting = first_meeting(series)
    record_and_close(meeting, ann, bob)
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=meeting, answers={}, guests=[], notes="x", actor=ann)
    with pytest.raises(ValidationError):
        services.outcome_add(
            meeting=meeting,
            kind="decision",
            text="Te laat",
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
    page = client_for(ann).get(meeting.get_absolute_url()).content.decode()
    assert f'id="id_p{ann.pk}-did"' not in page and "Gesprek met de wethouder" in page
    client_for(ann).post(reverse("relatiebeheer:meeting_reopen", args=[meeting.pk]))
    page = client_for(ann).get(meeting.get_absolute_url()).content.decode()
    assert f'id="id_p{ann.pk}-did"' in page


def test_the_minutes_pdf_from_the_page(client_for, series, ann, bob):
    meeting = first_meeting(series)
    record_and_close(meeting, ann, bob)
    response = client_for(bob).get(reverse("relatiebeheer:meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- The calendar feed ---


def expand(feed, start, end):
    return recurring_ical_events.of(Calendar.from_ical(feed)).between(start, end)


def test_the_feed_holds_the_rule_a_moved_and_a_cancelled_meeting(client, settings, series, ann):
    settings.ALLOWED_HOSTS = ["testserver", "rro.example.org"]
    meetings = list(series.meetings.order_by("starts_at"))
    services.meeting_move(
        meeting=meetings[1],
        starts_at=meetings[1].starts_at + timedelta(days=1, hours=2),
        cancelled=False,
        actor=ann,
    )
    services.meeting_move(
        meeting=meetings[2], starts_at=meetings[2].starts_at, cancelled=True, actor=ann
    )
    url = reverse("relatiebeheer:series_feed", args=[series.feed_token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    feed = response.content
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=2" in feed
    events = expand(feed, datetime(2026, 3, 1, tzinfo=AMS), datetime(2026, 4, 30, tzinfo=AMS))
    starts = [e["DTSTART"].dt.astimezone(AMS) for e in events]
    assert datetime(2026, 3, 2, 9, 0, tzinfo=AMS) in starts
    assert datetime(2026, 3, 17, 11, 0, tzinfo=AMS) in starts  # moved
    assert datetime(2026, 3, 16, 9, 0, tzinfo=AMS) not in starts
    assert datetime(2026, 3, 30, 9, 0, tzinfo=AMS) not in starts  # cancelled
    assert datetime(2026, 4, 13, 9, 0, tzinfo=AMS) in starts
    moved = next(e for e in events if e["DTSTART"].dt.astimezone(AMS).day == 17)
    assert moved["SEQUENCE"] == 1
    # The same UIDs whatever address the feed is fetched under.
    other = client.get(url, HTTP_HOST="rro.example.org").content
    uids = {e["UID"] for e in Calendar.from_ical(feed).walk("VEVENT")}
    assert uids == {e["UID"] for e in Calendar.from_ical(other).walk("VEVENT")}


def test_an_unknown_or_old_feed_address_is_404(client, client_for, series, ann):
    old = reverse("relatiebeheer:series_feed", args=[series.feed_token])
    assert client.get(reverse("relatiebeheer:series_feed", args=["nope"])).status_code == 404
    client_for(ann).post(reverse("relatiebeheer:series_feed_reset", args=[series.pk]))
    assert client.get(old).status_code == 404


# --- Decision log and dashboard ---


def test_the_decision_log_searches_across_meetings_and_organisations_stay_apart(
    client_for, series, ann, bob, outsider, other_organisation
):
    meetings = list(series.meetings.order_by("starts_at"))
    for meeting, text in [(meetings[0], "GGD uitnodigen"), (meetings[1], "Huisarts bellen")]:
        services.outcome_add(
            meeting=meeting,
            kind="decision",
            text=text,
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
    theirs = make_series(other_organisation, outsider, [outsider], title="RRO Elders")
    services.outcome_add(
        meeting=first_meeting(theirs),
        kind="decision",
        text="GGD geheim",
        owner=None,
        due_on=None,
        partner=None,
        actor=outsider,
    )
    page = client_for(bob).get(reverse("relatiebeheer:decision_log"), {"q": "ggd"})
    texts = [o.text for o in page.context["page"].object_list]
    assert texts == ["GGD uitnodigen"]


def test_the_dashboard_shows_the_next_rro_with_my_intention(client_for, series, ann, bob):
    first, second = list(series.meetings.order_by("starts_at"))[:2]
    with time_machine.travel(first.starts_at + timedelta(minutes=10), tick=False):
        services.meeting_record(
            meeting=first,
            answers={ann.pk: ("present", "", "Lunch met de wijkverpleging")},
            guests=[],
            notes="",
            actor=ann,
        )
    with time_machine.travel(first.starts_at + timedelta(days=2), tick=False):
        page = client_for(ann).get(reverse("coalition:dashboard")).content.decode()
    assert "Lunch met de wijkverpleging" in page
    assert second.get_absolute_url() in page


# --- Who may do what ---


def test_who_sees_and_who_records(client_for, series, ann, bob, outsider, employee, make_person):
    meeting = first_meeting(series)
    looker = make_person("relationship_manager", series.organisation, username="looker")
    pages = [
        series.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("relatiebeheer:meeting_minutes_pdf", args=[meeting.pk]),
    ]
    for url in pages:
        assert client_for(bob).get(url).status_code == 200
        assert client_for(looker).get(url).status_code == 200  # same organisation: may look
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(employee).get(url).status_code == 403
    assert client_for(looker).post(meeting.get_absolute_url(), {}).status_code == 403
    add = reverse("relatiebeheer:outcome_add", args=[meeting.pk])
    assert client_for(looker).post(add, {"outcome-text": "x"}).status_code == 403
    assert client_for(outsider).post(add, {"outcome-text": "x"}).status_code == 404
    edit = reverse("relatiebeheer:series_edit", args=[series.pk])
    assert client_for(bob).get(edit).status_code == 403  # a participant, not the chair
    assert client_for(ann).get(edit).status_code == 200
    move = reverse("relatiebeheer:meeting_move", args=[meeting.pk])
    assert client_for(bob).get(move).status_code == 403
    assert client_for(employee).get(reverse("relatiebeheer:series_create")).status_code == 403
    assert not Meeting.objects.filter(notes="x").exists()


def test_the_series_list_and_decision_log_run_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, organisation, ann, bob
):
    def add_series(n):
        series = make_series(organisation, ann, [ann, bob], title=f"RRO {n}")
        services.outcome_add(
            meeting=first_meeting(series),
            kind="action",
            text=f"Actie {n}",
            owner=bob,
            due_on=None,
            partner=None,
            actor=ann,
        )

    add_series(0)
    c = client_for(ann)
    pages = [reverse("relatiebeheer:series_list"), reverse("relatiebeheer:decision_log")]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(30) as captured:
            assert c.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    for n in range(1, 8):
        add_series(n)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            page = c.get(url)
        assert "RRO 7" in page.content.decode() or "Actie 7" in page.content.decode()
