"""The coordinator adds a seat; a steering member adds a scenario step, publishes a decision,
publishes a playbook version and downloads its PDF."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import SCREENSHOTS, assert_accessible, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", verbosity=0)


def open_group(page):
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Regiegroep"
    ).click()
    page.get_by_role("link", name="Regiegroep Zorgcoalitie Amsterdam").click()
    page.wait_for_load_state()


def test_steering_group_journey(demo_data, live_server, page):
    # The coordinator fills the last free seat.
    login(page, live_server, "coordinator")
    open_group(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Regiegroep Zorgcoalitie Amsterdam"
    assert_accessible(page, "group page (coordinator)")
    screenshot(page, "regiegroep-group")
    subnav = page.get_by_role("navigation", name="Onderdelen van de regiegroep")
    subnav.get_by_role("link", name="Zetels").click()
    expect(page.get_by_text("5 van 6 zetels bezet")).to_be_visible()
    expect(page.get_by_role("heading", name="Vroegere leden")).to_be_visible()
    assert_accessible(page, "seats")
    page.get_by_role("link", name="Zetel toevoegen").click()
    page.locator("#id_organisation").select_option(label="Het Zonnehuis")
    page.get_by_label("Vertegenwoordiger").select_option(label="Renée Smit (Het Zonnehuis)")
    page.get_by_label("Rol in de regiegroep").fill("Lid, contact cliëntenraad")
    page.get_by_label("Afgesproken verwachtingen").fill("Bereidt de kwartaaloverleggen voor.")
    page.get_by_label("Structurele uren per week").fill("2")
    assert_accessible(page, "seat form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Zetel toegevoegd.")).to_be_visible()
    expect(page.get_by_text("6 van 6 zetels bezet")).to_be_visible()
    expect(page.get_by_text("De regiegroep is vol")).to_be_visible()
    screenshot(page, "regiegroep-seats")
    logout(page)

    # A steering member adds a step to a scenario.
    login(page, live_server, "steering")
    open_group(page)
    page.get_by_role("navigation", name="Onderdelen van de regiegroep").get_by_role(
        "link", name="Scenario's"
    ).click()
    expect(
        page.get_by_role("table", name="Risicomatrix").or_(page.locator("table.risk-matrix"))
    ).to_be_visible()
    assert_accessible(page, "scenario list")
    screenshot(page, "regiegroep-scenarios")
    page.get_by_role("heading", name="Uitval van een zorglocatie").get_by_role("link").click()
    page.wait_for_load_state()
    form = page.locator("form", has=page.get_by_role("heading", name="Stap toevoegen"))
    form.get_by_label("Moment").select_option(label="Achteraf")
    form.get_by_label("Stap:", exact=True).fill("Nazorg voor bewoners en medewerkers regelen")
    form.get_by_label("Verantwoordelijke rol").fill("Locatiemanager")
    assert_accessible(page, "scenario detail")
    form.get_by_role("button", name="Stap toevoegen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Stap toegevoegd.")).to_be_visible()
    row = page.get_by_role("row", name="Nazorg voor bewoners en medewerkers regelen")
    expect(row.get_by_text("Achteraf")).to_be_visible()
    screenshot(page, "regiegroep-scenario")

    # ... publishes the draft decision, informing the circles (ticked already) in one step.
    page.get_by_role("navigation", name="Onderdelen van de regiegroep").get_by_role(
        "link", name="Besluiten"
    ).click()
    assert_accessible(page, "decision list")
    page.get_by_role("link", name="Reservering van twee noodbedden per organisatie").click()
    page.wait_for_load_state()
    publish = page.locator("form", has=page.get_by_role("button", name="Besluit publiceren"))
    assert publish.get_by_label("Tweede kring").is_checked()
    assert publish.get_by_label("Derde kring").is_checked()
    assert_accessible(page, "decision draft")
    publish.get_by_role("button", name="Besluit publiceren").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Besluit gepubliceerd.")).to_be_visible()
    informed = page.get_by_role("table", name="Wie is geïnformeerd")
    expect(informed.get_by_text("GGD Amsterdam")).to_be_visible()
    expect(informed.get_by_text("Renée Smit (beleid Het Zonnehuis)")).to_be_visible()
    assert page.get_by_role("link", name="Concept bewerken").count() == 0
    assert_accessible(page, "decision published")
    screenshot(page, "regiegroep-decision")

    # ... publishes a new playbook version and downloads its PDF.
    page.get_by_role("navigation", name="Onderdelen van de regiegroep").get_by_role(
        "link", name="Draaiboek"
    ).click()
    page.get_by_label("Wat is er veranderd").fill("Nazorgstap en nieuw lid toegevoegd.")
    assert_accessible(page, "playbook list")
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Draaiboek versie 3"
    assert_accessible(page, "playbook version")
    screenshot(page, "regiegroep-playbook")
    page.get_by_role("link", name="Wat is er veranderd sinds v2").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Nazorg voor bewoners en medewerkers regelen").first).to_be_visible()
    assert_accessible(page, "playbook compare")
    screenshot(page, "regiegroep-playbook-compare")
    page.go_back()
    href = page.get_by_role("link", name="Pdf downloaden").get_attribute("href")
    response = page.context.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "regiegroep-playbook-v3.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "Regiegroep Zorgcoalitie Amsterdam" in text
        assert "Nazorg voor bewoners en medewerkers regelen" in text
        assert "Renée Smit" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(path), str(SCREENSHOTS / "regiegroep-pdf")],
            check=True,
        )
