"""Two-step verification: who must use it, setting it up, the code step after the password,
recovery codes, wrong codes and the lockout, and turning it on or off from the profile
(coalition.accounts, coalition.views.profile)."""

import base64
import datetime
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition import accounts, roles
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
NINE = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)
VERIFY = "/accounts/tweestapsverificatie/"
SETUP = "/accounts/tweestapsverificatie/instellen/"
DISABLE = "/accounts/tweestapsverificatie/uitzetten/"
DASHBOARD = "/"
PROFILE = "/mijn-profiel/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(NINE, tick=False) as traveller:
        yield traveller


def login(c, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return c.post(reverse("login"), data)


def code_for(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def secret_on(page):
    """The key the set-up page shows for typing into an app (groups of four)."""
    shown = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    return base64.b32decode(shown)


def set_up(c, clock):
    """Set up two-step verification as a person does: read the key off the page, let the
    app compute its code, confirm it. Returns the recovery codes shown."""
    page = c.get(SETUP).content.decode()
    key = secret_on(page)
    code = f"{TOTP(key).token():06d}"
    response = c.post(SETUP, {"code": code})
    assert response.status_code == 200, response.content.decode()[:800]
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    clock.shift(timedelta(seconds=31))  # the app's next code
    return codes


@pytest.fixture
def with_device(clock):
    """set_up(user) -> recovery codes: a person who has set up two-step verification."""

    def make(user):
        c = Client()
        login(c, user.username)
        codes = set_up(c, clock)
        c.post(reverse("logout"))
        return codes

    return make


# --- Who must use it ---

MUST = ["coordinator", "team_lead", "working_group_member", "intake_staff", "care_worker"]
MAY = ["employee", "steering_member", "relationship_manager"]


@pytest.mark.parametrize("person", MUST)
def test_roles_that_see_confidential_records_must_set_it_up(request, person):
    user = request.getfixturevalue(person)
    response = login(Client(), user.username)
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_a_privacy_officer_must_set_it_up(organisation, make_person):
    make_person(roles.PRIVACY_OFFICER, organisation, username="privacy")
    assert login(Client(), "privacy").url.startswith(SETUP)


def test_a_superuser_must_set_it_up():
    UserFactory(username="root", is_superuser=True, is_staff=True)
    assert login(Client(), "root").url.startswith(SETUP)


@pytest.mark.parametrize("person", MAY)
def test_other_roles_go_straight_in(request, person):
    user = request.getfixturevalue(person)
    c = Client()
    response = login(c, user.username)
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert c.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("person", MUST)
def test_with_the_setting_off_nobody_must(settings, request, person):
    settings.TWO_FACTOR_REQUIRED = False
    user = request.getfixturevalue(person)
    response = login(Client(), user.username)
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)


def test_with_the_setting_off_someone_who_turned_it_on_still_gives_a_code(
    settings, employee, with_device
):
    with_device(employee)
    settings.TWO_FACTOR_REQUIRED = False
    assert login(Client(), "employee").url.startswith(VERIFY)


def test_required_by_default_only_with_debug_off():
    # `make run` (DEBUG on) keeps the demo easy; production settings require it.
    import subprocess
    import sys

    def required_with(**env):
        code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
        base = {"DJANGO_SETTINGS_MODULE": "coalition.settings", "PATH": "/usr/bin:/bin"}
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**base, "SECRET_KEY": "x", "SITE_URL": "https://c.example.org", **env},
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=True,
        )
        return result.stdout.strip()

    assert required_with(DEBUG="false") == "True"
    assert required_with(DEBUG="true") == "False"
    assert required_with(DEBUG="false", TWO_FACTOR_REQUIRED="false") == "False"


# --- Until the second step is done ---


@pytest.mark.parametrize("path", [DASHBOARD, PROFILE, "/zoeken/?q=de", "/organisaties/"])
def test_every_page_leads_to_the_set_up_until_it_is_done(coordinator, path):
    c = Client()
    login(c, "coordinator")
    response = c.get(path)
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_every_page_leads_to_the_code_step_until_it_is_done(coordinator, with_device):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    for path in [DASHBOARD, PROFILE, SETUP, DISABLE]:
        response = c.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(VERIFY), path
    assert c.post(PROFILE, {}).url == VERIFY


def test_logging_out_and_the_language_switch_stay_open(coordinator):
    c = Client()
    login(c, "coordinator")
    response = c.post(reverse("set_language"), {"language": "en", "next": SETUP})
    assert response.status_code == 302
    assert response.url == SETUP
    key = c.cookies[settings.SESSION_COOKIE_NAME].value
    assert c.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_the_step_shows_nothing_of_the_account(coordinator, with_device):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    page = c.get(VERIFY).content.decode()
    assert coordinator.get_full_name() not in page
    assert 'id="main-nav"' not in page
    assert reverse("logout") in page  # the way out stays


