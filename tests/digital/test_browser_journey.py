"""Intake staff add a client on a phone, do the intake, see the proposed persona with its
reason, choose another with a reason; a care worker of another organisation cannot open
the client."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.models import AccessLogEntry
from digital.models import Client, Intake
from tests.browser.helpers import assert_accessible, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_intake_from_new_client_to_persona(demo_data, live_server, page):
    page.set_viewport_size(PHONE)
    login(page, live_server, "intake")
    page.goto(f"{live_server.url}/digitaal/")
    assert_accessible(page, "digital index")
    page.get_by_role("link", name="Cliënt toevoegen").click()
    page.get_by_label("Cliëntnummer").fill("BK-2001")
    page.get_by_label("Taal").select_option(label="Nederlands")
    page.get_by_label("Doelgroep").select_option(label="Ouderen")
    assert_accessible(page, "client form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Cliënt toegevoegd. Doe nu de intake.")).to_be_visible()

    # The intake: nothing answered is refused next to each question, ticks are kept.
    page.get_by_label("Ik kan mijn telefoon of tablet aanzetten en ontgrendelen.").first.check()
    page.get_by_role("button", name="Verder: de persona").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Geef aan of de cliënt internet heeft.")).to_be_visible()
    assert page.get_by_label(
        "Ik kan mijn telefoon of tablet aanzetten en ontgrendelen."
    ).first.is_checked()
    assert_accessible(page, "intake with errors")
    fits(page)
    page.get_by_label("Ik kan verbinding maken met wifi.").first.check()
    page.get_by_label("Ik kan een bericht sturen, bijvoorbeeld met WhatsApp.").first.check()
    page.get_by_label("Smartphone").check()
    page.get_by_label("Ja, thuis").check()
    page.get_by_label("Soms").check()
    screenshot(page, "digital-intake-phone")
    page.get_by_role("button", name="Verder: de persona").click()
    page.wait_for_load_state()

    # The proposal with its reason; choosing another needs a reason.
    expect(page.get_by_role("heading", name="Voorstel: Starter met hulp")).to_be_visible()
    expect(
        page.get_by_text("De basis (apparaat, internet, wachtwoorden) lukt nog niet alleen")
    ).to_be_visible()
    assert_accessible(page, "persona proposal")
    fits(page)
    page.get_by_label("Op weg").check()
    page.get_by_role("button", name="Persona opslaan").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text("Zeg waarom je een andere persona kiest dan voorgesteld.")
    ).to_be_visible()
    page.get_by_label("Waarom een andere persona").fill("Oefent al met de kleinzoon.")
    page.get_by_role("button", name="Persona opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Persona opgeslagen voor deze cliënt.")).to_be_visible()
    assert_accessible(page, "client detail")
    fits(page)
    screenshot(page, "digital-client-phone")
    client = Client.objects.get(number="BK-2001")
    assert client.persona.name == "Op weg"
    assert Intake.objects.get(client=client).override_reason == "Oefent al met de kleinzoon."
    logout(page)

    # The coordinator runs the coalition but never opens a client.
    login(page, live_server, "coordinator")
    response = page.goto(f"{live_server.url}/digitaal/clienten/{client.pk}/")
    assert response.status == 404
    assert AccessLogEntry.objects.filter(
        username="coordinator", object_type="digital.client", outcome="denied"
    ).exists()


def test_coordinator_prints_the_menu_for_one_target_group(demo_data, live_server, page):
    login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/digitaal/menukaart/voor-clienten/")
    page.get_by_label("Doelgroep").select_option(label="Ouderen")
    page.get_by_label("Taal").select_option(label="العربية (Arabisch)")
    page.get_by_role("button", name="Menukaart tonen").click()
    page.wait_for_load_state()
    section = page.locator("section.client-menu")
    assert section.get_attribute("dir") == "rtl"
    expect(section.get_by_text("مكالمة فيديو مع مرافقك")).to_be_visible()
    expect(section.get_by_text("Zonder scherm").first).to_be_visible()
    assert_accessible(page, "menu for clients (Arabic)")
    screenshot(page, "digital-menu-arabic")
    link = page.get_by_role("link", name="Afdrukversie (pdf)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_care_worker_logs_a_third_failure_and_sees_the_switch(demo_data, live_server, page):
    page.set_viewport_size(PHONE)
    login(page, live_server, "careworker")
    client = Client.objects.get(number="BK-1004")
    page.goto(f"{live_server.url}/digitaal/clienten/{client.pk}/")
    goal = page.locator("article.goal", has=page.get_by_role("heading", name="De app herinnert"))
    expect(goal.get_by_text("Mislukte pogingen: 2 van 3.")).to_be_visible()
    goal.get_by_label("Het lukte niet").check()
    goal.get_by_label("Korte notitie").fill("Weer geen meldingen.")
    assert_accessible(page, "client with goals")
    fits(page)
    goal.get_by_role("button", name="Poging vastleggen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Derde keer dat het niet lukte")).to_be_visible()
    goal = page.locator("article.goal", has=page.get_by_role("heading", name="De app herinnert"))
    expect(goal.get_by_text("Overgestapt op het analoge alternatief op")).to_be_visible()
    expect(goal.get_by_text("Een weekkaart op de koelkast")).to_be_visible()
    screenshot(page, "digital-switch-phone")
    fits(page)
