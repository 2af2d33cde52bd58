import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from dilemmas import services
from dilemmas.models import (
    CaseStatus,
    CaseUserObjectPermission,
    SessionFeedback,
    SessionRespondent,
    SupervisionSession,
)

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def url(name, session):
    return reverse(f"dilemmas:{name}", args=[session.pk])


def future(days=7):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_team_lead_plans_a_session_with_a_case(client_for, case, team, team_lead, employee):
    response = client_for(team_lead).post(
        reverse("dilemmas:session_create"),
        {
            "team": team.pk,
            "kind": "supervision",
            "reflection": "looking_back",
            "starts_at": future(),
            "location": "Kamer 2",
            "participants": [employee.pk],
            "cases": [case.pk],
        },
    )
    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert list(session.cases.all()) == [case]
    assert session.lead == team_lead


@pytest.mark.parametrize("who, status", [("employee", 403), ("working_group_member", 403)])
def test_only_team_leads_plan(request, client_for, who, status, group):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("dilemmas:session_create")).status_code == status


def test_other_team_lead_cannot_plan_for_this_team(client_for, team, other_team_lead):
    response = client_for(other_team_lead).post(
        reverse("dilemmas:session_create"),
        {"team": team.pk, "kind": "team", "reflection": "ahead", "starts_at": future()},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


@pytest.mark.parametrize(
    "who, detail, edit",
    [
        ("team_lead", 200, 200),
        ("employee", 200, 403),  # participant: may read
        ("other_team_lead", 404, 404),
        ("colleague", 404, 404),
        ("foreign_group_member", 404, 404),
    ],
)
def test_session_pages_by_person(request, client_for, session_with_case, who, detail, edit):
    user = request.getfixturevalue(who)
    c = client_for(user)
    assert c.get(url("session_detail", session_with_case)).status_code == detail
    assert c.get(url("session_edit", session_with_case)).status_code == edit
    assert c.get(url("session_outcomes", session_with_case)).status_code == edit
    assert c.get(url("session_history", session_with_case)).status_code == detail


def held(session):
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.save()
    return session


def asked(session):
    """A session that took place and whose outcomes are recorded: its question is asked."""
    return services.session_record_outcomes(
        session=held(session),
        outcomes={link.pk: "Ok" for link in session.session_cases.all()},
        notes="",
        actor=session.lead,
    )


def test_outcomes_are_required_per_case(client_for, session_with_case, team_lead):
    session = held(session_with_case)
    link = session.session_cases.get()
    response = client_for(team_lead).post(
        url("session_outcomes", session), {"notes": "Goed gesprek", f"outcome_{link.pk}": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Schrijf een korte uitkomst voor deze casus." in body
    assert "Goed gesprek" in body
    session.refresh_from_db()
    assert session.outcomes_recorded_at is None


def test_outcomes_before_the_session_are_refused(client_for, session_with_case, team_lead):
    link = session_with_case.session_cases.get()
    response = client_for(team_lead).post(
        url("session_outcomes", session_with_case), {f"outcome_{link.pk}": "Te vroeg"}
    )
    assert "zodra de sessie begonnen is" in response.content.decode()


def test_recording_outcomes_marks_cases_discussed_and_asks_participants(
    client_for, session_with_case, team_lead, employee, case
):
    session = held(session_with_case)
    link = session.session_cases.get()
    response = client_for(team_lead).post(
        url("session_outcomes", session), {f"outcome_{link.pk}": "Afspraak met familie"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCUSSED
    page = client_for(employee).get(url("session_detail", session)).content.decode()
    assert "Hielp dit je om je minder alleen te voelen met het dilemma?" in page
    assert employee.notifications.filter(key=f"dilemmas-session-feedback-{session.pk}").exists()


def test_participant_answers_in_one_click_and_only_once(
    english_for, session_with_case, team_lead, employee
):
    session = asked(session_with_case)
    c = english_for(employee)
    assert c.post(url("session_feedback", session), {"answer": "yes"}).status_code == 302
    again = c.post(url("session_feedback", session), {"answer": "somewhat"}, follow=True)
    assert "You already answered this question." in again.content.decode()
    counts = dict(SessionFeedback.objects.filter(session=session).values_list("answer", "count"))
    assert counts == {"yes": 1}
    assert SessionRespondent.objects.filter(session=session, user=employee).exists()
    page = c.get(url("session_detail", session)).content.decode()
    assert "Thank you for answering." in page
    assert 'name="answer"' not in page


def test_the_question_waits_for_the_outcomes(english_for, session_with_case, employee):
    session = held(session_with_case)
    response = english_for(employee).post(
        url("session_feedback", session), {"answer": "yes"}, follow=True
    )
    assert "The question is asked once the outcomes are recorded." in response.content.decode()
    assert not SessionFeedback.objects.exists()
    assert not SessionRespondent.objects.exists()


def test_a_team_lead_who_did_not_take_part_gets_403(
    client_for, session_with_case, team_lead, employee
):
    session = asked(session_with_case)
    session.participants.remove(team_lead)
    response = client_for(team_lead).post(url("session_feedback", session), {"answer": "no"})
    assert response.status_code == 403
    assert not SessionFeedback.objects.exists()


def test_non_participants_cannot_answer(client_for, session_with_case, team_lead, colleague):
    session = asked(session_with_case)
    assert (
        client_for(colleague).post(url("session_feedback", session), {"answer": "no"}).status_code
        == 404
    )


def test_working_group_sees_feedback_per_team_anonymously(
    client_for,
    session_with_case,
    group,
    working_group_member,
    employee,
    team_lead,
    make_person,
    organisation,
    team,
):
    session = asked(session_with_case)
    extra = make_person("employee", organisation, team, username="extra")
    session.participants.add(extra)
    for user, answer in [(employee, "yes"), (team_lead, "yes"), (extra, "no")]:
        services.session_feedback(session=session, user=user, answer=answer)
    body = (
        client_for(working_group_member)
        .get(reverse("dilemmas:feedback_overview", args=[group.pk]))
        .content.decode()
    )
    assert "Wonen De Pijp" in body
    assert "67%" in body
    assert employee.get_full_name() not in body
    assert (
        client_for(team_lead)
        .get(reverse("dilemmas:feedback_overview", args=[group.pk]))
        .status_code
        == 403
    )


def test_small_numbers_are_hidden(
    client_for, session_with_case, group, working_group_member, employee
):
    services.session_feedback(session=asked(session_with_case), user=employee, answer="no")
    body = (
        client_for(working_group_member)
        .get(reverse("dilemmas:feedback_overview", args=[group.pk]))
        .content.decode()
    )
    assert "Minder dan 3 antwoorden" in body


def test_session_list_fixed_queries(
    client_for, team, team_lead, employee, django_assert_max_num_queries
):
    c = client_for(team_lead)
    SessionFactory(team=team, lead=team_lead).participants.add(employee)
    with django_assert_max_num_queries(12) as one:
        c.get(reverse("dilemmas:session_list"))
    for _ in range(12):
        SessionFactory(team=team, lead=team_lead).participants.add(employee)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get(reverse("dilemmas:session_list")).status_code == 200


def test_session_list_hides_other_teams(client_for, session_with_case, other_team_lead):
    body = client_for(other_team_lead).get(reverse("dilemmas:session_list")).content.decode()
    assert "Geen sessies." in body


def test_reflection_page_for_team_lead_and_target_change(client_for, team, team_lead, employee):
    c = client_for(team_lead)
    body = c.get(reverse("dilemmas:reflection")).content.decode()
    assert "Wonen De Pijp" in body
    response = c.post(
        reverse("dilemmas:reflection_target", args=[team.pk]), {f"t{team.pk}-per_year": "8"}
    )
    assert response.status_code == 302
    assert team.reflection_target.per_year == 8
    assert client_for(employee).get(reverse("dilemmas:reflection")).status_code == 403


def test_other_team_lead_cannot_change_target(client_for, team, other_team_lead):
    response = client_for(other_team_lead).post(
        reverse("dilemmas:reflection_target", args=[team.pk]), {f"t{team.pk}-per_year": "1"}
    )
    assert response.status_code == 404


def test_dashboard_lists_sessions_without_outcomes(
    client_for, session_with_case, team_lead, employee
):
    held(session_with_case)
    assert "Sessies zonder uitkomsten" in client_for(team_lead).get("/").content.decode()
    assert "Sessies zonder uitkomsten" not in client_for(employee).get("/").content.decode()


def test_dashboard_tells_a_team_lead_when_the_team_is_behind(client_for, team, team_lead, employee):
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        body = client_for(team_lead).get("/").content.decode()
        assert "Achter met reflectiemomenten" in body
        assert "dit jaar tot nu toe 0 van 3 gehouden" in body
        assert "Achter met reflectiemomenten" not in client_for(employee).get("/").content.decode()


def test_second_lead_cannot_read_or_record_a_case_they_may_not_open(
    client_for,
    make_case,
    make_person,
    organisation,
    team,
    team_lead,
    group,
    time_machine,
    employee,
    other_team,
):
    """A case its author took from this team to another after it was linked stays linked,
    but closed to the leads of this team: not its title, not its outcome, not its count."""
    from dilemmas.permissions import cases_visible_to

    second_lead = make_person("team_lead", organisation, team, username="teamlead1b")
    private = make_case(employee, team=team, title="Alleen voor de werkgroep")
    session = services.session_save(
        session=SessionFactory(team=team, lead=team_lead),
        participants=[team_lead],
        cases=[private],
        actor=team_lead,
    )
    private.team = other_team
    private.save()
    services.sync_case_permissions(private)
    assert private not in cases_visible_to(second_lead)
    time_machine.move_to(timezone.now() + timedelta(days=8))
    c = client_for(second_lead)
    listing = c.get(reverse("dilemmas:session_list")).content.decode()
    assert "Alleen voor de werkgroep" not in listing
    outcomes_url = reverse("dilemmas:session_outcomes", args=[session.pk])
    page = c.get(outcomes_url)
    assert page.status_code == 200
    assert "Alleen voor de werkgroep" not in page.content.decode()
    link = session.session_cases.get()
    c.post(outcomes_url, {f"outcome_{link.pk}": "Gelezen", "notes": "Kort overleg"})
    link.refresh_from_db()
    private.refresh_from_db()
    assert link.outcome == ""
    assert private.status == CaseStatus.SUBMITTED


def test_session_list_tags_missing_outcomes_in_dutch(client_for, team, team_lead):
    SessionFactory(team=team, lead=team_lead, starts_at=timezone.now() - timedelta(days=2))
    body = client_for(team_lead).get(reverse("dilemmas:session_list")).content.decode()
    assert ">ontbreekt</span>" in body


def test_wrong_reflection_target_is_shown_in_the_row_of_its_team(
    client_for, group, team, other_team, working_group_member
):
    response = client_for(working_group_member).post(
        reverse("dilemmas:reflection_target", args=[team.pk]), {f"t{team.pk}-per_year": "99"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    field = f"id_t{team.pk}-per_year"
    assert f'<ul class="errorlist" id="{field}_error">' in body
    assert "Geef een aantal reflectiemomenten tussen 1 en 52." in body
    own = re.search(rf'<input[^>]*id="{field}"[^>]*>', body).group(0)
    assert 'value="99"' in own and 'aria-invalid="true"' in own
    assert f'aria-describedby="{field}_error"' in own
    other = re.search(rf'<input[^>]*id="id_t{other_team.pk}-per_year"[^>]*>', body).group(0)
    assert "aria-invalid" not in other
    assert not hasattr(team, "reflection_target") or team.reflection_target.per_year != 99


def test_less_alone_answers_look_alike_so_none_is_suggested(
    client_for, session_with_case, team_lead, employee
):
    session = held(session_with_case)
    services.session_record_outcomes(
        session=session,
        outcomes={session.session_cases.get().pk: "Ok"},
        notes="",
        actor=team_lead,
    )
    body = client_for(employee).get(session.get_absolute_url()).content.decode()
    assert "Hielp dit je om je minder alleen te voelen met het dilemma?" in body
    buttons = re.findall(r'<button type="submit" name="answer" value="(\w+)" class="([^"]*)"', body)
    assert [value for value, _css in buttons] == ["yes", "somewhat", "no"]
    assert len({css for _value, css in buttons}) == 1


def _case_counts(body):
    """The "Cases" column of the session list, row by row."""
    rows = re.findall(r"<tr>\s*<td><a href=\"/dilemmas/sessies/\d+/\">.*?</tr>", body, re.S)
    return [int(re.findall(r"<td>(\d+)</td>", row)[0]) for row in rows]


def test_session_list_counts_only_the_cases_the_reader_may_see(
    client_for, session_with_case, case, team_lead
):
    c = client_for(team_lead)
    assert _case_counts(c.get(reverse("dilemmas:session_list")).content.decode()) == [1]
    CaseUserObjectPermission.objects.filter(user=team_lead, content_object=case).delete()
    assert _case_counts(c.get(reverse("dilemmas:session_list")).content.decode()) == [0]


def test_session_list_pages_newest_first(client_for, team, team_lead):
    now = timezone.now()
    for days in range(51):
        SessionFactory(team=team, lead=team_lead, starts_at=now - timedelta(days=days))
    c = client_for(team_lead)
    first = c.get(reverse("dilemmas:session_list")).content.decode()
    assert first.count('<a href="/dilemmas/sessies/') == 50
    assert "Pagina 1 van 2" in first
    second = c.get(reverse("dilemmas:session_list") + "?page=2").content.decode()
    assert second.count('<a href="/dilemmas/sessies/') == 1
    oldest = now - timedelta(days=50)
    assert date_format(timezone.localtime(oldest), "j F Y") in second
