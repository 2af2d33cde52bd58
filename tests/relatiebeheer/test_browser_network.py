"""A relationship manager on a phone opens the network picture (drawn from the page's JSON
under the strict CSP, with a legend, the table scrolling in its own box) and shares a
success on the wall, first with an empty title, then takes it off again.

Selectors use names and ids, not words: the Dutch translations come later."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coalition import roles
from relatiebeheer.models import Category, Partner, Priority, Success
from relatiebeheer.services.partners import partner_save
from tests.browser.helpers import PHONE, assert_accessible, fits, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.coalition.factories.UserFactory


@pytest.fixture
def network(organisation, other_organisation, relationship_manager, make_person):
    """Fourteen partners of Amstelzorg in three categories, one shared by another."""
    today = timezone.localdate()
    categories = [
        Category.objects.create(organisation=organisation, name=name)
        for name in ("Gemeente", "Huisartsen", "Welzijn")
    ]
    for number in range(14):
        partner_save(
            partner=Partner(
                organisation=organisation,
                category=categories[number % 3],
                name=f"Partner {number:02} met een lange naam",
                priority=[Priority.HIGH, Priority.MEDIUM, Priority.LOW][number % 3],
                last_contact_on=today - timedelta(days=number * 4) if number % 5 else None,
            ),
            actor=relationship_manager,
        )
    other_manager = make_person(roles.RELATIONSHIP_MANAGER, other_organisation, username="other")
    partner_save(
        partner=Partner(
            organisation=other_organisation,
            category=Category.objects.create(organisation=other_organisation, name="GGD"),
            name="GGD Amsterdam",
            shared=True,
            last_contact_on=today,
        ),
        actor=other_manager,
    )
    return relationship_manager


def watch_console(page):
    """Script errors and the CSP's refusals in the console, and files that failed to load
    (the browser's own favicon request aside; a form refused with 400 is expected)."""
    errors = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            if not response.url.endswith("/favicon.ico"):
                errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", on_response)
    return errors


def test_network_picture_on_a_phone(network, live_server, page):
    errors = watch_console(page)
    page.set_viewport_size(PHONE)
    login(page, live_server, "relations", PASSWORD)
    page.goto(f"{live_server.url}/relatiebeheer/netwerk/")

    picture = page.locator("#network-picture")
    picture.and_(page.locator("[data-drawn]")).wait_for()
    # The organisation, three category hubs and fifteen partners.
    assert picture.get_attribute("data-drawn") == str(1 + 4 + 15)
    expect(page.locator("#network-figure")).to_be_visible()
    assert picture.get_attribute("aria-hidden") == "true"
    box = picture.locator("canvas").first.bounding_box()
    assert box and 0 < box["width"] <= PHONE["width"] and box["height"] > 200
    assert page.locator(".network-legend li").count() == 6

    # The table holds the same partners and scrolls inside its own box, not the page.
    assert page.locator(".network-table tbody tr").count() == 15
    wrap = page.locator(".network-table")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    fits(page)
    assert_accessible(page, "network picture")
    screenshot(page, "relatiebeheer-network-phone")

    # Turned to landscape, the picture follows its box.
    page.set_viewport_size({"width": 844, "height": 390})
    page.wait_for_timeout(400)
    wide = picture.locator("canvas").first.bounding_box()
    assert wide["width"] > box["width"]
    assert not errors, errors


def test_share_and_take_off_a_success_on_a_phone(network, live_server, page):
    errors = watch_console(page)
    page.set_viewport_size(PHONE)
    login(page, live_server, "relations", PASSWORD)
    page.goto(f"{live_server.url}/relatiebeheer/successen/delen/")
    assert_accessible(page, "share a success")

    story = "De huisarts belde zelf terug en samen vonden we binnen een dag een plek."
    page.locator("[name=story]").fill(story)
    page.locator("[name=partner]").select_option(label="GGD Amsterdam")
    page.locator(".success-form button[type=submit]").click()
    page.wait_for_load_state()
    # Refused next to the field, the story and the partner kept, focus on the error.
    assert page.locator(".field-invalid [name=title]").count() == 1
    assert page.locator("[name=story]").input_value() == story
    assert page.locator("[name=partner] option:checked").inner_text() == "GGD Amsterdam"
    assert_accessible(page, "share a success with an error")
    fits(page)

    page.locator("[name=title]").fill("Snel een plek gevonden")
    page.locator(".success-form button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator(".success-card").filter(has_text="Snel een plek gevonden")
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name="GGD Amsterdam")).to_be_visible()
    assert_accessible(page, "successes wall")
    fits(page)
    screenshot(page, "relatiebeheer-wall-phone")

    # Taking it off asks first; declining keeps it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    card.locator(".success-delete button").click()
    assert Success.objects.count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    card.locator(".success-delete button").click()
    page.wait_for_load_state()
    assert page.locator(".success-card").count() == 0
    assert not Success.objects.exists()
    assert not errors, errors
