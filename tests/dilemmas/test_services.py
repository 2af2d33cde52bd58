from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coalition.models import Notification
from dilemmas import services, tasks
from dilemmas.models import (
    CaseFormVersion,
    CaseStatus,
    ConsultationStatus,
    Enrolment,
    Perspective,
    ReflectionKind,
    SupervisionSession,
)
from dilemmas.permissions import cases_visible_to
from tests.coalition.factories import OrganisationFactory

from .factories import (
    ConsultationFactory,
    SessionFactory,
    TrainingSessionFactory,
    TrainingTypeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def visible(user):
    return set(cases_visible_to(user).values_list("title", flat=True))


# --- Who sees a case ---


def test_a_draft_is_seen_by_its_author_only(
    make_case, employee, team_lead, working_group_member, group
):
    make_case(employee, title="Concept", status=CaseStatus.DRAFT, submitted_at=None)
    assert visible(employee) == {"Concept"}
    assert visible(team_lead) == set()
    assert visible(working_group_member) == set()


def test_submitting_shares_with_team_lead_and_serving_group_only(
    case,
    employee,
    team_lead,
    working_group_member,
    other_team_lead,
    foreign_group_member,
    colleague,
):
    assert visible(employee) == {"Bezoek beperken"}
    assert visible(team_lead) == {"Bezoek beperken"}
    assert visible(working_group_member) == {"Bezoek beperken"}
    for outsider in (other_team_lead, foreign_group_member, colleague):
        assert visible(outsider) == set()


def test_case_without_team_is_not_shared_with_team_lead(make_case, employee, team_lead, group):
    make_case(employee, title="Alleen werkgroep", team=None)
    assert visible(team_lead) == set()


def test_adding_to_a_session_grants_and_removing_revokes(
    case, team, team_lead, colleague, session_with_case
):
    session = session_with_case
    services.session_save(
        session=session, participants=[team_lead, colleague], cases=[case], actor=team_lead
    )
    assert "Bezoek beperken" in visible(colleague)
    services.session_save(session=session, participants=[team_lead], cases=[case], actor=team_lead)
    assert visible(colleague) == set()


def test_unlinking_a_case_revokes_participants(case, team_lead, colleague, team):
    session = services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[colleague],
        cases=[case],
        actor=team_lead,
    )
    assert visible(colleague) == {"Bezoek beperken"}
    services.session_save(session=session, participants=[colleague], cases=[], actor=team_lead)
    assert visible(colleague) == set()


def test_removal_from_one_session_keeps_access_through_another(case, team, team_lead, colleague):
    first = services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[colleague],
        cases=[case],
        actor=team_lead,
    )
    services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[colleague],
        cases=[case],
        actor=team_lead,
    )
    services.session_save(session=first, participants=[], cases=[case], actor=team_lead)
    assert visible(colleague) == {"Bezoek beperken"}


def test_leaving_the_working_group_revokes_its_cases(case, group, working_group_member):
    member = group.memberships.get(user=working_group_member)
    services.member_remove(member=member)
    assert visible(working_group_member) == set()


def test_joining_a_group_grants_its_existing_cases(case, group, make_person, organisation):
    newcomer = make_person("working_group_member", organisation, username="nieuw")
    assert visible(newcomer) == set()
    services.member_add(
        group=group, user=newcomer, perspective=Perspective.EXPERIENCE_EXPERT, actor=None
    )
    assert visible(newcomer) == {"Bezoek beperken"}


