"""A coordinator on a phone sets up two-step verification, then logs in with a code."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.browser.helpers import PHONE, assert_accessible, fits, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"


def app_code(key):
    """What an authenticator app shows: the code of the next 30-second step, which the
    server accepts too (one step of tolerance) and which a code just used cannot be."""
    totp = TOTP(key)
    totp.time = time.time() + totp.step
    return f"{totp.token():06d}"


def code_field(page):
    return page.locator('main input[autocomplete="one-time-code"]')


def test_coordinator_sets_up_two_step_verification_on_a_phone(
    coordinator, live_server, page, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    page.set_viewport_size(PHONE)

    login(page, live_server, "coordinator", PASSWORD)
    assert "/accounts/tweestapsverificatie/instellen/" in page.url
    assert page.get_by_role("img").first.get_attribute("alt")
    field = code_field(page)
    assert field.get_attribute("inputmode") == "numeric"
    assert field.evaluate("el => el.labels.length") == 1
    assert_accessible(page, "two-step set-up")
    fits(page)
    screenshot(page, "two-factor-setup-phone")

    # Every other page leads back here until it is done.
    page.goto(f"{live_server.url}/organisaties/")
    assert "/accounts/tweestapsverificatie/instellen/" in page.url

    key = base64.b32decode(page.locator("main code").inner_text().replace(" ", ""))
    field = code_field(page)
    field.fill(f"{TOTP(key).token():06d}")
    field.press("Enter")
    page.wait_for_load_state()
    codes = page.locator("main li code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "recovery codes")
    fits(page)
    screenshot(page, "two-factor-recovery-codes-phone")
    # On to where the coordinator was going.
    page.locator("main .actions a.button").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/organisaties/"

    logout(page)
    login(page, live_server, "coordinator", PASSWORD)
    assert "/accounts/tweestapsverificatie/" in page.url
    assert page.locator("nav.main-nav").count() == 0  # nothing of the account yet
    assert_accessible(page, "code step")
    fits(page)
    screenshot(page, "two-factor-code-phone")

    field = code_field(page)
    field.fill(app_code(key))
    field.press("Enter")
    page.wait_for_load_state()
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("nav.main-nav").count() == 1
