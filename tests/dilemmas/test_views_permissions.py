"""The remaining pages and actions, each with one who may, one who may only look (where that
exists) and outsiders: a team lead of another team and a working-group member of an
organisation the group does not serve."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dilemmas import services

from .factories import ConsultationFactory, TrainingSessionFactory, TrainingTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(group, case, session_with_case, employee, organisation):
    training = TrainingTypeFactory(group=group, name="Basis")
    version = services.form_publish(group=group, actor=None)
    return {
        "group": group,
        "case": case,
        "session": session_with_case,
        "training": training,
        "training_session": TrainingSessionFactory(training=training),
        "consultation": ConsultationFactory(requester=employee, organisation=organisation),
        "version": version,
    }


def reverse_for(name, objects, key):
    if key is None:
        return reverse(f"dilemmas:{name}")
    if key == "version":
        return reverse(f"dilemmas:{name}", args=[objects["group"].pk, objects["version"].pk])
    if key == "member":
        member = objects["group"].memberships.get()
        return reverse(f"dilemmas:{name}", args=[objects["group"].pk, member.pk])
    return reverse(f"dilemmas:{name}", args=[objects[key].pk])


# (url name, object, method, {person: expected status})
MATRIX = [
    (
        "group_edit",
        "group",
        "post",
        {"working_group_member": 200, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "form_publish",
        "group",
        "post",
        {"working_group_member": 302, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "theme_add",
        "group",
        "post",
        # An empty name: the member gets the page back with the error (400).
        {"working_group_member": 400, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "member_remove",
        "member",
        "post",
        {"employee": 403, "foreign_group_member": 404, "working_group_member": 302},
    ),
    (
        "form_version_detail",
        "version",
        "get",
        {"working_group_member": 200, "employee": 200, "foreign_group_member": 404},
    ),
    (
        "feedback_overview",
        "group",
        "get",
        {"working_group_member": 200, "team_lead": 403, "foreign_group_member": 404},
    ),
    (
        "session_edit",
        "session",
        "post",
        {"team_lead": 200, "employee": 403, "other_team_lead": 404, "foreign_group_member": 404},
    ),
    (
        "session_feedback",
        "session",
        "post",
        # A participant is sent back to the session, where the refusal says the outcomes
        # are not recorded yet; the service refuses the same way whoever calls it.
        {"employee": 302, "other_team_lead": 404, "foreign_group_member": 404},
    ),
    ("session_create", None, "get", {"team_lead": 200, "employee": 403}),
    (
        "reflection",
        None,
        "get",
        {"team_lead": 200, "working_group_member": 200, "employee": 403},
    ),
    ("group_create", None, "get", {"coordinator": 200, "employee": 403}),
    ("team_training_status", None, "get", {"team_lead": 200, "employee": 403}),
    (
        "training_team_enrol",
        "training_session",
        "post",
        # Nobody chosen: the team lead gets the page back with the error (400).
        {"team_lead": 400, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "training_attendance",
        "training_session",
        "post",
        # Before the start the member is sent back with the refusal.
        {"working_group_member": 302, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "training_type_create",
        None,
        "get",
        {"working_group_member": 200, "employee": 403, "other_team_lead": 403},
    ),
    (
        "training_type_edit",
        "training",
        "get",
        {"working_group_member": 200, "employee": 403, "foreign_group_member": 404},
    ),
    (
        "training_unenrol",
        "training_session",
        "post",
        {"employee": 302, "foreign_group_member": 404},
    ),
    ("training_enrol", "training_session", "post", {"employee": 302, "foreign_group_member": 404}),
    (
        "training_session_detail",
        "training_session",
        "get",
        {"working_group_member": 200, "employee": 200, "foreign_group_member": 404},
    ),
    (
        "consultation_held",
        "consultation",
        "post",
        {
            "working_group_member": 302,
            "employee": 403,
            "team_lead": 404,
            "foreign_group_member": 404,
        },
    ),
    (
        "consultation_close",
        "consultation",
        "post",
        {
            "working_group_member": 302,
            "employee": 403,
            "other_team_lead": 404,
            "foreign_group_member": 404,
        },
    ),
    ("calendar", None, "get", {"employee": 200, "outsider": 200}),
    ("case_create", None, "get", {"employee": 200, "team_lead": 200}),
    ("consultation_create", None, "get", {"employee": 200, "outsider": 200}),
    ("session_list", None, "get", {"employee": 200, "other_team_lead": 200}),
    ("consultation_list", None, "get", {"employee": 200, "foreign_group_member": 200}),
    ("group_list", None, "get", {"employee": 200, "outsider": 200}),
]


@pytest.mark.parametrize("name, key, method, expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(request, client_for, objects, name, key, method, expected):
    for who, status in expected.items():
        user = request.getfixturevalue(who)
        address = reverse_for(name, objects, key)
        response = getattr(client_for(user), method)(address)
        assert response.status_code == status, f"{who} on {name}: {response.status_code}"


def test_mutations_by_outsiders_change_nothing(client_for, objects, foreign_group_member, employee):
    consultation = objects["consultation"]
    client_for(foreign_group_member).post(
        reverse("dilemmas:consultation_close", args=[consultation.pk])
    )
    client_for(employee).post(reverse("dilemmas:consultation_close", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_enrolment_after_the_start_is_refused(client_for, objects, employee):
    session = objects["training_session"]
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save()
    response = client_for(employee).post(
        reverse("dilemmas:training_enrol", args=[session.pk]), follow=True
    )
    assert "Deze sessie is begonnen; inschrijven kan niet meer." in response.content.decode()
    assert not session.enrolments.exists()
