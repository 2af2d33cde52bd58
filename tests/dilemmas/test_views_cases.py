import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from coalition.models import AccessLogEntry
from dilemmas import services
from dilemmas.models import CaseStatus, DilemmaCase

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_team_lead", "foreign_group_member", "colleague", "outsider", "coordinator"]


def url(name, case):
    return reverse(f"dilemmas:{name}", args=[case.pk])


# --- Detail, edit, history, export: who may, who may only read, outsiders ---


@pytest.mark.parametrize("who", ["employee", "team_lead", "working_group_member"])
def test_those_who_may_see_open_the_case_and_it_is_logged(request, client_for, case, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url("case_detail", case))
    assert response.status_code == 200
    assert "Bezoek beperken" in response.content.decode()
    assert "Wat is de situatie?" in response.content.decode()
    entry = AccessLogEntry.objects.get(user=user)
    assert (entry.outcome, entry.object_id) == ("viewed", str(case.pk))


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page_name", ["case_detail", "case_edit", "case_history", "case_export"])
def test_outsiders_get_404_everywhere_and_the_attempt_is_logged(
    request, client_for, case, who, page_name
):
    user = request.getfixturevalue(who)
    response = client_for(user).get(url(page_name, case))
    assert response.status_code == 404
    assert "Bezoek beperken" not in response.content.decode()
    entry = AccessLogEntry.objects.get(user=user)
    assert (entry.outcome, entry.object_id) == ("denied", str(case.pk))


