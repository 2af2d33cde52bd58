from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import AccessLogEntry
from dilemmas import services
from dilemmas.models import Consultation, ConsultationStatus, Perspective

from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(group, employee, organisation):
    return ConsultationFactory(
        requester=employee, organisation=organisation, topic="Piekeren na de uitbraak"
    )


def url(name, obj):
    return reverse(f"dilemmas:{name}", args=[obj.pk])


def test_employee_asks_for_a_conversation(
    client_for, employee, working_group_member, group, organisation
):
    response = client_for(employee).post(
        reverse("dilemmas:consultation_create"),
        {
            "organisation": organisation.pk,
            "topic": "Ik wil praten over een keuze.",
            "urgency": "high",
            "contact": "06-1234",
            "hide_from_team_lead": "on",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.requester == employee and consultation.hide_from_team_lead
    assert working_group_member.notifications.filter(url=consultation.get_absolute_url()).exists()


def test_missing_topic_is_refused_and_keeps_contact(client_for, employee, group, organisation):
    response = client_for(employee).post(
        reverse("dilemmas:consultation_create"),
        {
            "organisation": organisation.pk,
            "topic": "",
            "urgency": "normal",
            "contact": "Na vieren bellen",
        },
    )
    body = response.content.decode()
    assert "Dit veld is verplicht." in body
    assert 'value="Na vieren bellen"' in body
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("employee", 200),  # requester: may read
        ("working_group_member", 200),
        ("team_lead", 404),
        ("colleague", 404),
        ("foreign_group_member", 404),
        ("coordinator", 404),
    ],
)
def test_consultation_is_seen_by_requester_and_group_only(
    request, client_for, consultation, who, status
):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url("consultation_detail", consultation))
    assert response.status_code == status
    outcome = "viewed" if status == 200 else "denied"
    assert AccessLogEntry.objects.filter(
        user=user, outcome=outcome, object_id=str(consultation.pk)
    ).exists()
    assert client_for(user).get(url("consultation_history", consultation)).status_code == status


def test_requester_may_not_pick_up(client_for, consultation, employee):
    assert client_for(employee).post(url("consultation_pick_up", consultation)).status_code == 403


def test_outsider_may_not_pick_up(client_for, consultation, foreign_group_member):
    assert (
        client_for(foreign_group_member).post(url("consultation_pick_up", consultation)).status_code
        == 404
    )


def test_group_member_picks_up_records_and_closes(
    client_for, consultation, working_group_member, employee
):
    c = client_for(working_group_member)
    assert c.post(url("consultation_pick_up", consultation)).status_code == 302
    assert c.post(url("consultation_held", consultation)).status_code == 302
    assert c.post(url("consultation_close", consultation)).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.picked_up_by == working_group_member
    assert consultation.held_at and consultation.closed_at
    assert employee.notifications.filter(
        key=f"dilemmas-consultation-picked-{consultation.pk}"
    ).exists()


def test_without_my_team_lead_is_honoured_for_a_team_lead_in_the_group(
    client_for, group, employee, team_lead, organisation
):
    services.member_add(group=group, user=team_lead, perspective=Perspective.MANAGER, actor=None)
    hidden = ConsultationFactory(
        requester=employee, organisation=organisation, hide_from_team_lead=True, topic="Geheim"
    )
    shown = ConsultationFactory(requester=employee, organisation=organisation, topic="Gewoon")
    c = client_for(team_lead)
    assert c.get(url("consultation_detail", hidden)).status_code == 404
    assert c.get(url("consultation_detail", shown)).status_code == 200
    listing = c.get(reverse("dilemmas:consultation_list")).content.decode()
    assert str(shown) in listing and str(hidden) not in listing
    assert str(hidden) not in c.get("/").content.decode()


def test_group_sees_waiting_times(client_for, group, employee, organisation, working_group_member):
    now = timezone.now()
    ConsultationFactory(
        requester=employee,
        organisation=organisation,
        created_at=now - timedelta(hours=30),
        picked_up_at=now - timedelta(hours=20),
        status=ConsultationStatus.PICKED_UP,
    )
    ConsultationFactory(
        requester=employee,
        organisation=organisation,
        created_at=now - timedelta(hours=10),
        picked_up_at=now - timedelta(hours=4),
        status=ConsultationStatus.PICKED_UP,
    )
    body = (
        client_for(working_group_member).get(reverse("dilemmas:consultation_list")).content.decode()
    )
    assert "Mediane wachttijd tot oppakken" in body
    assert "8,0 uur" in body or "8.0 uur" in body
    assert "10,0 uur" in body or "10.0 uur" in body
    requester_view = (
        client_for(employee).get(reverse("dilemmas:consultation_list")).content.decode()
    )
    assert "Mediane wachttijd" not in requester_view


def test_consultation_list_fixed_queries(
    client_for, group, employee, organisation, working_group_member, django_assert_max_num_queries
):
    c = client_for(working_group_member)
    ConsultationFactory(requester=employee, organisation=organisation)
    with django_assert_max_num_queries(15) as one:
        c.get(reverse("dilemmas:consultation_list"))
    for _ in range(12):
        ConsultationFactory(requester=employee, organisation=organisation)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get(reverse("dilemmas:consultation_list")).status_code == 200


def test_dashboard_shows_open_requests_to_the_group(
    client_for, consultation, working_group_member, foreign_group_member
):
    assert str(consultation) in client_for(working_group_member).get("/").content.decode()
    assert str(consultation) not in client_for(foreign_group_member).get("/").content.decode()


def test_english_speaking_users_send_dutch_notifications(
    client_for, employee, working_group_member, group, organisation
):
    asker = client_for(employee)
    asker.cookies["django_language"] = "en"
    asker.post(
        reverse("dilemmas:consultation_create"),
        {
            "organisation": organisation.pk,
            "topic": "Een keuze.",
            "urgency": "normal",
            "contact": "x",
        },
    )
    consultation = Consultation.objects.get()
    new = working_group_member.notifications.get(key=f"dilemmas-consultation-new-{consultation.pk}")
    assert new.subject == "Een collega vraagt de werkgroep om een gesprek"
    member = client_for(working_group_member)
    member.cookies["django_language"] = "en"
    member.post(url("consultation_pick_up", consultation))
    picked = employee.notifications.get(key=f"dilemmas-consultation-picked-{consultation.pk}")
    assert picked.subject == "Je gespreksverzoek is opgepakt"


def test_consultation_list_says_a_waiting_request_is_not_picked_up_yet(
    client_for, consultation, working_group_member
):
    body = (
        client_for(working_group_member).get(reverse("dilemmas:consultation_list")).content.decode()
    )
    assert "Nog niet opgepakt" in body
    assert "Wachttijd" in body and "wacht nog" in body
