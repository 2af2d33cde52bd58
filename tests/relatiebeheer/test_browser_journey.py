"""The relationship manager imports partners from a social-map CSV on a phone, then logs a
contact that brings an overdue partner back in rhythm."""

import pytest

from relatiebeheer.models import Health, ImportBatch, Partner
from tests.browser.helpers import PHONE, assert_accessible, fits, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Naam;Plaats;Rubriek;Prioriteit\n"
    "Huisartsenpraktijk Holendrecht-Oost;Amsterdam-Zuidoost;Huisartsen en apotheken;1\n"
    ";Amsterdam;Ziekenhuizen;2\n"
    "Buurtzorg Zuidoost;Amsterdam-Zuidoost;Thuiszorg en wijkteams;2\n"
    "Café de Verbinding;Amsterdam-Zuidoost;Welzijn en vrijwilligers;3\n"
)


def test_import_a_csv_and_clear_an_overdue_partner(demo_data, live_server, page, tmp_path):
    page.set_viewport_size(PHONE)
    login(page, live_server, "relations")
    page.goto(f"{live_server.url}/relatiebeheer/import/nieuw/")
    assert_accessible(page, "import upload")
    upload = tmp_path / "sociale-kaart.csv"
    upload.write_bytes(CSV.encode("cp1252"))  # the way Dutch Excel saves a CSV
    page.locator("#id_file").set_input_files(str(upload))
    page.locator("main form button.button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_accessible(page, "import columns")
    fits(page)
    page.locator("main form button.button[type=submit]").first.click()
    page.wait_for_load_state()
    # The dry run: one new partner, one bad row by line number, one likely duplicate.
    body = page.content()
    assert "Café de Verbinding" in body
    assert not Partner.objects.filter(name="Café de Verbinding").exists()
    assert_accessible(page, "import preview")
    screenshot(page, "relatiebeheer-import-preview-phone")
    page.locator("main form button.button[type=submit]").first.click()
    page.wait_for_load_state()
    batch = ImportBatch.objects.get()
    assert Partner.objects.filter(import_batch=batch, name="Café de Verbinding").exists()
    assert not Partner.objects.filter(import_batch=batch, name="").exists()
    assert not Partner.objects.filter(import_batch=batch, name="Buurtzorg Zuidoost").exists()

    # An overdue partner: log the contact, and it is in rhythm again.
    from django.utils import timezone

    today = timezone.localdate()
    overdue = next(
        p
        for p in Partner.objects.filter(assignments__manager__username="relations")
        if p.health(today) != Health.GREEN
    )
    page.goto(f"{live_server.url}/relatiebeheer/partners/{overdue.pk}/")
    assert_accessible(page, "partner detail")
    fits(page)
    page.locator("#id_contact-kind").select_option("call")
    page.locator("#id_contact-summary").fill("Gebeld over de overdracht bij ontslag.")
    page.locator("form[action$='/contact/'] button[type=submit]").click()
    page.wait_for_load_state()
    overdue.refresh_from_db()
    assert overdue.last_contact_on == today
    assert overdue.health(today) == Health.GREEN
    screenshot(page, "relatiebeheer-partner-phone")
    fits(page)
