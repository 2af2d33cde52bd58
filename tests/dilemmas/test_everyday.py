"""Everyday use of moral deliberation: recording a session afterwards, what the dashboard
asks of a person, notifications that are read by opening what they point to, and pages
that say the same thing the same way."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from coalition.models import Notification
from coalition.services import notify
from dilemmas import services
from dilemmas.models import (
    CaseStatus,
    ConsultationStatus,
    Enrolment,
    SessionFeedback,
    SessionRespondent,
    SupervisionSession,
)

from .factories import (
    ConsultationFactory,
    SessionFactory,
    TrainingSessionFactory,
    TrainingTypeFactory,
)

pytestmark = pytest.mark.django_db


def url(name, obj):
    return reverse(f"dilemmas:{name}", args=[obj.pk])


def moment(days):
    """A datetime-local value `days` from now (negative: in the past)."""
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def badge(body):
    """The unread count in the header, 0 without a badge."""
    found = re.search(r'<span class="badge">(\d+)', body)
    return int(found.group(1)) if found else 0


def record_outcomes(session, actor):
    return services.session_record_outcomes(
        session=session,
        outcomes={link.pk: "Afspraak gemaakt" for link in session.session_cases.all()},
        notes="Goed gesprek",
        actor=actor,
    )


@pytest.fixture
def held_session(session_with_case):
    session_with_case.starts_at = timezone.now() - timedelta(days=2)
    session_with_case.save()
    return session_with_case


# --- 1. A session that took place is recorded afterwards ---


def test_team_lead_records_last_weeks_session_with_participants_and_outcomes(
    client_for, team, team_lead, employee, case
):
    lead = client_for(team_lead)
    response = lead.post(
        reverse("dilemmas:session_create"),
        {
            "team": team.pk,
            "kind": "supervision",
            "reflection": "looking_back",
            "starts_at": moment(-6),
            "location": "Kamer 2",
            "participants": [employee.pk],
            "cases": [case.pk],
        },
    )
    session = SupervisionSession.objects.get()
    # Recorded afterwards: straight on to what it brought.
    assert response.status_code == 302
    assert response.url == url("session_outcomes", session)
    assert list(session.participants.all()) == [employee]
    link = session.session_cases.get()
    response = lead.post(
        url("session_outcomes", session), {"notes": "", f"outcome_{link.pk}": "Afspraak"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCUSSED
    # The participant answers the "less alone" question right away.
    participant = client_for(employee)
    assert participant.post(url("session_feedback", session), {"answer": "yes"}).status_code == 302
    assert SessionFeedback.objects.get(session=session).count == 1
    assert SessionRespondent.objects.filter(session=session, user=employee).exists()


def test_a_coming_session_is_still_planned_and_opens_its_page(client_for, team, team_lead):
    response = client_for(team_lead).post(
        reverse("dilemmas:session_create"),
        {"team": team.pk, "kind": "team", "reflection": "ahead", "starts_at": moment(7)},
    )
    assert response.status_code == 302
    assert response.url == SupervisionSession.objects.get().get_absolute_url()


def test_more_than_a_year_back_is_refused_and_keeps_what_was_typed(english_for, team, team_lead):
    typed = moment(-400)
    response = english_for(team_lead).post(
        reverse("dilemmas:session_create"),
        {
            "team": team.pk,
            "kind": "team",
            "reflection": "ahead",
            "starts_at": typed,
            "location": "Kamer 9",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is more than a year ago. Check the date" in body
    assert f'value="{typed}"' in body
    assert 'value="Kamer 9"' in body
    assert not SupervisionSession.objects.exists()


def test_the_service_refuses_a_moment_more_than_a_year_back(team, team_lead):
    session = SessionFactory(team=team, lead=team_lead)
    session.starts_at = timezone.now() - timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        services.session_save(session=session, participants=[], cases=[], actor=team_lead)
    assert "starts_at" in refused.value.message_dict


def test_an_old_session_keeps_its_moment_when_changed_otherwise(team, team_lead, employee):
    old = timezone.now() - timedelta(days=400)
    session = SessionFactory(team=team, lead=team_lead, starts_at=old)
    session.location = "Elders"
    services.session_save(session=session, participants=[employee], cases=[], actor=team_lead)
    session.refresh_from_db()
    assert session.location == "Elders" and session.starts_at == old


# --- 2. The dashboard shows the "less alone" question that waits for you ---


def test_dashboard_asks_the_waiting_less_alone_question_until_answered(
    english_for, held_session, team_lead, employee, colleague
):
    record_outcomes(held_session, team_lead)
    participant = english_for(employee)
    body = participant.get(reverse("coalition:dashboard")).content.decode()
    assert "Questions waiting for your answer" in body
    assert f'href="{held_session.get_absolute_url()}#minder-alleen"' in body
    assert "Nothing needs you right now" not in body
    # Someone who did not take part is not asked.
    other = english_for(colleague).get(reverse("coalition:dashboard")).content.decode()
    assert "Questions waiting for your answer" not in other
    participant.post(url("session_feedback", held_session), {"answer": "somewhat"})
    body = participant.get(reverse("coalition:dashboard")).content.decode()
    assert "Questions waiting for your answer" not in body


def test_no_question_before_the_outcomes_are_recorded(held_session, employee):
    assert not SupervisionSession.objects.awaiting_feedback_from(employee).exists()
    record_outcomes(held_session, held_session.lead)
    assert list(SupervisionSession.objects.awaiting_feedback_from(employee)) == [held_session]


# --- 3. Opening what a notification points to marks it read ---


def test_opening_the_case_marks_its_notification_read(
    client_for, make_case, employee, working_group_member, group
):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None)
    services.case_save(case=draft, author=employee, answers=draft.answers, themes=[], submit=True)
    notify(subject="Iets anders", url="/elders/", recipients=[working_group_member])
    member = client_for(working_group_member)
    assert badge(member.get(reverse("dilemmas:index")).content.decode()) == 2
    # The page itself already shows the lower count.
    assert badge(member.get(draft.get_absolute_url()).content.decode()) == 1
    assert badge(member.get(reverse("dilemmas:index")).content.decode()) == 1
    unread = Notification.objects.unread_for(working_group_member)
    assert list(unread.values_list("url", flat=True)) == ["/elders/"]


def test_the_less_alone_notification_is_read_on_the_session_page(
    client_for, held_session, team_lead, employee
):
    record_outcomes(held_session, team_lead)
    notification = employee.notifications.get(key=f"dilemmas-session-feedback-{held_session.pk}")
    assert notification.url.endswith("#minder-alleen")
    client_for(employee).get(held_session.get_absolute_url())
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_post_to_the_page_does_not_mark_read(client_for, held_session, team_lead, employee):
    record_outcomes(held_session, team_lead)
    client_for(employee).post(url("session_feedback", held_session), {"answer": "yes"})
    assert employee.notifications.filter(read_at__isnull=True).exists()


# --- 4. Pages that say what is the case ---


def test_a_draft_says_only_the_author_sees_it_and_who_will(english_for, make_case, employee, group):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None)
    body = english_for(employee).get(draft.get_absolute_url()).content.decode()
    assert "Draft: only you can see this case." in body
    assert "When you submit it, it goes to the team leads of Wonen De Pijp and working group " in (
        body
    )
    assert "Confidential: visible to the author" not in body


def test_a_submitted_case_keeps_the_confidentiality_notice(english_for, case, employee):
    body = english_for(employee).get(case.get_absolute_url()).content.decode()
    assert "Confidential: visible to the author" in body
    assert "Draft: only you can see this case." not in body


def test_submitting_a_draft_says_submitted_and_to_whom(english_for, make_case, employee, group):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None)
    fields = {"title": draft.title, "team": draft.team_id, "action": "submit"}
    fields.update({f"answer_{key}": value for key, value in draft.answers.items()})
    response = english_for(employee).post(url("case_edit", draft), fields, follow=True)
    body = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED
    assert "Case submitted. It goes to the team leads of Wonen De Pijp and working group " in body
    assert "Case saved." not in body


def test_saving_a_draft_again_says_draft_saved(english_for, make_case, employee, group):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None)
    response = english_for(employee).post(
        url("case_edit", draft), {"title": draft.title, "action": "draft"}, follow=True
    )
    assert "Draft saved." in response.content.decode()


def test_a_case_nobody_else_will_read_says_so_when_submitted(
    english_for, make_case, employee, organisation
):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None, team=None)
    fields = {"title": draft.title, "action": "submit"}
    fields.update({f"answer_{key}": value for key, value in draft.answers.items()})
    body = english_for(employee).post(url("case_edit", draft), fields, follow=True)
    assert "nobody else can read it" in body.content.decode()


@pytest.fixture
def training_session(group):
    training = TrainingTypeFactory(group=group, name="Basistraining moreel beraad")
    return TrainingSessionFactory(training=training, capacity=12)


def test_training_places_read_the_same_on_the_list_and_the_session(
    english_for, training_session, employee, make_person, organisation
):
    for _ in range(9):
        Enrolment.objects.create(session=training_session, user=make_person(None, organisation))
    c = english_for(employee)
    listed = c.get(reverse("dilemmas:training_list")).content.decode()
    detail = c.get(training_session.get_absolute_url()).content.decode()
    for body in (listed, detail):
        assert "3 of 12 places left" in body
        assert "9 / 12" not in body and "3 / 12" not in body


def test_a_full_training_session_says_full_on_both_pages(
    english_for, group, employee, make_person, organisation
):
    session = TrainingSessionFactory(training=TrainingTypeFactory(group=group), capacity=1)
    Enrolment.objects.create(session=session, user=make_person(None, organisation))
    c = english_for(employee)
    for page in (reverse("dilemmas:training_list"), session.get_absolute_url()):
        body = c.get(page).content.decode()
        assert "Full" in body and "places left" not in body


@pytest.fixture
def consultation(group, employee, organisation):
    return services.consultation_request(
        consultation=ConsultationFactory.build(
            requester=employee,
            organisation=organisation,
            topic="Piekeren na de uitbraak\nen wat ik toen besloot",
        ),
        requester=employee,
    )


def test_a_consultation_is_named_by_its_topic_and_date(english_for, consultation, employee):
    with translation.override("en"):
        title = str(consultation)
    assert title.startswith("Piekeren na de uitbraak, ")
    assert str(timezone.localdate().year) in title
    c = english_for(employee)
    for page in (reverse("dilemmas:consultation_list"), consultation.get_absolute_url()):
        body = c.get(page).content.decode()
        assert "Piekeren na de uitbraak" in body
        assert "Consultation request" not in body


@pytest.mark.parametrize(
    "who, confirm, withdraw",
    [
        ("employee", 200, 302),  # the requester
        ("working_group_member", 403, 403),  # sees the request, may not withdraw it
        ("colleague", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_may_withdraw_a_consultation(request, client_for, consultation, who, confirm, withdraw):
    c = client_for(request.getfixturevalue(who))
    assert c.get(url("consultation_withdraw", consultation)).status_code == confirm
    assert c.post(url("consultation_withdraw", consultation)).status_code == withdraw
    consultation.refresh_from_db()
    expected = ConsultationStatus.WITHDRAWN if withdraw == 302 else ConsultationStatus.OPEN
    assert consultation.status == expected


def test_requester_withdraws_after_confirming_and_the_group_hears_it(
    english_for, consultation, employee, working_group_member
):
    c = english_for(employee)
    detail = c.get(consultation.get_absolute_url()).content.decode()
    assert url("consultation_withdraw", consultation) in detail
    confirm = c.get(url("consultation_withdraw", consultation)).content.decode()
    assert "Withdraw your request “Piekeren na de uitbraak”?" in confirm
    response = c.post(url("consultation_withdraw", consultation), follow=True)
    assert "Request withdrawn." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.WITHDRAWN
    assert consultation.withdrawn_at is not None
    # The history keeps the request and its withdrawal, by whom.
    last = consultation.history.first()
    assert last.status == ConsultationStatus.WITHDRAWN and last.history_user == employee
    assert consultation.history.count() == 2
    assert working_group_member.notifications.filter(
        key=f"dilemmas-consultation-withdrawn-{consultation.pk}"
    ).exists()
    assert not employee.notifications.filter(key__contains="withdrawn").exists()
    # Nothing is left to do for the group: not on the dashboard, not to pick up.
    assert not services.consultation_pick_up(consultation=consultation, actor=working_group_member)
    listed = english_for(working_group_member).get(reverse("dilemmas:consultation_list"))
    closed_part = listed.content.decode().split("<h2>Closed</h2>")[1]
    assert "Piekeren na de uitbraak" in closed_part


def test_a_held_conversation_can_no_longer_be_withdrawn(
    client_for, consultation, employee, working_group_member
):
    services.consultation_mark_held(consultation=consultation, actor=working_group_member)
    c = client_for(employee)
    assert url("consultation_withdraw", consultation) not in (
        c.get(consultation.get_absolute_url()).content.decode()
    )
    assert c.post(url("consultation_withdraw", consultation)).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.HELD
    with pytest.raises(ValidationError):
        services.consultation_withdraw(consultation=consultation, actor=employee)


def test_only_the_requester_withdraws_in_the_service(consultation, working_group_member):
    with pytest.raises(ValidationError):
        services.consultation_withdraw(consultation=consultation, actor=working_group_member)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


# --- 5. One word for editing ---


def _edit_link_texts(body):
    """The texts of the links to an edit form on a page."""
    return {
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r'<a [^>]*href="[^"]*/bewerken/"[^>]*>(.*?)</a>', body)
    }


def test_edit_links_use_one_word_on_every_page(
    client_for, make_case, employee, group, working_group_member, session_with_case, team_lead
):
    draft = make_case(employee, status=CaseStatus.DRAFT, submitted_at=None)
    pages = [
        (employee, draft.get_absolute_url()),
        (working_group_member, group.get_absolute_url()),
        (team_lead, session_with_case.get_absolute_url()),
    ]
    texts = set()
    for user, page in pages:
        found = _edit_link_texts(client_for(user).get(page).content.decode())
        assert found, page
        texts |= found
    with translation.override(settings.LANGUAGE_CODE):
        assert texts == {pgettext("action", "Edit")}


def test_changing_recorded_outcomes_is_called_editing(english_for, held_session, team_lead):
    record_outcomes(held_session, team_lead)
    body = english_for(team_lead).get(held_session.get_absolute_url()).content.decode()
    assert ">Edit outcomes</a>" in body
    assert "Change outcomes" not in body
