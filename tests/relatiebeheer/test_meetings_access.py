"""What the RRO shows beyond the meeting, and to whom: the calendar feed at its secret
address (the rule, a moved and a cancelled meeting), the decision log searched across
meetings with organisations kept apart, the next RRO on the dashboard, who may look and who
may record, participants only among those who keep relationships for the organisation, and
fixed query counts on the lists."""

from datetime import datetime, timedelta

import pytest
import recurring_ical_events
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from relatiebeheer.models import Meeting, MeetingSeries
from relatiebeheer.services import meetings as services
from tests.relatiebeheer.meetings_helpers import AMS, first_meeting, make_series

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


@pytest.fixture
def outsider(make_person, other_organisation):
    """Here, an outsider keeps relationships for another organisation."""
    return make_person("relationship_manager", other_organisation, username="elsewhere")


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


def test_participants_must_keep_relationships_for_the_organisation(
    organisation, ann, outsider, employee
):
    with pytest.raises(ValidationError) as error:
        make_series(organisation, ann, [ann, outsider])
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_series(organisation, ann, [ann, employee])
    assert not MeetingSeries.objects.exists()


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
