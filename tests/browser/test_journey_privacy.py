"""A client asks for their data, on a phone: the privacy officer asks for a copy, a second
person of the client's organisation confirms (told first that nothing can be undone when it
is an erasure), and the officer downloads the copy."""

import json
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from digital.models import Client
from tests.browser.helpers import PHONE, assert_accessible, fits, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", verbosity=0)


def test_a_copy_asked_confirmed_and_downloaded_on_a_phone(demo_data, live_server, browser):
    number = Client.objects.order_by("-number").values_list("number", flat=True).first()
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    phone = context.new_page()
    login(phone, live_server, "privacy")
    phone.goto(f"{live_server.url}/privacy/")
    expect(phone.get_by_role("heading", level=1, name="Privacyverzoeken")).to_be_visible()
    expect(phone.get_by_role("heading", name="Bewaartermijnen")).to_be_visible()
    fits(phone)
    assert_accessible(phone, "privacy requests (phone)")
    screenshot(phone, "privacy-requests-phone")

    phone.get_by_role("link", name="Nieuw privacyverzoek").click()
    phone.get_by_label("Een kopie van alle gegevens (recht op inzage)").check()
    phone.get_by_label("Een cliënt").check()
    phone.get_by_label("Organisatie van de cliënt").select_option(label="Buurtkracht Sociaal Werk")
    phone.get_by_label("Cliëntnummer").fill("BK-0000")
    phone.get_by_label("Kenmerk van het verzoek").fill("mail van 28 november")
    phone.get_by_role("button", name="Vraag om bevestiging").click()
    # A number the organisation does not have: said next to the field, the rest kept.
    expect(phone.get_by_text("Deze organisatie heeft geen cliënt met dit nummer.")).to_be_visible()
    assert phone.get_by_label("Kenmerk van het verzoek").input_value() == "mail van 28 november"
    fits(phone)
    assert_accessible(phone, "privacy request form with an error (phone)")
    phone.get_by_label("Cliëntnummer").fill(number)
    phone.get_by_role("button", name="Vraag om bevestiging").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("wacht op bevestiging").first).to_be_visible()
    request_url = phone.url
    fits(phone)
    assert_accessible(phone, "privacy request waiting (phone)")
    screenshot(phone, "privacy-request-waiting-phone")
    logout(phone)

    # The working-group member works for Buurtkracht and confirms for it.
    login(phone, live_server, "workgroup")
    phone.goto(request_url.replace("/privacy/", "/toegang/"))
    phone.get_by_role("button", name="Bevestigen voor Buurtkracht Sociaal Werk").click()
    phone.wait_for_load_state()
    logout(phone)

    login(phone, live_server, "privacy")
    phone.goto(request_url)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download als JSON").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert number in data["subject"]
    fits(phone)
    assert_accessible(phone, "privacy request confirmed (phone)")
    screenshot(phone, "privacy-request-confirmed-phone")
    context.close()


def test_my_own_data_as_pdf_is_made_for_me_and_then_downloaded(
    demo_data, live_server, browser, tmp_path
):
    """A team lead asks for their own data as PDF on a phone: a worker makes it (here in
    the server, after the request's commit), the profile then offers it for a day."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    phone = context.new_page()
    login(phone, live_server, "teamlead")
    phone.goto(f"{live_server.url}/mijn-profiel/")
    expect(phone.get_by_role("link", name="Download als PDF")).to_have_count(0)
    phone.get_by_role("button", name="PDF maken").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Daarna kun je hem hier downloaden.")).to_be_visible()
    # Made in-process before the redirect's page was drawn: it is offered at once.
    expect(phone.get_by_text("Je kunt hem downloaden tot")).to_be_visible()
    fits(phone)
    assert_accessible(phone, "own data ready (phone)")
    screenshot(phone, "own-data-ready-phone")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download als PDF").click()
    path = tmp_path / "own.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Gegevens van" in text and "teamlead" in text
    context.close()
