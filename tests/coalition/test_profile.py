import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coalition import roles
from coalition.models import Notification, Profile
from coalition.services import mark_read, notify
from coalition.tasks import send_daily_digests, send_pending_notification_emails
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/mijn-profiel/"
MORNING = datetime.datetime(2025, 3, 10, 7, 0, tzinfo=datetime.UTC)


def _form(user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": "nl",
        "notification_mail": "instant",
    }
    return {**data, **changes}


def _choose(user, notification_mail):
    Profile.objects.filter(user=user).update(notification_mail=notification_mail)


# --- The page ---


def test_url_has_no_pk():
    assert reverse("coalition:profile") == URL


def test_before_login_the_profile_page_leads_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_page_shows_my_roles_organisations_and_teams(client, make_person, organisation, team):
    me = make_person(roles.TEAM_LEAD, organisation, team, username="anna", first_name="Anna")
    other = make_person(roles.COORDINATOR, organisation, username="bram", first_name="Bram")
    client.force_login(me)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert str(roles.ROLE_LABELS[roles.TEAM_LEAD]) in html
    assert str(roles.ROLE_LABELS[roles.COORDINATOR]) not in html
    assert "Amstelzorg" in html
    assert "Wonen De Pijp" in html
    assert other.email not in html
    assert reverse("dilemmas:calendar") in html
    assert reverse("password_change") in html


def test_my_name_in_the_header_leads_to_my_profile(client, make_person, organisation):
    me = make_person(None, organisation, first_name="Anna", last_name="Smit")
    client.force_login(me)
    html = client.get(reverse("coalition:dashboard")).content.decode()
    assert f'<a class="user-name" href="{URL}">' in html


# --- Changing it ---


def test_change_name_email_and_language(client, make_person, organisation):
    me = make_person(None, organisation, email="anna@example.org")
    client.force_login(me)
    response = client.post(
        URL,
        _form(
            me, first_name="Anna", last_name="de Wit", email="a.dewit@example.org", language="en"
        ),
    )
    assert response.status_code == 302
    assert response.url == URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    me.refresh_from_db()
    assert (me.first_name, me.last_name, me.email) == ("Anna", "de Wit", "a.dewit@example.org")
    assert me.profile.language == "en"
    # The address lives on Django's user; its change is written in the profile's history.
    latest = me.profile.history.latest()
    assert latest.history_change_reason == "e-mail: anna@example.org → a.dewit@example.org"
    assert latest.history_user == me
    # From now on the pages come in the chosen language.
    assert '<html lang="en">' in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [("anna@", "Vul een e-mailadres in zoals"), ("bram@example.org", "Iemand anders gebruikt")],
)
def test_bad_email_is_refused_and_keeps_what_was_typed(
    client, make_person, organisation, email, message
):
    me = make_person(None, organisation, first_name="Anna", email="anna@example.org")
    make_person(None, organisation, email="bram@example.org")
    client.force_login(me)
    response = client.post(URL, _form(me, first_name="Annabel", email=email, language="en"))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Annabel"' in html
    assert f'value="{email}"' in html
    me.refresh_from_db()
    assert (me.first_name, me.email) == ("Anna", "anna@example.org")
    assert me.profile.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_email_in_use_is_refused_whatever_its_case(client, make_person, organisation):
    me = make_person(None, organisation, email="anna@example.org")
    make_person(None, organisation, email="bram@example.org")
    client.force_login(me)
    response = client.post(URL, _form(me, email="Bram@Example.org"))
    assert response.status_code == 400
    me.refresh_from_db()
    assert me.email == "anna@example.org"


def test_saving_without_changes_writes_no_history(client, make_person, organisation):
    me = make_person(None, organisation)
    client.force_login(me)
    client.post(URL, _form(me, language="nl"))
    before = me.profile.history.count()
    client.post(URL, _form(me, language="nl"))
    assert me.profile.history.count() == before


