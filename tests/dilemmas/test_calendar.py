"""The "My calendar" page and the feed behind it: what a person sees coming, and what their
calendar program receives."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dilemmas import services
from dilemmas.models import Enrolment, FacilitatorKind

from .factories import SessionFactory, TrainingSessionFactory, TrainingTypeFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2031, 3, 3, 14, 0, tzinfo=AMS)


@pytest.fixture
def training(group):
    return TrainingTypeFactory(group=group, name="Basistraining moreel beraad")


@pytest.fixture
def training_session(training, employee):
    session = TrainingSessionFactory(
        training=training,
        starts_at=MONDAY,
        ends_at=MONDAY + timedelta(hours=3),
        location="Leslokaal 2",
    )
    Enrolment.objects.create(session=session, user=employee)
    return session


@pytest.fixture
def given_by_expert(training, working_group_member):
    """A session the working-group member gives as internal expert, without enrolling."""
    return TrainingSessionFactory(
        training=training,
        starts_at=MONDAY + timedelta(days=7),
        ends_at=MONDAY + timedelta(days=7, hours=2),
        facilitator_kind=FacilitatorKind.INTERNAL,
        internal_expert=working_group_member,
        external_facilitator="",
    )


@pytest.fixture
def supervision(team, team_lead, employee):
    session = SessionFactory.build(team=team, lead=team_lead, starts_at=MONDAY + timedelta(days=1))
    return services.session_save(
        session=session, participants=[employee], cases=[], actor=team_lead
    )


def feed_url(user):
    return reverse("dilemmas:calendar_feed", args=[services.calendar_feed_for(user=user).token])


def events_in(feed):
    return recurring_ical_events.of(Calendar.from_ical(feed)).between(
        MONDAY - timedelta(days=30), MONDAY + timedelta(days=60)
    )


def by_uid(feed):
    return {str(e["UID"]): e for e in events_in(feed)}


# --- The feed ---


def test_uids_do_not_depend_on_the_host(client, settings, training_session, supervision, employee):
    settings.ALLOWED_HOSTS = ["testserver", "agenda.example.org"]
    url = feed_url(employee)
    here = client.get(url).content
    there = client.get(url, HTTP_HOST="agenda.example.org").content
    assert len(by_uid(here)) == 2
    assert set(by_uid(here)) == set(by_uid(there))
    assert all("example.org" not in uid and "testserver" not in uid for uid in by_uid(there))


def test_feed_asks_to_be_fetched_again_every_hour(client, employee):
    feed = client.get(feed_url(employee)).content
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in feed
    assert b"X-PUBLISHED-TTL:PT1H" in feed


def test_sequence_and_last_modified_rise_when_a_training_session_moves(
    client, training_session, employee, working_group_member
):
    url = feed_url(employee)
    before = by_uid(client.get(url).content)[f"training-{training_session.pk}@coalition.dilemmas"]
    assert before["SEQUENCE"] == 0
    training_session.starts_at += timedelta(hours=1)
    training_session.ends_at += timedelta(hours=1)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.training_session_save(session=training_session)
    after = by_uid(client.get(url).content)[f"training-{training_session.pk}@coalition.dilemmas"]
    assert after["SEQUENCE"] == 1
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    assert after["DTSTART"].dt.astimezone(AMS) == MONDAY + timedelta(hours=1)


def test_sequence_rises_when_a_supervision_session_changes(
    client, supervision, employee, team_lead
):
    url = feed_url(employee)
    uid = f"session-{supervision.pk}@coalition.dilemmas"
    assert by_uid(client.get(url).content)[uid]["SEQUENCE"] == 0
    supervision.location = "Huiskamer"
    services.session_save(session=supervision, participants=[employee], cases=[], actor=team_lead)
    event = by_uid(client.get(url).content)[uid]
    assert event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Huiskamer"


def test_the_trainer_sees_the_session_they_give(
    client, given_by_expert, training, working_group_member
):
    # Once internal, now external: the expert left on the row does not give it.
    TrainingSessionFactory(
        training=training,
        starts_at=MONDAY + timedelta(days=14),
        ends_at=MONDAY + timedelta(days=14, hours=2),
        facilitator_kind=FacilitatorKind.EXTERNAL,
        internal_expert=working_group_member,
    )
    events = events_in(client.get(feed_url(working_group_member)).content)
    assert [str(e["UID"]) for e in events] == [f"training-{given_by_expert.pk}@coalition.dilemmas"]
    assert "Basistraining moreel beraad" in str(events[0]["SUMMARY"])


def test_the_lead_sees_the_supervision_session(client, supervision, team_lead, colleague):
    assert len(events_in(client.get(feed_url(team_lead)).content)) == 1
    assert events_in(client.get(feed_url(colleague)).content) == []


# --- The page ---


def test_page_offers_a_one_click_subscription_and_the_address(client_for, employee):
    page = client_for(employee).get(reverse("dilemmas:calendar")).content.decode()
    path = feed_url(employee)
    assert f'href="webcal://testserver{path}"' in page
    assert f'value="http://testserver{path}"' in page
    for program in ("Outlook", "Google", "Apple"):
        assert program in page


def test_page_lists_what_is_coming_in_dutch(
    client_for, training_session, supervision, employee, colleague, training
):
    past = TrainingSessionFactory(
        training=training,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
        location="Vorige keer",
    )
    Enrolment.objects.create(session=past, user=employee)
    page = client_for(employee).get(reverse("dilemmas:calendar")).content.decode()
    assert "maandag 3 maart 2031, 14:00" in page
    assert "dinsdag 4 maart 2031, 14:00" in page
    assert "Leslokaal 2" in page
    assert "Vorige keer" not in page
    assert training_session.get_absolute_url() in page
    assert supervision.get_absolute_url() in page
    # Training first, then the session a day later.
    assert page.index(training_session.get_absolute_url()) < page.index(
        supervision.get_absolute_url()
    )
    other = client_for(colleague).get(reverse("dilemmas:calendar")).content.decode()
    assert training_session.get_absolute_url() not in other


def test_page_shows_ten_and_then_more(client_for, training, employee):
    for day in range(12):
        session = TrainingSessionFactory(
            training=training,
            starts_at=MONDAY + timedelta(days=day),
            ends_at=MONDAY + timedelta(days=day, hours=1),
        )
        Enrolment.objects.create(session=session, user=employee)
    c = client_for(employee)
    page = c.get(reverse("dilemmas:calendar")).content.decode()
    assert page.count('id="sessie-') == 10
    assert 'href="?aantal=20#sessie-11"' in page
    page = c.get(reverse("dilemmas:calendar"), {"aantal": "20"}).content.decode()
    assert page.count('id="sessie-') == 12
    assert 'href="?aantal=' not in page
    assert c.get(reverse("dilemmas:calendar"), {"aantal": "veel"}).status_code == 200


def test_page_has_a_fixed_number_of_queries(
    client_for, training, team, team_lead, employee, django_assert_max_num_queries
):
    c = client_for(employee)
    session = TrainingSessionFactory(training=training, starts_at=MONDAY, ends_at=MONDAY)
    Enrolment.objects.create(session=session, user=employee)
    c.get(reverse("dilemmas:calendar"))  # the feed row exists from here on
    with django_assert_max_num_queries(20) as one:
        c.get(reverse("dilemmas:calendar"))
    for day in range(1, 15):
        session = TrainingSessionFactory(
            training=TrainingTypeFactory(group=training.group),
            starts_at=MONDAY + timedelta(days=day),
            ends_at=MONDAY + timedelta(days=day, hours=1),
        )
        Enrolment.objects.create(session=session, user=employee)
        SessionFactory(
            team=team, lead=team_lead, starts_at=MONDAY + timedelta(days=day)
        ).participants.add(employee)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get(reverse("dilemmas:calendar"), {"aantal": "30"}).status_code == 200