def test_superuser_sees_no_case_without_a_grant(case, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert visible(admin) == set()


def test_author_may_change_until_discussed(case, employee, team_lead, session_with_case):
    from dilemmas.permissions import case_perms

    assert "change_dilemmacase" in case_perms(employee, case.pk)
    session_with_case.starts_at = timezone.now() - timedelta(hours=1)
    session_with_case.save()
    link = session_with_case.session_cases.get()
    services.session_record_outcomes(
        session=session_with_case, outcomes={link.pk: "Afgesproken"}, notes="", actor=team_lead
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCUSSED
    assert "change_dilemmacase" not in case_perms(employee, case.pk)
    assert "view_dilemmacase" in case_perms(employee, case.pk)


# --- The case form ---


def test_publishing_makes_a_new_version_and_old_cases_keep_theirs(
    case, group, working_group_member
):
    draft = services.form_draft_for(group=group)
    assert draft.number == 2
    first_question = draft.questions.order_by("order").first()
    first_question.title = "Wat speelde er?"
    first_question.save()
    published = services.form_publish(group=group, actor=working_group_member)
    assert published.is_published
    assert services.current_form_for(case.organisation_id) == published
    titles = [q.title for q, _answer in case.answered_questions()]
    assert titles[0] == "Wat is de situatie?"
    assert case.answered_questions()[0][1] == "Antwoord op Wat is de situatie?"
    assert services.form_draft_for(group=group).number == 3


def test_default_form_ships_with_the_method_questions(db):
    version = CaseFormVersion.objects.get(group__isnull=True)
    titles = " ".join(q.title for q in version.questions.all())
    for word in [
        "situatie",
        "morele vraag",
        "opties",
        "waarde",
        "betrokken",
        "weeg",
        "keuze",
        "vervolg",
    ]:
        assert word in titles.lower()


# --- Sessions, feedback, reflection rhythm ---


def test_recording_outcomes_asks_participants_once(session_with_case, team_lead, employee):
    session = session_with_case
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.save()
    link = session.session_cases.get()
    for _ in range(2):
        services.session_record_outcomes(
            session=session, outcomes={link.pk: "Helder"}, notes="", actor=team_lead
        )
    asked = Notification.objects.filter(key=f"dilemmas-session-feedback-{session.pk}")
    assert [n.recipient for n in asked] == [employee]


def test_feedback_overview_is_anonymous_counts_per_team_and_quarter(
    session_with_case, employee, team_lead, organisation
):
    session = session_with_case
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.save()
    services.session_record_outcomes(
        session=session,
        outcomes={session.session_cases.get().pk: "Helder"},
        notes="",
        actor=team_lead,
    )
    services.session_feedback(session=session, user=employee, answer="yes")
    services.session_feedback(session=session, user=team_lead, answer="no")
    [entry] = services.feedback_overview([organisation.pk])
    [period] = entry["periods"]
    assert (period["yes"], period["somewhat"], period["no"], period["total"]) == (1, 0, 1, 2)
    assert "user" not in period


@time_machine.travel(datetime(2026, 7, 1, 12, tzinfo=AMS))
def test_reflection_status_counts_sessions_with_outcomes(team, team_lead):
    for month in (2, 4):
        SessionFactory(
            team=team,
            lead=team_lead,
            starts_at=datetime(2026, month, 10, 14, tzinfo=AMS),
            outcomes_recorded_at=datetime(2026, month, 10, 17, tzinfo=AMS),
        )
    SessionFactory(team=team, lead=team_lead, starts_at=datetime(2026, 5, 1, 14, tzinfo=AMS))
    status = services.reflection_status(team, date(2026, 7, 1))
    assert (status.held, status.expected, status.target) == (2, 2, 6)
    assert not status.behind


def test_reflection_reminder_once_per_period(team, team_lead, group):
    with time_machine.travel(datetime(2026, 5, 10, 8, tzinfo=AMS)):
        assert tasks.remind_teams_behind_on_reflection() == 1
        assert tasks.remind_teams_behind_on_reflection() == 0
    with time_machine.travel(datetime(2026, 5, 20, 8, tzinfo=AMS)):
        assert tasks.remind_teams_behind_on_reflection() == 0  # same period
    with time_machine.travel(datetime(2026, 7, 10, 8, tzinfo=AMS)):
        assert tasks.remind_teams_behind_on_reflection() == 1  # next period, still behind
    assert Notification.objects.filter(recipient=team_lead).count() == 2


# --- Trainings ---


def test_enrolment_beyond_capacity_is_refused(group, employee, colleague, team_lead):
    session = TrainingSessionFactory(training__group=group, capacity=2)
    services.enrol(session=session, users=[employee], actor=employee)
    with pytest.raises(services.CapacityError) as exc:
        services.enrol(session=session, users=[colleague, team_lead], actor=team_lead)
    assert exc.value.free == 1
    assert session.enrolments.count() == 1
    services.enrol(session=session, users=[colleague, employee], actor=team_lead)
    assert session.enrolments.count() == 2


@time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=AMS))
def test_next_mandatory_training_is_due_after_the_interval(group, employee, team_lead):
    team_lead.date_joined = datetime(2026, 6, 1, 9, tzinfo=AMS)
    team_lead.save()
    training = TrainingTypeFactory(group=group, name="Basis", repeat_months=12)
    TrainingTypeFactory(group=group, name="Leiderschap", audience="team_leads", repeat_months=24)
    TrainingTypeFactory(group=group, name="Vrijwillig", mandatory=False)
    past = TrainingSessionFactory(
        training=training,
        starts_at=datetime(2025, 3, 31, 9, tzinfo=AMS),
        ends_at=datetime(2025, 3, 31, 12, tzinfo=AMS),
    )
    Enrolment.objects.create(session=past, user=employee, attended=True)
    dues = services.trainings_due_for([employee, team_lead], date(2026, 6, 1))
    [basis] = dues[employee.pk]
    assert basis.due == date(2026, 3, 31)
    assert basis.is_overdue(date(2026, 6, 1))
    assert sorted(d.training.name for d in dues[team_lead.pk]) == ["Basis", "Leiderschap"]
    # Never followed: due three months after joining.
    assert {d.due for d in dues[team_lead.pk]} == {date(2026, 9, 1)}
    assert not any(d.is_overdue(date(2026, 6, 1)) for d in dues[team_lead.pk])