def test_a_forced_login_also_has_to_do_the_step(client_for, coordinator):
    """Every way in (here the test client's, like the admin's) records the step."""
    response = client_for(coordinator).get(DASHBOARD)
    assert response.url.startswith(SETUP)


# --- Setting it up ---


def test_set_up_with_a_code_from_the_app_shows_ten_recovery_codes_once(coordinator, clock):
    c = Client()
    response = login(c, "coordinator", next_url="/organisaties/")
    assert response.url == f"{SETUP}?next=%2Forganisaties%2F"
    page = c.get(response.url).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code
    assert "/organisaties/" in page
    assert not TOTPDevice.objects.filter(user=coordinator).exists()  # looking stores nothing

    key = secret_on(page)
    response = c.post(SETUP, {"code": f"{TOTP(key).token():06d}", "next": "/organisaties/"})
    assert response.status_code == 200
    body = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", body)
    assert len(codes) == 10 == len(set(codes))
    assert 'href="/organisaties/"' in body
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed and device.bin_key == key
    # Set up is logged in: the pages open, and the codes are never shown again.
    assert c.get("/organisaties/").status_code == 200
    assert c.get(SETUP).url == PROFILE
    assert codes[0] not in c.get(PROFILE, follow=True).content.decode()


def test_the_same_key_is_offered_until_it_is_confirmed(coordinator):
    c = Client()
    login(c, "coordinator")
    assert secret_on(c.get(SETUP).content.decode()) == secret_on(c.get(SETUP).content.decode())


def test_a_wrong_code_does_not_set_it_up(coordinator, clock):
    c = Client()
    login(c, "coordinator")
    key = secret_on(c.get(SETUP).content.decode())
    wrong = f"{(TOTP(key).token() + 1) % 1_000_000:06d}"
    with translation.override("en"):
        response = c.post(SETUP, {"code": wrong})
    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert c.get(DASHBOARD).url.startswith(SETUP)


# --- The code step ---


def test_a_person_with_a_device_logs_in_with_a_code(coordinator, with_device, clock):
    with_device(coordinator)
    c = Client()
    response = login(c, "coordinator", next_url="/organisaties/")
    assert response.url == f"{VERIFY}?next=%2Forganisaties%2F"
    device = TOTPDevice.objects.get(user=coordinator)
    response = c.post(VERIFY, {"code": code_for(device), "next": "/organisaties/"})
    assert response.status_code == 302
    assert response.url == "/organisaties/"
    assert c.get(DASHBOARD).status_code == 200


def test_a_code_works_once(coordinator, with_device, clock):
    with_device(coordinator)
    device = TOTPDevice.objects.get(user=coordinator)
    code = code_for(device)
    first, second = Client(), Client()
    login(first, "coordinator")
    login(second, "coordinator")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 400


def test_a_wrong_code_is_refused(coordinator, with_device, clock):
    with_device(coordinator)
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    c = Client()
    login(c, "coordinator")
    with translation.override("en"):
        response = c.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert c.get(DASHBOARD).url.startswith(VERIFY)


def test_a_bad_next_after_the_code_goes_to_the_dashboard(coordinator, with_device, clock):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    device = TOTPDevice.objects.get(user=coordinator)
    response = c.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.url == DASHBOARD


def test_too_many_wrong_codes_lock_the_user_name_like_wrong_passwords(
    coordinator, with_device, clock
):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    key = c.cookies[settings.SESSION_COOKIE_NAME].value
    statuses = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(timedelta(seconds=31))  # past django-otp's own growing wait
        statuses.append(c.post(VERIFY, {"code": "000000"}).status_code)
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The half-done session is over, and the password alone no longer lets in.
    assert not Session.objects.filter(session_key=key).exists()
    assert login(Client(), "coordinator").status_code == 429
    clock.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert login(Client(), "coordinator").status_code == 302


def test_a_good_code_clears_the_failed_attempts(coordinator, with_device, clock):
    with_device(coordinator)
    device = TOTPDevice.objects.get(user=coordinator)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        c = Client()
        login(c, "coordinator")
        clock.shift(timedelta(seconds=31))
        c.post(VERIFY, {"code": "000000"})
    c = Client()
    login(c, "coordinator")
    clock.shift(timedelta(seconds=31))
    device.refresh_from_db()
    assert c.post(VERIFY, {"code": code_for(device)}).status_code == 302
    c.post(reverse("logout"))
    c = Client()
    login(c, "coordinator")
    clock.shift(timedelta(seconds=31))
    assert c.post(VERIFY, {"code": "000000"}).status_code == 400  # not locked


# --- Recovery codes ---


