from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from dilemmas import services
from dilemmas.models import Enrolment, TrainingSession

from .factories import SessionFactory, TrainingSessionFactory, TrainingTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(group):
    return TrainingTypeFactory(group=group, name="Basistraining moreel beraad")


@pytest.fixture
def training_session(training):
    return TrainingSessionFactory(training=training, capacity=2)


def url(name, obj):
    return reverse(f"dilemmas:{name}", args=[obj.pk])


@pytest.mark.parametrize(
    "who, status",
    [
        ("employee", 200),
        ("working_group_member", 200),
        ("outsider", 404),
        ("foreign_group_member", 404),
    ],
)
def test_session_page_for_staff_of_served_organisations(
    request, client_for, training_session, who, status
):
    user = request.getfixturevalue(who)
    assert (
        client_for(user).get(url("training_session_detail", training_session)).status_code == status
    )


def test_employee_enrols_and_sees_next_due(client_for, training_session, employee):
    c = client_for(employee)
    body = c.get(reverse("dilemmas:training_list")).content.decode()
    assert "Basistraining moreel beraad" in body and "Nog niet gevolgd" in body
    assert c.post(url("training_enrol", training_session)).status_code == 302
    assert Enrolment.objects.filter(user=employee, session=training_session).exists()
    assert c.post(url("training_unenrol", training_session)).status_code == 302
    assert not Enrolment.objects.exists()


def test_full_session_refuses_with_a_message(
    client_for, training_session, employee, colleague, team_lead
):
    services.enrol(session=training_session, users=[colleague, team_lead], actor=team_lead)
    response = client_for(employee).post(url("training_enrol", training_session), follow=True)
    assert "Deze sessie is vol." in response.content.decode()
    assert not Enrolment.objects.filter(user=employee).exists()


def test_outsider_cannot_enrol(client_for, training_session, outsider):
    assert client_for(outsider).post(url("training_enrol", training_session)).status_code == 404


def test_team_lead_enrols_team_beyond_capacity_gets_a_clear_message(
    client_for, training_session, team_lead, employee, colleague, make_person, organisation, team
):
    third = make_person("employee", organisation, team, username="derde")
    response = client_for(team_lead).post(
        url("training_team_enrol", training_session),
        {"people": [employee.pk, colleague.pk, third.pk]},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Er zijn nog maar 2 plaatsen vrij" in body
    assert body.count("checked") == 3  # the choice is kept
    assert not Enrolment.objects.exists()
    ok = client_for(team_lead).post(
        url("training_team_enrol", training_session), {"people": [employee.pk, colleague.pk]}
    )
    assert ok.status_code == 302
    assert Enrolment.objects.count() == 2


def test_employee_cannot_enrol_a_team(client_for, training_session, employee, colleague):
    response = client_for(employee).post(
        url("training_team_enrol", training_session), {"people": [colleague.pk]}
    )
    assert response.status_code == 403


def test_team_lead_cannot_enrol_someone_outside_the_team(
    client_for, training_session, team_lead, other_team_lead
):
    response = client_for(team_lead).post(
        url("training_team_enrol", training_session), {"people": [other_team_lead.pk]}
    )
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_working_group_records_attendance_after_the_start(
    client_for, training_session, working_group_member, employee
):
    Enrolment.objects.create(session=training_session, user=employee)
    c = client_for(working_group_member)
    early = c.post(
        url("training_attendance", training_session), {"present": [employee.pk]}, follow=True
    )
    assert Enrolment.objects.get(user=employee).attended is None
    assert "zodra de sessie begonnen is" in early.content.decode()
    training_session.starts_at = timezone.now() - timedelta(hours=1)
    training_session.save()
    assert (
        c.post(url("training_attendance", training_session), {"present": [employee.pk]}).status_code
        == 302
    )
    assert Enrolment.objects.get(user=employee).attended is True


def test_employee_cannot_record_attendance(client_for, training_session, employee):
    assert (
        client_for(employee).post(url("training_attendance", training_session), {}).status_code
        == 403
    )


def test_new_training_session_before_the_previous_one_is_refused(
    client_for, training, working_group_member
):
    previous = timezone.make_aware(datetime(2099, 3, 5, 14, 30))
    TrainingSessionFactory(training=training, starts_at=previous)
    start = timezone.localtime() + timedelta(days=10)
    response = client_for(working_group_member).post(
        reverse("dilemmas:training_session_create", args=[training.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Zaal 4",
            "facilitator_kind": "external",
            "external_facilitator": "Bureau Ethiek",
            "capacity": 10,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De vorige sessie van deze training is op 5 maart 2099 14:30" in body
    assert 'value="Zaal 4"' in body
    assert TrainingSession.objects.count() == 1


@pytest.mark.parametrize(
    "who, status",
    [("working_group_member", 200), ("team_lead", 403), ("foreign_group_member", 404)],
)
def test_planning_training_sessions(request, client_for, training, who, status):
    user = request.getfixturevalue(who)
    assert (
        client_for(user)
        .get(reverse("dilemmas:training_session_create", args=[training.pk]))
        .status_code
        == status
    )


def test_team_lead_sees_team_status(client_for, training, team_lead, employee):
    body = client_for(team_lead).get(reverse("dilemmas:team_training_status")).content.decode()
    # Names such as "van 't Riet" arrive HTML-escaped.
    assert escape(employee.get_full_name()) in body and "nog niet gevolgd" in body
    assert client_for(employee).get(reverse("dilemmas:team_training_status")).status_code == 403


def test_training_list_fixed_queries(client_for, training, employee, django_assert_max_num_queries):
    c = client_for(employee)
    TrainingSessionFactory(training=training)
    with django_assert_max_num_queries(20) as one:
        c.get(reverse("dilemmas:training_list"))
    for _ in range(10):
        TrainingSessionFactory(training=training)
        TrainingTypeFactory(group=training.group)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get(reverse("dilemmas:training_list")).status_code == 200


# --- Calendar feed ---


def test_calendar_feed_lists_only_my_sessions_without_a_login(
    client, client_for, training_session, employee, colleague, team, team_lead
):
    Enrolment.objects.create(session=training_session, user=employee)
    other = TrainingSessionFactory(training=training_session.training, location="Elders")
    Enrolment.objects.create(session=other, user=colleague)
    SessionFactory(team=team, lead=team_lead).participants.add(employee)
    page = client_for(employee).get(reverse("dilemmas:calendar")).content.decode()
    feed_url = page.split('id="feed-url" type="url" readonly value="')[1].split('"')[0]
    response = client.get(feed_url.replace("http://testserver", ""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert summaries == [
        "Teamoverleg: moreel beraad, Wonen De Pijp",
        "Training: Basistraining moreel beraad",
    ]


def test_reset_makes_the_old_feed_address_stop_working(client, client_for, employee):
    feed = services.calendar_feed_for(user=employee)
    old = reverse("dilemmas:calendar_feed", args=[feed.token])
    assert client.get(old).status_code == 200
    assert client_for(employee).post(reverse("dilemmas:calendar_reset")).status_code == 302
    assert client.get(old).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("dilemmas:calendar_feed", args=[feed.token])).status_code == 200


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("dilemmas:calendar_feed", args=["nope"])).status_code == 404


def test_training_form_labels_the_working_group_in_dutch(client_for, group, working_group_member):
    body = (
        client_for(working_group_member)
        .get(reverse("dilemmas:training_type_create"))
        .content.decode()
    )
    assert 'for="id_group">Werkgroep:</label>' in body
    assert "Group:" not in body
