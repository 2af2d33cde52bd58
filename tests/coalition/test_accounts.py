"""Sessions and accounts: the idle timeout, logging out on the server, a new session key at
login, and accounts nobody uses being deactivated (coalition.accounts)."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from coalition import accounts, roles
from coalition.models import Notification
from coalition.sweeps import deactivate_inactive_accounts
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "secret-pass-123"
NINE = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)
PROFILE = "/mijn-profiel/"


@pytest.fixture(autouse=True)
def idle_timeout_of_the_app(settings):
    """The suite's conftest lengthens the idle timeout; here it is the app's own."""
    from coalition import settings as app_settings

    settings.SESSION_IDLE_MINUTES = app_settings.SESSION_IDLE_MINUTES


def logged_in(username):
    """A client that logged in through the login page, as a person does."""
    c = Client()
    response = c.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return c


def session_key(c):
    return c.cookies[settings.SESSION_COOKIE_NAME].value


# --- Idle timeout ---


def test_idle_timeout_is_thirty_minutes_by_default():
    from coalition import settings as app_settings

    assert app_settings.SESSION_IDLE_MINUTES == 30


@pytest.mark.parametrize(("minutes", "still_in"), [(29, True), (31, False)])
def test_a_session_ends_after_thirty_idle_minutes(employee, minutes, still_in):
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        assert c.get(PROFILE).status_code == 200
        traveller.shift(timedelta(minutes=minutes))
        response = c.get(PROFILE)
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={PROFILE}"
        assert not Session.objects.filter(session_key=session_key(c)).exists()


def test_after_the_idle_timeout_the_login_page_says_why(employee):
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        traveller.shift(timedelta(minutes=31))
        with translation.override("en"):
            page = c.get(PROFILE, follow=True).content.decode()
    assert "Je bent uitgelogd omdat je een tijd niets deed." in page
    assert 'name="username"' in page


def test_each_request_restarts_the_idle_clock(employee):
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        for _ in range(4):
            traveller.shift(timedelta(minutes=20))
            assert c.get(PROFILE).status_code == 200


def test_the_idle_timeout_follows_its_setting(employee, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        traveller.shift(timedelta(minutes=6))
        assert c.get(PROFILE).status_code == 302


def test_the_last_activity_is_written_at_most_once_a_minute(employee):
    """Most requests cost no session write: the stamp moves only when a minute has passed."""
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        stamp = c.session[accounts.LAST_ACTIVITY_KEY]
        traveller.shift(timedelta(seconds=50))
        c.get(PROFILE)
        assert c.session[accounts.LAST_ACTIVITY_KEY] == stamp
        traveller.shift(timedelta(seconds=20))
        c.get(PROFILE)
        assert c.session[accounts.LAST_ACTIVITY_KEY] == stamp + 70


def test_a_page_costs_no_session_write_within_the_minute(employee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        c.get(PROFILE)
        traveller.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            c.get(PROFILE)
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []


def test_a_busy_session_still_ends_after_a_working_day(employee):
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        for _ in range(int(settings.SESSION_COOKIE_AGE / 60 / 20) - 1):
            traveller.shift(timedelta(minutes=20))
            assert c.get(PROFILE).status_code == 200
        traveller.shift(timedelta(minutes=25))
        response = c.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_htmx_request_after_the_timeout_goes_to_the_login_page_whole(employee):
    with time_machine.travel(NINE, tick=False) as traveller:
        c = logged_in("employee")
        traveller.shift(timedelta(minutes=31))
        response = c.get(PROFILE, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login")


def test_people_not_logged_in_are_left_alone(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# --- Logging in and out ---


def test_logout_ends_the_session_on_the_server(employee):
    c = logged_in("employee")
    key = session_key(c)
    assert Session.objects.filter(session_key=key).exists()
    response = c.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, opens nothing.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get(PROFILE).status_code == 302


def test_logout_is_post_only(client_for, employee):
    assert client_for(employee).get(reverse("logout")).status_code == 405


def test_logging_in_gives_a_new_session_key(client, employee):
    """A session key someone planted before the login (session fixation) is worth nothing."""
    session = client.session
    session["before-login"] = "x"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = client.post(reverse("login"), {"username": "employee", "password": PASSWORD})
    assert response.status_code == 302
    after = session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()["_auth_user_id"] == str(employee.pk)


# --- Accounts nobody uses ---

DAY = datetime.datetime(2025, 6, 1, 2, 30, tzinfo=datetime.UTC)


@pytest.fixture
def idle_employee(organisation, make_person):
    person = make_person(roles.EMPLOYEE, organisation, username="sanne")
    User.objects.filter(pk=person.pk).update(last_login=DAY - timedelta(days=90))
    return person


def run_on(moment):
    with time_machine.travel(moment, tick=False):
        return deactivate_inactive_accounts()


def test_inactive_after_ninety_days_by_default():
    from coalition import settings as app_settings

    assert app_settings.ACCOUNT_INACTIVE_DAYS == 90


def test_an_account_is_kept_the_day_before_the_cut_off(idle_employee):
    assert run_on(DAY - timedelta(days=1)) == 0
    idle_employee.refresh_from_db()
    assert idle_employee.is_active


def test_an_account_unused_for_ninety_days_is_deactivated_on_the_cut_off_day(
    idle_employee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_on(DAY) == 1
    idle_employee.refresh_from_db()
    assert not idle_employee.is_active
    # The person hears it by e-mail, whatever they chose for notifications.
    assert [m.to for m in mail.outbox] == [[idle_employee.email]]
    assert mail.outbox[0].subject == "Je account in Coalition staat uit"
    # Their coordinator, in the app, with a link to the person's page.
    note = Notification.objects.get(recipient=coordinator)
    assert note.url == reverse("coalition:person_detail", args=[idle_employee.pk])
    assert not note.send_email
    assert not Notification.objects.filter(recipient=idle_employee).exists()


def test_a_second_run_does_nothing(idle_employee, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_on(DAY)
        assert run_on(DAY + timedelta(hours=1)) == 0
        assert run_on(DAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=coordinator).count() == 1


def test_only_coordinators_of_the_persons_organisations_are_told(
    idle_employee, coordinator, make_person, other_organisation
):
    elsewhere = make_person(roles.COORDINATOR, other_organisation, username="elders")
    run_on(DAY)
    assert Notification.objects.filter(recipient=coordinator).exists()
    assert not Notification.objects.filter(recipient=elsewhere).exists()


def test_an_invited_person_who_never_logged_in_counts_from_the_invitation(
    organisation, make_person
):
    with time_machine.travel(DAY - timedelta(days=90), tick=False):
        invited = make_person(roles.EMPLOYEE, organisation, username="nooit")
    with time_machine.travel(DAY - timedelta(days=10), tick=False):
        recent = make_person(roles.EMPLOYEE, organisation, username="nieuw")
    assert invited.last_login is None
    run_on(DAY)
    invited.refresh_from_db()
    recent.refresh_from_db()
    assert not invited.is_active
    assert recent.is_active


def test_someone_who_logged_in_recently_is_kept(idle_employee):
    User.objects.filter(pk=idle_employee.pk).update(last_login=DAY - timedelta(days=89))
    assert run_on(DAY) == 0


def test_superusers_are_never_deactivated():
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    User.objects.filter(pk=admin.pk).update(last_login=DAY - timedelta(days=400))
    assert run_on(DAY) == 0
    admin.refresh_from_db()
    assert admin.is_active


def test_a_deactivated_account_no_longer_logs_in(idle_employee):
    run_on(DAY)
    response = Client().post(reverse("login"), {"username": "sanne", "password": PASSWORD})
    assert response.status_code == 200


def test_a_deactivated_intake_worker_loses_sight_of_clients(organisation, make_person):
    from guardian.models import UserObjectPermission

    intake = make_person(roles.INTAKE_STAFF, organisation, username="intake-oud")
    User.objects.filter(pk=intake.pk).update(last_login=DAY - timedelta(days=100))
    assert UserObjectPermission.objects.filter(user=intake).exists()
    run_on(DAY)
    assert not UserObjectPermission.objects.filter(user=intake).exists()


def test_the_task_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "coalition.sweeps.deactivate_inactive_accounts" in tasks
