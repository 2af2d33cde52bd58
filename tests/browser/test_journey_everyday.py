"""Everyday things on a phone: search from the menu, help for the part you are in, and a
destructive action that asks first and changes nothing when you say no."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from regiegroep.models import Scenario
from tests.browser.helpers import PHONE, assert_accessible, fits, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", verbosity=0)


def open_menu(page):
    menu = page.locator("header .menu-toggle")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()


def test_search_and_help_on_a_phone(demo_data, live_server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, live_server, "workgroup")

    open_menu(page)
    search = page.get_by_role("search").get_by_role("searchbox", name="Zoeken")
    search.fill("camera huiskamer")
    search.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Zoeken")).to_be_visible()
    results = page.get_by_role("region", name="Dilemmacasussen")
    expect(results.get_by_role("link", name="Camera in de huiskamer")).to_be_visible()
    fits(page)
    assert_accessible(page, "search results (phone)")
    screenshot(page, "everyday-search-phone")

    page.get_by_role("searchbox", name="Zoek naar").fill("qwxzyv")
    page.get_by_role("main").get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Niets gevonden voor")).to_be_visible()

    # Help from a page of moral deliberation leads to the help of that part.
    page.goto(f"{live_server.url}/dilemmas/")
    open_menu(page)
    page.get_by_role("link", name="Hulp").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Moreel beraad")).to_be_visible()
    topics = page.get_by_role("navigation", name="Onderwerpen van de hulp")
    assert topics.get_by_role("link", name="Moreel beraad").get_attribute("aria-current") == "page"
    fits(page)
    assert_accessible(page, "help page (phone)")
    screenshot(page, "everyday-help-phone")
    context.close()


def test_removing_a_step_asks_first(demo_data, live_server, page):
    scenario = Scenario.objects.filter(steps__isnull=False).distinct().first()
    steps_before = scenario.steps.count()
    login(page, live_server, "steering")
    page.goto(f"{live_server.url}{scenario.get_absolute_url()}")
    remove = page.locator("form[data-confirm][action*='/stappen/'] button").first

    questions = []

    def say_no(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_no)
    remove.click()
    page.wait_for_timeout(300)
    assert questions and "stappenplan" in questions[0]
    assert scenario.steps.count() == steps_before

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    page.wait_for_load_state()
    assert scenario.steps.count() == steps_before - 1
