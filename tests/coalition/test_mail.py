"""What leaves the app by e-mail: every mail has a text and an HTML part made from one
template, both say the same and carry the same links, every link starts with the configured
site address, a mail to an address outside the app has no link at all, and what people wrote
is escaped in the HTML. Production refuses to start without a valid site address."""

import datetime
import email.message
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coalition.mail import html_to_text
from coalition.models import Profile
from coalition.services import notify
from coalition.settings import clean_site_url
from coalition.tasks import send_daily_digests, send_invitation
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://coalitie.example.nl"


@pytest.fixture(autouse=True)
def _site_address():
    with override_settings(SITE_URL=SITE):
        yield


def parts(message):
    """(text, html) of a sent message, read back from what goes over the wire: a
    multipart/alternative with a text/plain and a text/html part (inside multipart/mixed
    when there are attachments)."""
    mime = email.message_from_bytes(message.message().as_bytes())
    alternative = next(p for p in mime.walk() if p.get_content_type() == "multipart/alternative")
    text_part, html_part = alternative.get_payload()
    assert (text_part.get_content_type(), html_part.get_content_type()) == (
        "text/plain",
        "text/html",
    )
    return (
        text_part.get_payload(decode=True).decode(text_part.get_content_charset()),
        html_part.get_payload(decode=True).decode(html_part.get_content_charset()),
    )


def links(text, markup):
    """The links of each part: the text's addresses and the HTML's hrefs, in order."""
    in_text = re.findall(r"https?://\S+", text)
    in_html = [html.unescape(href) for href in re.findall(r'<a href="([^"]*)"', markup)]
    return in_text, in_html


def assert_same_links_on_the_site(message):
    text, markup = parts(message)
    in_text, in_html = links(text, markup)
    assert in_text == in_html
    assert in_html, "the mail has no link"
    assert all(link.startswith(SITE + "/") for link in in_html), in_html
    return text, markup, in_html


def only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


# --- Notifications ---


def test_notification_mail_has_both_parts_with_the_same_content_and_link(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user],
            subject="Nieuw besluit",
            body="Regel één\nRegel twee\n\nTweede alinea",
            url="/regiegroep/besluiten/4/",
        )
    message = only_message()
    assert message.to == ["anna@example.org"]
    text, markup, hrefs = assert_same_links_on_the_site(message)
    assert hrefs == [SITE + "/regiegroep/besluiten/4/"]
    # Line breaks of the body kept in the text, as <br> and paragraphs in the HTML.
    assert "Regel één\nRegel twee\n\nTweede alinea" in text
    assert "<p>Regel één<br>Regel twee</p>" in markup and "<p>Tweede alinea</p>" in markup
    assert text.startswith("Nieuw besluit\n")
    assert '<html lang="nl">' in markup and "<title>Nieuw besluit</title>" in markup
    assert "<h1>Nieuw besluit</h1>" in markup
    assert html_to_text(markup) == text


def test_mail_to_an_address_outside_the_app_has_no_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            emails=["wethouder@gemeente.example"],
            subject="Besluit genomen",
            body="De regiegroep besloot de locatie open te houden.",
        )
    message = only_message()
    text, markup = parts(message)
    assert "De regiegroep besloot de locatie open te houden." in text
    assert "De regiegroep besloot de locatie open te houden." in markup
    assert links(text, markup) == ([], [])
    assert "<a" not in markup and SITE not in text and SITE not in markup


def test_what_people_wrote_is_escaped_in_the_html_and_kept_in_the_text(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user],
            subject="Let op <b>dit</b>",
            body="<script>alert('x')</script>\nen <img src=x onerror=alert(1)>",
            url="/dilemmas/",
        )
    text, markup, hrefs = assert_same_links_on_the_site(only_message())
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<b>" not in markup and "Let op &lt;b&gt;dit&lt;/b&gt;" in markup
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert hrefs == [SITE + "/dilemmas/"]
    assert "<script>alert('x')</script>\nen <img src=x onerror=alert(1)>" in text


def test_a_stored_link_to_another_site_is_not_mailed(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], subject="Kijk hier", url="https://phish.example/")
    text, markup = parts(only_message())
    assert links(text, markup) == ([], [])


# --- The daily digest ---