@pytest.mark.parametrize("who", ["team_lead", "working_group_member"])
def test_readers_get_403_on_edit(request, client_for, case, who):
    user = request.getfixturevalue(who)
    assert client_for(user).get(url("case_edit", case)).status_code == 403
    response = client_for(user).post(url("case_edit", case), {"title": "Gekaapt"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title == "Bezoek beperken"


def pdf_text(content):
    """The text of a PDF as poppler's pdftotext reads it, on one line."""
    assert shutil.which("pdftotext"), "needs pdftotext (Debian: poppler-utils)"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_history_and_export_for_the_author(client_for, case, employee):
    case.answers = {
        str(q.pk): f"Antwoord {n} van de auteur"
        for n, q in enumerate(case.form_version.questions.all(), 1)
    }
    case.save()
    c = client_for(employee)
    assert "Geschiedenis van Bezoek beperken" in c.get(url("case_history", case)).content.decode()
    response = c.get(url("case_export", case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Bezoek beperken" in text
    for n, question in enumerate(case.form_version.questions.all(), 1):
        assert question.title in text
        assert f"Antwoord {n} van de auteur" in text


def test_session_participant_reads_and_loses_access_when_removed(
    client_for, case, team, team_lead, colleague, session_with_case
):
    c = client_for(colleague)
    assert c.get(url("case_detail", case)).status_code == 404
    services.session_save(
        session=session_with_case,
        participants=[team_lead, colleague],
        cases=[case],
        actor=team_lead,
    )
    assert c.get(url("case_detail", case)).status_code == 200
    services.session_save(
        session=session_with_case, participants=[team_lead], cases=[case], actor=team_lead
    )
    assert c.get(url("case_detail", case)).status_code == 404


# --- Writing a case ---


def answers_for(version, text="Ingevuld"):
    return {f"answer_{q.pk}": text for q in version.questions.all()}


def test_a_draft_may_be_incomplete(client_for, employee, group, team):
    response = client_for(employee).post(
        reverse("dilemmas:case_create"),
        {"title": "Half af", "team": team.pk, "action": "draft"},
    )
    case = DilemmaCase.objects.get(title="Half af")
    assert response.status_code == 302
    assert case.status == CaseStatus.DRAFT
    assert case.author == employee


def test_submit_with_a_required_question_empty_is_refused_and_keeps_input(
    client_for, employee, group, team
):
    version = services.current_form_for(team.organisation_id)
    questions = list(version.questions.all())
    data = {"title": "Bijna klaar", "team": team.pk, "action": "submit"}
    data.update(answers_for(version, "Mijn tekst"))
    data[f"answer_{questions[1].pk}"] = "   "
    response = client_for(employee).post(reverse("dilemmas:case_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Beantwoord deze vraag voordat je indient" in body
    assert "1 verplichte vraag is nog niet beantwoord." in body
    assert "Mijn tekst" in body and 'value="Bijna klaar"' in body
    assert not DilemmaCase.objects.exists()


def test_submitting_a_complete_case_reminds_not_to_name_clients_and_notifies(
    client_for, employee, team_lead, working_group_member, group, team
):
    c = client_for(employee)
    form_page = c.get(reverse("dilemmas:case_create")).content.decode()
    assert "Noem geen cliënten." in form_page
    version = services.current_form_for(team.organisation_id)
    data = {"title": "Klaar", "team": team.pk, "action": "submit", **answers_for(version)}
    response = c.post(reverse("dilemmas:case_create"), data)
    case = DilemmaCase.objects.get(title="Klaar")
    assert response.status_code == 302
    assert case.status == CaseStatus.SUBMITTED
    assert case.form_version == version
    assert team_lead.notifications.filter(url=case.get_absolute_url()).exists()


def test_old_case_still_shows_its_version_after_a_new_one(
    client_for, case, employee, group, working_group_member
):
    draft = services.form_draft_for(group=group)
    draft.questions.all().delete()
    draft.questions.create(order=1, title="Een geheel nieuwe vraag")
    services.form_publish(group=group, actor=working_group_member)
    body = client_for(employee).get(url("case_detail", case)).content.decode()
    assert "Wat is de situatie?" in body
    assert "Een geheel nieuwe vraag" not in body
    new_form = client_for(employee).get(reverse("dilemmas:case_create")).content.decode()
    assert "Een geheel nieuwe vraag" in new_form


# --- Closing ---


def test_working_group_closes_a_case_team_lead_may_not(
    client_for, case, working_group_member, team_lead
):
    assert client_for(team_lead).post(url("case_close", case)).status_code == 403
    assert client_for(working_group_member).post(url("case_close", case)).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_outsider_cannot_close(client_for, case, other_team_lead):
    assert client_for(other_team_lead).post(url("case_close", case)).status_code == 404


# --- Lists, filters, dashboard ---


def test_list_shows_only_visible_cases_and_filters(
    client_for, make_case, employee, colleague, group
):
    theme = group.themes.create(name="Privacy")
    mine = make_case(employee, title="Mijn casus")
    mine.themes.add(theme)
    make_case(colleague, title="Van een ander")
    c = client_for(employee)
    body = c.get(reverse("dilemmas:case_list")).content.decode()
    assert "Mijn casus" in body and "Van een ander" not in body
    filtered = c.get(reverse("dilemmas:case_list"), {"theme": theme.pk}).content.decode()
    assert "Mijn casus" in filtered
    none = c.get(reverse("dilemmas:case_list"), {"status": "closed"}).content.decode()
    assert "Mijn casus" not in none
    assert (
        "Van een ander" not in c.get(reverse("dilemmas:case_list"), {"q": "ander"}).content.decode()
    )


def test_case_list_runs_a_fixed_number_of_queries(
    client_for, make_case, employee, group, django_assert_max_num_queries
):
    theme = group.themes.create(name="Werkdruk")
    c = client_for(employee)
    make_case(employee).themes.add(theme)
    with django_assert_max_num_queries(16) as one:
        c.get(reverse("dilemmas:case_list"))
    for _ in range(15):
        make_case(employee).themes.add(theme)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = c.get(reverse("dilemmas:case_list"))
    assert response.content.decode().count("Werkdruk") >= 16


def test_dashboard_shows_waiting_cases_to_team_lead_not_to_outsiders(
    client_for, case, team_lead, other_team_lead, working_group_member
):
    dashboard = reverse("coalition:dashboard")
    assert "Bezoek beperken" in client_for(team_lead).get(dashboard).content.decode()
    assert "Bezoek beperken" in client_for(working_group_member).get(dashboard).content.decode()
    other = client_for(other_team_lead).get(dashboard).content.decode()
    assert "Bezoek beperken" not in other
    assert "Casussen die wachten op bespreking" not in other


# --- Themes ---


def test_working_group_tags_a_case_team_lead_may_not(
    client_for, case, group, working_group_member, team_lead, other_team_lead
):
    theme = group.themes.create(name="Vrijheid")
    address = reverse("dilemmas:case_themes", args=[case.pk])
    page = client_for(working_group_member).get(url("case_detail", case)).content.decode()
    assert "Thema's van deze casus" in page
    assert client_for(working_group_member).post(address, {"themes": [theme.pk]}).status_code == 302
    assert list(case.themes.all()) == [theme]
    assert client_for(team_lead).post(address, {"themes": []}).status_code == 403
    assert client_for(other_team_lead).post(address, {"themes": []}).status_code == 404
    assert list(case.themes.all()) == [theme]


def test_themes_of_another_group_are_refused(client_for, case, group, working_group_member):
    from .factories import ThemeFactory

    own = group.themes.create(name="Vrijheid")
    foreign = ThemeFactory(name="Elders")
    response = client_for(working_group_member).post(
        reverse("dilemmas:case_themes", args=[case.pk]), {"themes": [own.pk, foreign.pk]}
    )
    body = response.content.decode()
    assert response.status_code == 400
    # The error stands with the themes, not in a banner, and the choice made is kept.
    assert 'id="id_themes_error"' in body
    assert "Kies thema&#x27;s uit de lijst." in body
    assert re.search(rf'<input type="checkbox" name="themes" value="{own.pk}"[^>]*checked', body)
    assert not case.themes.exists()


def test_case_history_shows_changed_answers_by_question(client_for, case, employee):
    question = case.form_version.questions.order_by("order").first()
    case.answers = {**case.answers, str(question.pk): "Nieuwe <b>situatie</b>\nTweede regel"}
    case.save()
    body = client_for(employee).get(url("case_history", case)).content.decode()
    assert f"Antwoorden: {question.title}" in body
    assert "Nieuwe &lt;b&gt;situatie&lt;/b&gt;<br>Tweede regel" in body
    # Within the page's main content: scripts after it may carry braces of their own.
    assert "{" not in body.split("<main")[1].split("</main>")[0]
