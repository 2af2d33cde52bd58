"""An employee brings a dilemma, the team lead discusses it in a session, the participants say
whether it helped them feel less alone, the working group sees that, and nobody outside the
session can open the case."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from coalition.demo import DEMO_PASSWORD
from coalition.models import AccessLogEntry
from dilemmas.models import (
    CaseStatus,
    DilemmaCase,
    SupervisionSession,
    TrainingSession,
    WorkingGroup,
)
from tests.browser.helpers import assert_accessible, login, logout, screenshot
from tests.coalition.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def answer_feedback(page, live_server, session, label):
    page.goto(f"{live_server.url}/dilemmas/sessies/{session.pk}/")
    question = page.get_by_role("heading", name="Hielp dit je om je minder alleen te voelen")
    expect(question).to_be_visible()
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Dank je. Je antwoord wordt anoniem geteld.")).to_be_visible()


def test_dilemma_from_case_to_less_alone(demo_data, live_server, page):
    # 1. The employee writes a case and submits it.
    login(page, live_server, "employee")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Moreel beraad"
    ).click()
    assert_accessible(page, "dilemmas index")
    screenshot(page, "dilemmas-index")
    page.get_by_role("link", name="Casus schrijven").first.click()
    expect(page.get_by_text("Noem geen cliënten.")).to_be_visible()
    page.get_by_label("Korte titel").fill("Nachtrust of toezicht")
    page.get_by_label("Bespreken in team").select_option(label="Wonen De Pijp (Amstelzorg)")
    # Submitting with the questions empty is refused, next to each required question.
    page.get_by_role("button", name="Indienen voor bespreking").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Beantwoord deze vraag voordat je indient").first).to_be_visible()
    assert page.get_by_label("Korte titel").input_value() == "Nachtrust of toezicht"
    assert_accessible(page, "case form with errors")
    screenshot(page, "dilemmas-case-form-errors")
    for area in page.locator("textarea").all():
        area.fill("Een bewoner wil 's nachts rondlopen; toezicht en rust botsen.")
    page.get_by_role("button", name="Indienen voor bespreking").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Nachtrust of toezicht")).to_be_visible()
    expect(page.get_by_text("Ingediend", exact=True)).to_be_visible()
    assert_accessible(page, "case detail")
    screenshot(page, "dilemmas-case-detail")
    case = DilemmaCase.objects.get(title="Nachtrust of toezicht")
    assert case.status == CaseStatus.SUBMITTED
    logout(page)

    # A third colleague of the team, so the answers can be shown anonymously (three or more).
    colleague = UserFactory(username="collega", first_name="Kim", last_name="de Wit")
    colleague.set_password(DEMO_PASSWORD)
    colleague.save()
    colleague.profile.organisations.add(case.organisation)
    colleague.profile.teams.add(case.team)

    # 2. The team lead sees it waiting, plans a session with it.
    login(page, live_server, "teamlead")
    expect(page.get_by_role("link", name="Nachtrust of toezicht")).to_be_visible()  # dashboard
    page.goto(f"{live_server.url}/dilemmas/sessies/nieuw/?casus={case.pk}")
    assert_accessible(page, "session form")
    moment = timezone.localtime() + timedelta(days=3)
    page.get_by_label("Datum en tijd").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Soort reflectie").select_option(label="Terugblikken")
    page.get_by_label("Plaats of link").fill("Kantoor De Pijp")
    # Only members of the team are offered: the working group reads the case anyway.
    assert page.get_by_label("Wendy Jansen").count() == 0
    for name in ["Esra Yılmaz", "Tom El Amrani", "Kim de Wit"]:
        page.get_by_label(name).check()
    assert page.get_by_label("Nachtrust of toezicht").is_checked()
    screenshot(page, "dilemmas-session-form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Sessie gepland.")).to_be_visible()
    session = SupervisionSession.objects.get(location="Kantoor De Pijp")

    # The session takes place.
    SupervisionSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    page.goto(f"{live_server.url}/dilemmas/sessies/{session.pk}/")
    page.get_by_role("link", name="Uitkomsten vastleggen").click()
    page.get_by_label("Uitkomst voor “Nachtrust of toezicht”").fill(
        "Samen met de nachtdienst een rustig rondje afspreken."
    )
    assert_accessible(page, "outcomes form")
    page.get_by_role("button", name="Uitkomsten opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Uitkomsten vastgelegd.")).to_be_visible()
    answer_feedback(page, live_server, session, "Een beetje")
    assert_accessible(page, "session detail")
    screenshot(page, "dilemmas-session-detail")
    logout(page)

    # 3. The employee answers the one question.
    login(page, live_server, "employee")
    answer_feedback(page, live_server, session, "Ja")
    screenshot(page, "dilemmas-feedback-answered")
    page.goto(f"{live_server.url}/dilemmas/casussen/{case.pk}/")
    expect(page.get_by_text("Besproken", exact=True)).to_be_visible()
    expect(page.get_by_text("Samen met de nachtdienst")).to_be_visible()
    logout(page)

    # 4. The third colleague answers too; the working group sees the answers per team,
    # anonymously.
    login(page, live_server, "collega")
    answer_feedback(page, live_server, session, "Ja")
    logout(page)
    login(page, live_server, "workgroup")
    group_link = page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Moreel beraad"
    )
    group_link.click()
    page.get_by_role("link", name="Werkgroep Moreel Beraad Amsterdam").first.click()
    assert_accessible(page, "working group")
    screenshot(page, "dilemmas-group")
    page.get_by_role("link", name="Minder alleen? Antwoorden per team").click()
    now = timezone.localtime()
    quarter = f"{now.year} Q{(now.month - 1) // 3 + 1}"
    team_table = page.locator("section", has=page.get_by_role("heading", name="Wonen De Pijp"))
    row = team_table.get_by_role("row", name=quarter)
    expect(row).to_be_visible()
    assert "%" in row.inner_text()
    assert "Esra" not in page.content()
    assert_accessible(page, "feedback overview")
    screenshot(page, "dilemmas-feedback-overview")
    logout(page)

    # 5. A team lead of another team cannot open the case by its URL.
    login(page, live_server, "teamlead2")
    response = page.goto(f"{live_server.url}/dilemmas/casussen/{case.pk}/")
    assert response.status == 404
    assert "Nachtrust" not in page.content()
    page.goto(f"{live_server.url}/dilemmas/casussen/")
    assert "Nachtrust of toezicht" not in page.content()
    assert AccessLogEntry.objects.filter(
        username="teamlead2", outcome="denied", object_id=str(case.pk)
    ).exists()


def test_trainings_and_consultations_pages(demo_data, live_server, page):
    login(page, live_server, "employee2")
    page.goto(f"{live_server.url}/dilemmas/trainingen/")
    expect(page.get_by_text("te laat sinds").first).to_be_visible()
    assert_accessible(page, "training list")
    screenshot(page, "dilemmas-trainings")
    page.goto(f"{live_server.url}/dilemmas/gesprekken/nieuw/")
    page.get_by_label("Waarover wil je praten?").fill("Een keuze in de groep zit me dwars.")
    page.get_by_label("Zo snel mogelijk").check()
    page.get_by_label("Hoe kunnen we je bereiken?").fill("Na 16 uur bellen")
    page.get_by_label("Zonder dat mijn teamleider het weet").check()
    assert_accessible(page, "consultation form")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Je verzoek is naar de werkgroep gestuurd.")).to_be_visible()
    logout(page)

    login(page, live_server, "workgroup")
    page.goto(f"{live_server.url}/dilemmas/gesprekken/")
    expect(page.get_by_text("Mediane wachttijd tot oppakken")).to_be_visible()
    assert_accessible(page, "consultation list")
    screenshot(page, "dilemmas-consultations")
    # A request is named by its topic.
    page.get_by_role("link", name="Een keuze in de groep zit me dwars.").first.click()
    page.get_by_role("button", name="Oppakken").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Je hebt dit verzoek opgepakt.")).to_be_visible()
    assert_accessible(page, "consultation detail")
    screenshot(page, "dilemmas-consultation-detail")
    training_session = TrainingSession.objects.order_by("starts_at").last()
    page.goto(f"{live_server.url}/dilemmas/trainingen/sessies/{training_session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "training session")
    group = WorkingGroup.objects.get()
    page.goto(f"{live_server.url}/dilemmas/werkgroepen/{group.pk}/formulier/")
    expect(page.get_by_role("heading", name="Casusformulier bewerken")).to_be_visible()
    assert_accessible(page, "case form editor")
    screenshot(page, "dilemmas-form-editor")
    logout(page)

    login(page, live_server, "teamlead")
    page.goto(f"{live_server.url}/dilemmas/reflectieritme/")
    assert_accessible(page, "reflection rhythm")
    screenshot(page, "dilemmas-reflection")
    page.goto(f"{live_server.url}/dilemmas/trainingen/mijn-team/")
    assert_accessible(page, "team trainings")
    page.goto(f"{live_server.url}/dilemmas/agenda/")
    assert_accessible(page, "calendar page")
    page.goto(f"{live_server.url}/")
    waiting = page.get_by_role("heading", name="Casussen die wachten op bespreking")
    expect(waiting).to_be_visible()
    expect(page.get_by_role("link", name="Bezoek beperken tijdens een uitbraak")).to_be_visible()
    assert_accessible(page, "dashboard with dilemma items")
    screenshot(page, "dilemmas-dashboard-teamlead")