def test_daily_digest_lists_each_item_with_its_link_in_both_parts(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="anna@example.org")
    Profile.objects.filter(user=user).update(notification_mail=Profile.NotificationMail.DIGEST)
    morning = datetime.datetime(2025, 3, 10, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(morning - datetime.timedelta(hours=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[user], subject="Nieuw besluit", url="/regiegroep/besluiten/4/")
            notify(recipients=[user], subject="Sessie <verzet>")
    with time_machine.travel(morning, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_daily_digests() == 1
    message = only_message()
    text, markup, hrefs = assert_same_links_on_the_site(message)
    assert hrefs == [SITE + "/regiegroep/besluiten/4/", SITE + reverse("coalition:notifications")]
    assert f'<li><a href="{SITE}/regiegroep/besluiten/4/">Nieuw besluit</a></li>' in markup
    assert "<li>Sessie &lt;verzet&gt;</li>" in markup
    assert f"- Nieuw besluit: {SITE}/regiegroep/besluiten/4/\n- Sessie <verzet>\n" in text
    assert f"<title>{html.escape(message.subject)}</title>" in markup


# --- Invitation and password reset ---


def test_invitation_links_to_choosing_a_password_on_the_site():
    user = UserFactory(username="nina", first_name="Nina", last_name="<Nieuw>")
    assert send_invitation(user.pk) is True
    message = only_message()
    text, markup, hrefs = assert_same_links_on_the_site(message)
    assert len(hrefs) == 1 and hrefs[0].startswith(SITE + "/accounts/wachtwoord-kiezen/")
    assert "Nina <Nieuw>" in text and "Nina &lt;Nieuw&gt;" in markup
    assert "nina" in text and "nina" in markup


def test_password_reset_links_to_the_site_whatever_host_was_asked(client):
    user = UserFactory(email="anna@example.org")
    response = client.post(reverse("password_reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    message = only_message()
    assert message.to == ["anna@example.org"]
    text, markup, hrefs = assert_same_links_on_the_site(message)
    assert len(hrefs) == 1 and "testserver" not in hrefs[0]
    assert user.get_username() in text and user.get_username() in markup
    # The link works: it leads to the form for a new password.
    form_page = client.get(hrefs[0].removeprefix(SITE), follow=True)
    assert form_page.status_code == 200
    assert "new_password1" in form_page.content.decode()


# --- The minutes of an RRO meeting ---


@pytest.fixture
def closed_meeting(make_person, organisation):
    from relatiebeheer.models import Attendance, Meeting, MeetingSeries
    from relatiebeheer.services import meetings

    ann, bob = (
        make_person("relationship_manager", organisation, username=name, email=f"{name}@x.nl")
        for name in ("ann", "bob")
    )
    amsterdam = datetime.timezone(datetime.timedelta(hours=1))
    starts = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=amsterdam)
    with time_machine.travel(starts - datetime.timedelta(hours=1), tick=False):
        series = meetings.series_save(
            series=MeetingSeries(
                organisation=organisation,
                title="RRO <Zuid>",
                first_starts_at=starts,
                frequency="WEEKLY",
                interval=2,
                chair=ann,
            ),
            members=[ann, bob],
            actor=ann,
        )
    meeting = series.meetings.order_by("starts_at").first()
    Attendance.objects.filter(meeting=meeting, person=ann).update(status=Attendance.Status.PRESENT)
    Attendance.objects.filter(meeting=meeting, person=bob).update(status=Attendance.Status.EXCUSED)
    Meeting.objects.filter(pk=meeting.pk).update(closed_at=timezone.now())
    return meeting


def test_minutes_mail_has_both_parts_and_keeps_its_pdf(closed_meeting):
    from relatiebeheer.services.minutes import send_minutes

    assert send_minutes(closed_meeting.pk) == 2
    message = only_message()
    assert sorted(message.to) == ["ann@x.nl", "bob@x.nl"]
    mime = email.message_from_bytes(message.message().as_bytes())
    assert mime.get_content_type() == "multipart/mixed"
    assert [p.get_content_type() for p in mime.get_payload()] == [
        "multipart/alternative",
        "application/pdf",
    ]
    pdf = mime.get_payload()[1]
    assert pdf.get_filename() == "notulen-2026-03-02.pdf"
    assert pdf.get_payload(decode=True).startswith(b"%PDF")
    text, markup, hrefs = assert_same_links_on_the_site(message)
    assert hrefs == [SITE + closed_meeting.get_absolute_url()]
    assert "RRO <Zuid>" in text and "RRO &lt;Zuid&gt;" in markup and "02-03-2026" in text


# --- HTML to text ---


def test_the_text_part_follows_the_html_structure():
    markup = (
        "<html><head><title>Niet in de tekst</title></head><body>\n"
        "<h1>Kop</h1>\n  <p>Een   zin\nover twee regels<br>en een&nbsp;regel</p>"
        "<ul>\n<li><a href='https://x.nl/a'>Eerste</a></li>\n<li>Tweede</li></ul>"
        "<p><a href='https://x.nl/b'>https://x.nl/b</a></p>"
        "<footer><p>Afzender</p></footer></body></html>"
    )
    assert html_to_text(markup) == (
        "Kop\n\nEen zin over twee regels\nen een\xa0regel\n\n"
        "- Eerste: https://x.nl/a\n- Tweede\n\nhttps://x.nl/b\n\n-- \nAfzender\n"
    )


# --- The site address ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://coalitie.example.nl", "https://coalitie.example.nl"),
        ("https://coalitie.example.nl/", "https://coalitie.example.nl"),
        (" http://127.0.0.1:8123 ", "http://127.0.0.1:8123"),
    ],
)
def test_a_site_address_is_read_without_a_trailing_slash(value, expected):
    assert clean_site_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "coalitie.example.nl",
        "ftp://coalitie.example.nl",
        "https://coalitie.example.nl/coalitie",
        "https://coalitie.example.nl/?next=/",
        "https://coalitie.example.nl/#top",
        "https://user:pw@coalitie.example.nl",
        "https://coalitie.example.nl:port",
        "https://",
    ],
)
def test_a_site_address_with_anything_else_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        clean_site_url(value)


def _import_settings(tmp_path, **env):
    """Import the settings in a fresh interpreter with only `env` (and PATH) set; an empty
    value also overrides what a developer's .env might say."""
    return subprocess.run(
        [sys.executable, "-c", "from coalition import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "COALITION_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_site_address(tmp_path):
    result = _import_settings(tmp_path, DEBUG="false", SECRET_KEY="s" * 50, SITE_URL="")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set when DEBUG is off" in result.stderr


def test_production_starts_with_a_site_address_and_development_has_a_local_one(tmp_path):
    production = _import_settings(
        tmp_path, DEBUG="false", SECRET_KEY="s" * 50, SITE_URL="https://coalitie.example.nl/"
    )
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == "https://coalitie.example.nl"
    development = _import_settings(tmp_path, DEBUG="true", SITE_URL="")
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip() == "http://127.0.0.1:8000"