def test_a_recovery_code_works_once(coordinator, with_device, clock):
    codes = with_device(coordinator)
    assert len(codes) == 10
    c = Client()
    login(c, "coordinator")
    response = c.post(VERIFY, {"recovery_code": codes[0].upper()})
    assert response.status_code == 302
    assert c.get(DASHBOARD).status_code == 200
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9
    c.post(reverse("logout"))

    again = Client()
    login(again, "coordinator")
    clock.shift(timedelta(seconds=5))
    with translation.override("en"):
        response = again.post(VERIFY, {"recovery_code": codes[0]})
    assert response.status_code == 400
    assert "Deze herstelcode klopt niet of is al gebruikt." in response.content.decode()
    assert again.get(DASHBOARD).url.startswith(VERIFY)


def test_setting_up_again_replaces_the_recovery_codes(employee, with_device, clock):
    old = with_device(employee)
    c = Client()
    login(c, "employee")
    c.post(VERIFY, {"recovery_code": old[0]})
    c.post(DISABLE, {"code": code_for(TOTPDevice.objects.get(user=employee))})
    new = set_up(c, clock)
    tokens = set(StaticToken.objects.filter(device__user=employee).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


# --- Optional for everyone else, from the profile ---


def test_the_profile_offers_to_turn_it_on(client_for, employee):
    settings_off = client_for(employee)
    with translation.override("en"):
        page = settings_off.get(PROFILE).content.decode()
    assert "Tweestapsverificatie aanzetten" in page
    assert f'href="{SETUP}"' in page


def test_someone_who_may_turns_it_on_and_then_logs_in_with_a_code(employee, clock):
    c = Client()
    login(c, "employee")
    set_up(c, clock)
    with translation.override("en"):
        page = c.get(PROFILE).content.decode()
    assert "Tweestapsverificatie uitzetten" in page
    assert "Nog 10 herstelcodes over." in page
    c.post(reverse("logout"))
    assert login(Client(), "employee").url.startswith(VERIFY)


def test_turning_it_off_needs_a_current_code(employee, with_device, clock):
    with_device(employee)
    c = Client()
    login(c, "employee")
    device = TOTPDevice.objects.get(user=employee)
    c.post(VERIFY, {"code": code_for(device)})
    clock.shift(timedelta(seconds=31))

    assert c.post(DISABLE, {"code": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=employee).exists()
    clock.shift(timedelta(seconds=31))
    device.refresh_from_db()
    response = c.post(DISABLE, {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == PROFILE
    assert not TOTPDevice.objects.filter(user=employee).exists()
    assert not StaticToken.objects.filter(device__user=employee).exists()
    assert c.get(DASHBOARD).status_code == 200
    c.post(reverse("logout"))
    assert login(Client(), "employee").url == reverse(settings.LOGIN_REDIRECT_URL)


def test_someone_who_must_use_it_cannot_turn_it_off(coordinator, with_device, clock):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    device = TOTPDevice.objects.get(user=coordinator)
    c.post(VERIFY, {"code": code_for(device)})
    with translation.override("en"):
        page = c.get(PROFILE).content.decode()
    assert "Voor je rol is de tweestapsverificatie nodig." in page
    assert "Tweestapsverificatie uitzetten" not in page
    clock.shift(timedelta(seconds=31))
    device.refresh_from_db()
    response = c.post(DISABLE, {"code": code_for(device)})
    assert response.url == PROFILE
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_the_code_step_is_only_for_those_who_have_one(client_for, employee):
    response = client_for(employee).get(f"{VERIFY}?next=/organisaties/")
    assert response.status_code == 302
    assert response.url == "/organisaties/"


def test_the_pages_need_a_login(client):
    for path in [VERIFY, SETUP, DISABLE]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- The pages ---


def test_the_code_field_is_made_for_one_time_codes(coordinator, with_device):
    with_device(coordinator)
    c = Client()
    login(c, "coordinator")
    page = c.get(VERIFY).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', page).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert '<label for="id_code"' in page
    assert '<label for="id_recovery_code"' in page
    assert '<html lang="nl">' in page


def test_the_set_up_page_has_a_described_qr_code_and_a_labelled_field(coordinator):
    c = Client()
    login(c, "coordinator")
    with translation.override("en"):
        page = c.get(SETUP).content.decode()
    assert re.search(r'<img src="data:image/svg\+xml[^"]*" alt="[^"]+"', page)
    assert '<label for="id_code"' in page
    assert 'autocomplete="one-time-code"' in page


def test_the_step_is_recorded_for_the_session_not_looked_up_on_each_page(
    employee, with_device, clock
):
    """After the step, a page costs no query for devices."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with_device(employee)
    c = Client()
    login(c, "employee")
    c.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=employee))})
    c.get(PROFILE)
    with CaptureQueriesContext(connection) as queries:
        c.get(DASHBOARD)
    assert not [q for q in queries if "otp_" in q["sql"]]
    assert c.session[accounts.STEP_KEY] == accounts.STEP_DONE
