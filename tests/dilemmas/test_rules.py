"""Each rule of moral deliberation holds at the service, whoever calls it (a view, a task, an
import), and each "who may" is decided once, in dilemmas.permissions; the pages only show
the refusal."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import dilemmas.views
from coalition import access
from coalition.models import AccessLogEntry
from dilemmas import permissions, services
from dilemmas.models import (
    ConsultationStatus,
    Enrolment,
    Perspective,
    SessionFeedback,
    SessionRespondent,
)
from dilemmas.permissions import cases_visible_to
from tests.coalition.factories import UserFactory

from .factories import ConsultationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked_session(session_with_case, team_lead):
    """A session that took place and whose outcomes are recorded: its question is asked."""
    session = session_with_case
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.save()
    return services.session_record_outcomes(
        session=session,
        outcomes={link.pk: "Afspraak" for link in session.session_cases.all()},
        notes="",
        actor=team_lead,
    )


# --- Nobody adds themselves to a working group ---


def test_nobody_makes_themselves_a_member(case, group, employee):
    with pytest.raises(ValidationError):
        services.member_add(
            group=group, user=employee, perspective=Perspective.EMPLOYEE, actor=employee
        )
    assert not group.memberships.filter(user=employee).exists()
    assert list(cases_visible_to(employee)) == [case]  # their own case only, as before


def test_a_member_may_change_their_own_perspective(group, working_group_member):
    services.member_add(
        group=group,
        user=working_group_member,
        perspective=Perspective.MANAGER,
        actor=working_group_member,
    )
    assert group.memberships.get(user=working_group_member).perspective == Perspective.MANAGER


def test_a_coordinator_is_never_made_a_member_even_by_the_system(group, coordinator):
    with pytest.raises(ValidationError):
        services.member_add(
            group=group, user=coordinator, perspective=Perspective.MANAGER, actor=None
        )
    assert not group.memberships.filter(user=coordinator).exists()


def test_a_request_to_join_made_by_the_person_themselves_is_never_applied(
    group, employee, team_lead, organisation
):
    """Even asked for around member_request, and confirmed by a second person."""
    grant = access.grant_request(
        kind="dilemmas.member",
        payload={"group": group.pk, "perspective": Perspective.EMPLOYEE},
        subject=employee,
        actor=employee,
    )
    with pytest.raises(access.GrantError):
        access.grant_confirm(grant=grant, organisation=organisation, actor=team_lead)
    grant.refresh_from_db()
    assert grant.is_pending
    assert not group.memberships.filter(user=employee).exists()


# --- A form without questions is not published ---


def test_the_service_refuses_to_publish_a_form_without_questions(group, working_group_member):
    draft = services.form_draft_for(group=group)
    draft.questions.all().delete()
    with pytest.raises(ValidationError):
        services.form_publish(group=group, actor=working_group_member)
    draft.refresh_from_db()
    assert draft.published_at is None
    assert services.latest_published(group).group is None  # still the default form


def test_publishing_an_empty_form_says_why_on_its_editor(english_for, group, working_group_member):
    services.form_draft_for(group=group).questions.all().delete()
    response = english_for(working_group_member).post(
        reverse("dilemmas:form_publish", args=[group.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dilemmas:form_edit", args=[group.pk])
    assert "A form without questions cannot be published." in response.content.decode()
    assert not group.form_versions.filter(published_at__isnull=False).exists()


def test_a_draft_form_version_is_hidden_from_those_who_fill_in_forms(
    client_for, group, employee, working_group_member, foreign_group_member
):
    draft = services.form_draft_for(group=group)
    address = reverse("dilemmas:form_version_detail", args=[group.pk, draft.pk])
    assert client_for(employee).get(address).status_code == 404
    assert client_for(foreign_group_member).get(address).status_code == 404
    assert client_for(working_group_member).get(address).status_code == 200
    with pytest.raises(Http404):
        permissions.get_form_version_for_user(employee, group, draft.pk)
    published = services.form_publish(group=group, actor=working_group_member)
    assert permissions.get_form_version_for_user(employee, group, published.pk) == published


# --- Attendance only once the session has started ---


def test_attendance_before_the_start_is_refused(group, employee):
    session = TrainingSessionFactory(training__group=group)
    services.enrol(session=session, users=[employee], actor=employee)
    with pytest.raises(ValidationError):
        services.record_attendance(session=session, present_ids=[employee.pk])
    assert Enrolment.objects.get().attended is None
    with time_machine.travel(session.starts_at + timedelta(minutes=1)):
        services.record_attendance(session=session, present_ids=[employee.pk])
    assert Enrolment.objects.get().attended is True


# --- The "less alone" question: who (permissions) and when (service) ---


def test_only_participants_answer(asked_session, colleague, employee):
    assert not permissions.may_give_feedback(colleague, asked_session)
    assert permissions.may_give_feedback(employee, asked_session)
    with pytest.raises(PermissionDenied):
        services.session_feedback(session=asked_session, user=colleague, answer="yes")
    assert not SessionFeedback.objects.exists()


def test_no_answer_before_the_outcomes_are_recorded(session_with_case, employee):
    with pytest.raises(ValidationError):
        services.session_feedback(session=session_with_case, user=employee, answer="yes")
    assert not SessionRespondent.objects.exists()


def test_one_answer_per_person(asked_session, employee):
    services.session_feedback(session=asked_session, user=employee, answer="yes")
    with pytest.raises(ValidationError):
        services.session_feedback(session=asked_session, user=employee, answer="no")
    counts = dict(SessionFeedback.objects.values_list("answer", "count"))
    assert counts == {"yes": 1}


def test_an_answer_leaves_nothing_that_links_it_to_the_person(client_for, asked_session, employee):
    User = get_user_model()
    histories = [
        m
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and hasattr(m, "history_user")
    ]

    def history_rows_of(user):
        return sum(m.objects.filter(history_user=user).count() for m in histories)

    before = history_rows_of(employee)
    response = client_for(employee).post(
        reverse("dilemmas:session_feedback", args=[asked_session.pk]), {"answer": "no"}
    )
    assert response.status_code == 302
    assert SessionFeedback.objects.get(session=asked_session, answer="no").count == 1
    # The answers point to no person and carry no moment that could be matched.
    for field in SessionFeedback._meta.get_fields():
        assert not (field.is_relation and field.related_model is User), field.name
        assert field.get_internal_type() != "DateTimeField", field.name
    # The answers have no history, in the code or in the database.
    assert not any(m._meta.label_lower == "dilemmas.historicalsessionfeedback" for m in histories)
    assert "dilemmas_historicalsessionfeedback" not in connection.introspection.table_names()
    # Who answered is kept without the answer; nothing was written in anyone's name.
    assert {f.name for f in SessionRespondent._meta.concrete_fields} == {"id", "session", "user"}
    assert not hasattr(SessionRespondent, "history")
    assert history_rows_of(employee) == before


@pytest.mark.django_db(transaction=True)
def test_answers_given_before_become_counts_and_their_history_goes(
    session_with_case, employee, team_lead, make_person, organisation, team
):
    extra = make_person("employee", organisation, team, username="extra")
    before = [("dilemmas", "0006_session_calendar_sequence")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldFeedback = old.get_model("dilemmas", "SessionFeedback")
    OldHistory = old.get_model("dilemmas", "HistoricalSessionFeedback")
    for user, answer in [(employee, "yes"), (team_lead, "yes"), (extra, "no")]:
        row = OldFeedback.objects.create(
            session_id=session_with_case.pk, user_id=user.pk, answer=answer
        )
        OldHistory.objects.create(
            id=row.pk,
            session_id=session_with_case.pk,
            answer=answer,
            answered_at=row.answered_at,
            history_date=row.answered_at,
            history_type="+",
            history_user_id=user.pk,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("dilemmas"))

    counts = dict(SessionFeedback.objects.values_list("answer", "count"))
    assert counts == {"yes": 2, "no": 1}
    assert set(SessionRespondent.objects.values_list("user_id", flat=True)) == {
        employee.pk,
        team_lead.pk,
        extra.pk,
    }
    assert "dilemmas_historicalsessionfeedback" not in connection.introspection.table_names()


# --- Places never below the people enrolled ---


def test_places_never_drop_below_the_people_enrolled(group, employee, colleague, team_lead):
    session = TrainingSessionFactory(training__group=group, capacity=3)
    services.enrol(session=session, users=[employee, colleague], actor=team_lead)
    session.capacity = 1
    with pytest.raises(ValidationError) as refused:
        services.training_session_save(session=session)
    assert "capacity" in refused.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 3
    session.capacity = 2
    services.training_session_save(session=session)
    session.refresh_from_db()
    assert session.capacity == 2


# --- A conversation is recorded once and closed once ---


def test_a_closed_request_is_neither_recorded_nor_closed_again(
    group, employee, working_group_member, organisation
):
    consultation = ConsultationFactory(requester=employee, organisation=organisation)
    services.consultation_close(consultation=consultation)
    with pytest.raises(ValidationError):
        services.consultation_close(consultation=consultation)
    with pytest.raises(ValidationError):
        services.consultation_mark_held(consultation=consultation, actor=working_group_member)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED


# --- Who may: one place ---


def test_no_view_refuses_on_its_own():
    """Every refusal in a view comes from dilemmas.permissions (a chokepoint or `require`)."""
    for path in Path(dilemmas.views.__file__).parent.glob("*.py"):
        assert "PermissionDenied" not in path.read_text(), path.name


def test_who_is_a_team_lead_is_decided_once(team_lead, employee, make_person, organisation, team):
    gone = make_person("team_lead", organisation, team, username="gone", is_active=False)
    without_team = make_person("team_lead", organisation, username="teamless")
    assert permissions.is_team_lead(team_lead)
    assert not permissions.is_team_lead(employee)
    assert not permissions.is_team_lead(without_team)
    assert set(permissions.team_leads().filter(profile__teams=team)) == {team_lead}
    assert gone not in permissions.team_leads()


def test_only_those_who_work_for_an_organisation_write_cases(employee):
    nobody = UserFactory(username="zonder-organisatie")
    assert permissions.may_write_case(employee)
    assert not permissions.may_write_case(nobody)


def test_a_refused_read_of_a_case_is_logged_at_the_chokepoint(rf, case, outsider):
    request = rf.get(reverse("dilemmas:case_detail", args=[case.pk]))
    request.user = outsider
    with pytest.raises(Http404):
        permissions.get_case_for_user(outsider, case.pk, request=request)
    with pytest.raises(Http404):
        permissions.get_case_for_user(outsider, case.pk + 1000, request=request)
    entries = AccessLogEntry.objects.order_by("pk")
    assert [(e.user, e.outcome, e.object_type, e.object_id) for e in entries] == [
        (outsider, "denied", "dilemmas.dilemmacase", str(case.pk)),
        (outsider, "denied", "dilemmas.dilemmacase", str(case.pk + 1000)),
    ]