@time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=AMS))
def test_one_persons_trainings_are_read_as_for_many(group, employee, team_lead):
    """A person's own page reads them through what the request knows of them; a team's
    list reads everyone in bulk. Both say the same."""
    training = TrainingTypeFactory(group=group, name="Basis", repeat_months=12)
    TrainingTypeFactory(group=group, name="Leiderschap", audience="team_leads", repeat_months=24)
    past = TrainingSessionFactory(
        training=training,
        starts_at=datetime(2025, 3, 31, 9, tzinfo=AMS),
        ends_at=datetime(2025, 3, 31, 12, tzinfo=AMS),
    )
    Enrolment.objects.create(session=past, user=team_lead, attended=True)
    # A mandatory training of a group that serves another organisation is nobody's here.
    elsewhere = WorkingGroupFactory(name="Werkgroep Elders")
    elsewhere.organisations.set([OrganisationFactory(name="Elders")])
    TrainingTypeFactory(group=elsewhere, name="Elders verplicht", repeat_months=12)
    both = services.trainings_due_for([employee, team_lead], date(2026, 6, 1))
    for person in (employee, team_lead):
        alone = services.trainings_due_for([person], date(2026, 6, 1))
        assert alone == {person.pk: both[person.pk]}
    assert len(both[team_lead.pk]) == 2 and len(both[employee.pk]) == 1
    assert "Elders verplicht" not in {d.training.name for d in both[team_lead.pk]}


def test_overdue_training_reminder_is_sent_once(
    group, employee, mailoutbox, django_capture_on_commit_callbacks
):
    TrainingTypeFactory(group=group, name="Basis")
    employee.date_joined = timezone.now() - timedelta(days=200)
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.remind_overdue_trainings()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.remind_overdue_trainings()
    assert first >= 1 and second == 0
    assert Notification.objects.filter(recipient=employee).count() == 1
    assert len([m for m in mailoutbox if employee.email in m.to]) == 1


