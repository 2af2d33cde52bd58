"""Log in as the coordinator, see the dashboard, switch to English and back."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", verbosity=0)


def test_coordinator_dashboard_and_language_switch(demo_data, live_server, page):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page, "login page")

    login(page, live_server, "coordinator")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fijn dat je er bent")
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    for label in ["Vandaag", "Regiegroep", "Moreel beraad", "Digitaal aanbod", "Relatiebeheer"]:
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    assert_accessible(page, "dashboard (nl)")
    screenshot(page, "core-dashboard-nl")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Good to see you")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    assert_accessible(page, "dashboard (en)")
    screenshot(page, "core-dashboard-en")

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fijn dat je er bent")


def test_keyboard_user_can_skip_to_content(demo_data, live_server, page):
    login(page, live_server, "employee")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_after_a_failed_login_focus_goes_to_the_error(demo_data, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    focused = page.evaluate("document.activeElement.className")
    assert "form-errors" in focused
    assert page.get_by_label("Gebruikersnaam").input_value() == "coordinator"
    assert_accessible(page, "login with error")


def test_pages_reflow_on_a_small_screen(demo_data, live_server, page):
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, live_server, "coordinator")
    for path in ["/", "/organisaties/", "/inzagelog/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 320, f"{path} is {overflow}px wide at 320px"