def test_language_preference_applies_after_logging_in_again(client, make_person, organisation):
    me = make_person(None, organisation, username="anna")
    client.force_login(me)
    client.post(URL, _form(me, language="en"))
    client.post(reverse("logout"))
    # Someone else on this computer switched to Dutch in between.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert '<html lang="nl">' in client.get(reverse("login")).content.decode()

    response = client.post(reverse("login"), {"username": "anna", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(URL).content.decode()
    # The switch at the top still works until the next log-in.
    client.post(reverse("set_language"), {"language": "nl", "next": URL})
    assert '<html lang="nl">' in client.get(URL).content.decode()


def test_login_without_a_chosen_language_leaves_the_switch_alone(client, make_person, organisation):
    make_person(None, organisation, username="anna")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("login"), {"username": "anna", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in client.get(URL).content.decode()


# --- Notification mail as chosen ---


def test_instant_mail_stays_the_default(django_capture_on_commit_callbacks):
    user = UserFactory()
    assert user.profile.notification_mail == Profile.NotificationMail.INSTANT
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="Nieuw besluit")
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_in_app_only_sends_no_mail(django_capture_on_commit_callbacks):
    user = UserFactory()
    _choose(user, Profile.NotificationMail.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="Nieuw besluit")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        send_pending_notification_emails()
        send_daily_digests()
    assert mail.outbox == []
    assert Notification.objects.get().recipient == user


def test_addresses_outside_the_app_get_their_mail_whatever_people_chose(
    django_capture_on_commit_callbacks,
):
    digest, in_app = UserFactory(), UserFactory()
    _choose(digest, Profile.NotificationMail.DIGEST)
    _choose(in_app, Profile.NotificationMail.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[digest, in_app], emails=["wethouder@gemeente.example"], subject="Besluit"
        )
    assert [m.to for m in mail.outbox] == [["wethouder@gemeente.example"]]


def test_digest_sends_no_instant_mail_and_one_daily_mail(django_capture_on_commit_callbacks):
    user = UserFactory(email="anna@example.org")
    _choose(user, Profile.NotificationMail.DIGEST)
    with time_machine.travel(MORNING - datetime.timedelta(hours=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[user], subject="Nieuw besluit", url="/regiegroep/besluiten/4/")
            notify(recipients=[user], subject="Sessie verzet")
            notify(recipients=[user], subject="Al gelezen")
        mark_read(user=user, notification_ids=[Notification.objects.get(subject="Al gelezen").pk])
    assert mail.outbox == []
    with time_machine.travel(MORNING - datetime.timedelta(hours=1), tick=False):
        send_pending_notification_emails()  # the sweep leaves them to the digest
    assert mail.outbox == []

    with time_machine.travel(MORNING, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "2" in message.subject
    assert "Nieuw besluit" in message.body
    assert "http://127.0.0.1:8000/regiegroep/besluiten/4/" in message.body
    assert "Sessie verzet" in message.body
    assert "Al gelezen" not in message.body

    # A second run the same day, even with something new, sends nothing more.
    with time_machine.travel(MORNING + datetime.timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[user], subject="Nog een melding")
            assert send_daily_digests() == 0
            send_pending_notification_emails()
    assert len(mail.outbox) == 1

    # The next morning brings what came since, and only that.
    with time_machine.travel(MORNING + datetime.timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_daily_digests() == 1
            assert send_daily_digests() == 0
    assert len(mail.outbox) == 2
    assert "Nog een melding" in mail.outbox[1].body
    assert "Nieuw besluit" not in mail.outbox[1].body


def test_no_digest_without_unread_notifications(django_capture_on_commit_callbacks):
    user = UserFactory()
    _choose(user, Profile.NotificationMail.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="Gelezen")
        mark_read(user=user)
        assert send_daily_digests() == 0
    assert mail.outbox == []


def test_leaving_the_digest_for_in_app_only_drops_the_waiting_mail(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    _choose(user, Profile.NotificationMail.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="Wacht op de samenvatting")
    client.force_login(user)
    client.post(URL, _form(user, notification_mail="in_app"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            send_daily_digests()
            send_pending_notification_emails()
    assert mail.outbox == []


def test_the_service_refuses_an_address_someone_else_has(employee, coordinator):
    """An address is where password resets go: the service refuses a taken one whoever calls
    it, not only the profile form (case and spaces do not make it another address)."""
    from django.core.exceptions import ValidationError

    from coalition.services import profile_save

    with pytest.raises(ValidationError) as refused:
        profile_save(
            user=employee,
            first_name="Esra",
            last_name="Yılmaz",
            email=f"  {coordinator.email.upper()} ",
            language="nl",
            notification_mail=Profile.NotificationMail.INSTANT,
        )
    assert "email" in refused.value.message_dict
    employee.refresh_from_db()
    assert employee.email != coordinator.email