def test_reminder_inside_a_rolled_back_transaction_is_never_sent(
    group, employee, mailoutbox, django_capture_on_commit_callbacks
):
    TrainingTypeFactory(group=group, name="Basis")

    employee.date_joined = timezone.now() - timedelta(days=200)
    employee.save()

    class Rollback(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            tasks.remind_overdue_trainings()
            raise Rollback
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


# --- Consultations ---


def test_untouched_request_reminds_after_two_working_days(
    group, employee, working_group_member, organisation
):
    # Asked on a Friday afternoon: two working days later is Tuesday afternoon.
    with time_machine.travel(datetime(2026, 11, 13, 15, tzinfo=AMS)):
        consultation = ConsultationFactory(requester=employee, organisation=organisation)
    with time_machine.travel(datetime(2026, 11, 16, 16, tzinfo=AMS)):
        assert tasks.remind_untouched_consultations() == 0
    with time_machine.travel(datetime(2026, 11, 17, 15, 30, tzinfo=AMS)):
        assert tasks.remind_untouched_consultations() == 1
        assert tasks.remind_untouched_consultations() == 0
    assert (
        Notification.objects.filter(
            recipient=working_group_member, key=f"dilemmas-consultation-waiting-{consultation.pk}"
        ).count()
        == 1
    )


def test_picked_up_request_does_not_remind(group, employee, working_group_member, organisation):
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=AMS)):
        consultation = ConsultationFactory(requester=employee, organisation=organisation)
        services.consultation_pick_up(consultation=consultation, actor=working_group_member)
    with time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=AMS)):
        assert tasks.remind_untouched_consultations() == 0
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PICKED_UP


def test_request_without_team_lead_is_not_sent_to_team_lead_in_the_group(
    group, employee, team_lead, organisation
):
    services.member_add(group=group, user=team_lead, perspective=Perspective.MANAGER, actor=None)
    consultation = ConsultationFactory.build(
        organisation=organisation, hide_from_team_lead=True, topic="Lastig"
    )
    services.consultation_request(consultation=consultation, requester=employee)
    assert not Notification.objects.filter(recipient=team_lead).exists()
    assert Notification.objects.filter(key=f"dilemmas-consultation-new-{consultation.pk}").exists()


def test_second_pick_up_does_not_take_over(
    group, employee, working_group_member, organisation, make_person
):
    other_member = make_person("working_group_member", organisation, username="wg2")
    services.member_add(group=group, user=other_member, perspective=Perspective.OTHER, actor=None)
    consultation = ConsultationFactory(requester=employee, organisation=organisation)
    assert services.consultation_pick_up(consultation=consultation, actor=working_group_member)
    assert not services.consultation_pick_up(consultation=consultation, actor=other_member)
    consultation.refresh_from_db()
    assert consultation.picked_up_by == working_group_member


def test_reflection_kind_choices_cover_the_three_moments():
    assert {k for k, _ in ReflectionKind.choices} == {"looking_back", "in_action", "ahead"}
    assert SupervisionSession._meta.get_field("reflection").choices


# --- Notifications are written in the product language ---


def test_notifications_are_dutch_whoever_triggers_them(
    case, session_with_case, employee, team_lead, working_group_member
):
    from django.utils import translation

    with translation.override("en"):
        services.case_save(case=case, author=employee, answers=case.answers, themes=[], submit=True)
        link = session_with_case.session_cases.get()
        services.session_record_outcomes(
            session=session_with_case, outcomes={link.pk: "Afgesproken"}, notes="", actor=team_lead
        )
    assert (
        working_group_member.notifications.get(key=f"dilemmas-case-submitted-{case.pk}").subject
        == "Een dilemmacasus wacht op bespreking"
    )
    assert (
        employee.notifications.get(key=f"dilemmas-session-feedback-{session_with_case.pk}").subject
        == "Hielp de sessie je om je minder alleen te voelen met het dilemma?"
    )


def test_someone_who_works_for_no_organisation_has_no_trainings_due(
    group, coordinator, django_assert_num_queries
):
    TrainingTypeFactory(group=group, name="Basis")
    coordinator.profile.organisations.clear()
    person = type(coordinator).objects.get(pk=coordinator.pk)
    with django_assert_num_queries(1):  # what the app knows of the person, nothing more
        assert services.trainings_due_for([person], date(2026, 6, 1)) == {person.pk: []}
