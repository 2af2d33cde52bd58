"""A coordinator adds a new team lead; the person sees nothing until a team lead of the
organisation confirms it on their phone; the grant then shows on the organisation's page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.models import AccessGrant
from tests.browser.helpers import assert_accessible, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def fits(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{page.url} is {overflow}px wide at {width}px"


def test_a_new_team_lead_waits_for_a_second_person(demo_data, live_server, page):
    # 1. The coordinator adds a person with the team-lead role in Wonen De Pijp.
    login(page, live_server, "coordinator")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mensen").click()
    assert_accessible(page, "people list")
    page.get_by_role("link", name="Persoon toevoegen").click()
    page.get_by_label("Gebruikersnaam").fill("noor")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Hendriks")
    page.get_by_label("E-mailadres").fill("noor@coalitie.example")
    page.get_by_label("Teamleider", exact=True).check()
    page.get_by_label("Wonen De Pijp (Amstelzorg)", exact=True).check()
    page.get_by_label("Waarom (voor wie bevestigt)").fill("Noor volgt Tom op.")
    assert_accessible(page, "person form")
    screenshot(page, "access-person-form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("krijgt per e-mail een uitnodiging")).to_be_visible()
    expect(
        page.get_by_text("als een tweede persoon van de organisatie het goed vindt")
    ).to_be_visible()
    assert_accessible(page, "person detail")
    noor = get_user_model().objects.get(username="noor")
    assert not noor.groups.filter(name="team_lead").exists()
    grant = AccessGrant.objects.get(subject=noor)
    # The coordinator cannot confirm their own request: no button.
    page.goto(f"{live_server.url}{grant.get_absolute_url()}")
    assert page.get_by_role("button", name="Bevestigen voor Amstelzorg").count() == 0
    logout(page)

    # 2. Tom, team lead at Amstelzorg, confirms it from his dashboard on a phone.
    page.set_viewport_size(PHONE)
    login(page, live_server, "teamlead")
    fits(page, PHONE["width"])
    page.get_by_role("link", name="Noor Hendriks krijgt de rol Teamleider").click()
    expect(page.get_by_text("Noor volgt Tom op.")).to_be_visible()
    expect(page.get_by_text("noor@coalitie.example")).to_be_visible()
    assert_accessible(page, "access request")
    fits(page, PHONE["width"])
    screenshot(page, "access-request-phone")
    page.get_by_role("button", name="Bevestigen voor Amstelzorg").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Bevestigd. De wijziging is doorgevoerd.")).to_be_visible()
    assert noor.groups.filter(name="team_lead").exists()

    # 3. The grant is on record on the organisation's page.
    page.goto(f"{live_server.url}/organisaties/")
    page.get_by_role("link", name="Amstelzorg").click()
    page.get_by_role("link", name="Wie kreeg inzage in onze gegevens").click()
    expect(page.get_by_role("link", name="Noor Hendriks krijgt de rol Teamleider")).to_be_visible()
    assert_accessible(page, "organisation access page")
    fits(page, PHONE["width"])
    screenshot(page, "access-organisation-phone")
    logout(page)


def test_the_waiting_demo_request_is_refused_with_a_reason(demo_data, live_server, page):
    login(page, live_server, "workgroup")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Toegangsverzoeken"
    ).click()
    assert_accessible(page, "access requests")
    page.get_by_role("link", name="Daan Mulder krijgt de rol Teamleider").first.click()
    # Refusing without a reason keeps the page and says what is missing.
    page.get_by_role("button", name="Verzoek weigeren").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Zeg kort waarom")).to_be_visible()
    assert_accessible(page, "refusal with error")
    page.get_by_label("Waarom weiger je?").fill("Daan valt alleen een week in; dat kan zonder.")
    page.get_by_role("button", name="Verzoek weigeren").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Geweigerd.")).to_be_visible()
    assert AccessGrant.objects.get(subject__username="employee2").status == "rejected"
