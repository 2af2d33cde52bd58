"""What a form page of moral deliberation tells after saving, and what it keeps when the
service refuses: the refusal next to its field, what was entered still there, status 400
where the form sits inside another page."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coalition.models import AccessGrant
from dilemmas.models import CaseUserObjectPermission, Enrolment, WorkingGroupMember

from .factories import TrainingSessionFactory, TrainingTypeFactory

pytestmark = pytest.mark.django_db

WAITS = (
    "Access request made: it takes effect once a second person of the organisation "
    "concerned confirms it."
)


def told(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_a_new_member_waits_for_confirmation_and_the_page_says_so(
    english_for, group, working_group_member, make_person, organisation
):
    newcomer = make_person("employee", organisation, username="nieuw")
    response = english_for(working_group_member).post(
        reverse("dilemmas:member_add", args=[group.pk]),
        {"user": newcomer.pk, "perspective": "manager"},
    )
    assert response.status_code == 302
    assert response.url == group.get_absolute_url()
    # Not "Member added.": the member reads cases only once a second person confirms.
    assert told(response) == [("info", WAITS)]
    assert not WorkingGroupMember.objects.filter(user=newcomer).exists()
    assert AccessGrant.objects.filter(subject=newcomer, status="pending").exists()


def test_an_organisation_added_to_a_group_with_members_is_saved_then_waits(
    english_for, group, working_group_member, organisation, other_organisation
):
    response = english_for(working_group_member).post(
        reverse("dilemmas:group_edit", args=[group.pk]),
        {
            "name": group.name,
            "mandate": "Casuïstiek bespreken",
            "organisations": [organisation.pk, other_organisation.pk],
        },
    )
    assert response.status_code == 302
    assert told(response) == [("success", "Working group saved."), ("info", WAITS)]
    assert list(group.organisations.all()) == [organisation]


def test_a_session_edit_says_how_many_cases_stay_that_the_lead_cannot_open(
    english_for, session_with_case, case, team, team_lead, employee
):
    CaseUserObjectPermission.objects.filter(user=team_lead, content_object=case).delete()
    starts = timezone.localtime() + timedelta(days=7)
    response = english_for(team_lead).post(
        reverse("dilemmas:session_edit", args=[session_with_case.pk]),
        {
            "team": team.pk,
            "kind": "supervision",
            "reflection": "looking_back",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "location": "Kamer 3",
            "participants": [employee.pk],
        },
    )
    assert response.status_code == 302
    assert told(response) == [
        ("success", "Session saved."),
        ("info", "1 case of this session that you cannot open stays in it."),
    ]
    assert list(session_with_case.cases.all()) == [case]


@pytest.fixture
def started_training(group):
    training = TrainingTypeFactory(group=group, name="Basistraining moreel beraad")
    return TrainingSessionFactory(
        training=training, capacity=5, starts_at=timezone.now() - timedelta(hours=1)
    )


def test_a_team_enrolment_after_the_start_is_refused_on_top_of_the_form(
    english_for, started_training, team_lead, employee
):
    response = english_for(team_lead).post(
        reverse("dilemmas:training_team_enrol", args=[started_training.pk]),
        {"people": [employee.pk]},
    )
    assert response.status_code == 400
    form = response.context["team_form"]
    assert form.non_field_errors() == ["This session has started; enrolment is closed."]
    assert form["people"].value() == [str(employee.pk)]  # the choice is kept
    assert not Enrolment.objects.exists()


def test_a_team_enrolment_beyond_the_places_is_refused_next_to_the_people(
    english_for, group, team_lead, employee, colleague
):
    training = TrainingTypeFactory(group=group, name="Verdieping")
    session = TrainingSessionFactory(training=training, capacity=1)
    response = english_for(team_lead).post(
        reverse("dilemmas:training_team_enrol", args=[session.pk]),
        {"people": [employee.pk, colleague.pk]},
    )
    assert response.status_code == 400
    assert response.context["team_form"].errors["people"] == [
        "Only 1 places are left; choose fewer people or another session."
    ]
    assert not Enrolment.objects.exists()
