"""The relationship manager prepares the next RRO on a phone: the agenda shows what they said
last time, their overdue partners and the open action item carried over; during the meeting
they record the round, close the action item, add a new one and make the minutes final."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from relatiebeheer.models import Attendance, Meeting, MeetingSeries, Outcome
from tests.browser.helpers import PHONE, assert_accessible, fits, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo at noon today: the demo's RRO is every other Monday at 9:00, and a test run
    during one would find that meeting, not the coming one, as the dashboard's next RRO."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        settings.DEBUG = True
        call_command("seed_demo", verbosity=0)
        yield


def test_prepare_and_hold_the_next_rro(demo_data, live_server, page):
    series = MeetingSeries.objects.get()
    upcoming = series.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    page.set_viewport_size(PHONE)
    login(page, live_server, "relations")

    # The dashboard points to the next RRO with what they said they would do.
    page.goto(f"{live_server.url}/")
    assert page.locator(f"a[href='{upcoming.get_absolute_url()}']").count() == 1
    assert "ROC de stageplaatsen" in page.content()

    page.goto(f"{live_server.url}/relatiebeheer/rro/")
    assert_accessible(page, "rro list")
    page.locator("main a", has_text="RRO Het Zonnehuis").first.click()
    page.wait_for_load_state()
    assert_accessible(page, "rro series")
    fits(page)

    page.goto(f"{live_server.url}{upcoming.get_absolute_url()}")
    body = page.content()
    assert "Met het ROC de stageplaatsen voor volgend jaar afspreken." in body  # last time
    assert "Een datum prikken voor de rondleiding van het stadsdeel." in body  # carried over
    assert page.locator(".round-card .tag-danger").count() >= 1  # an overdue partner
    assert_accessible(page, "rro agenda")
    fits(page)
    screenshot(page, "relatiebeheer-rro-agenda-phone")

    # The meeting takes place: the round, an action item closed, a new one, final minutes.
    relations = upcoming.attendance.get(person__username="relations").person
    steering = upcoming.attendance.get(person__username="steering").person
    with time_machine.travel(upcoming.starts_at + timedelta(minutes=15), tick=True):
        # Days later: the session of before has ended, as idle sessions do.
        login(page, live_server, "relations")
        page.goto(f"{live_server.url}{upcoming.get_absolute_url()}")
        page.locator(f"#id_p{relations.pk}-status").select_option("present")
        page.locator(f"#id_p{relations.pk}-did").fill("ROC gebeld: acht stageplaatsen.")
        page.locator(f"#id_p{relations.pk}-will_do").fill("Contract met het ROC rond maken.")
        page.locator(f"#id_p{steering.pk}-status").select_option("excused")
        page.locator("main form button", has_text="Vergadering opslaan").click()
        page.wait_for_load_state()
        row = Attendance.objects.get(meeting=upcoming, person=relations)
        assert row.did == "ROC gebeld: acht stageplaatsen."

        page.locator("#carried-over form button", has_text="Gedaan").first.click()
        page.wait_for_load_state()
        assert (
            not Outcome.objects.filter(kind="action", status="open", meeting__series=series)
            .exclude(meeting=upcoming)
            .exists()
        )

        page.locator("#id_outcome-text").fill("Stagebegeleiders uitnodigen voor de lunch.")
        page.locator("#id_outcome-owner").select_option(str(relations.pk))
        page.locator("#outcomes form button", has_text="Toevoegen").click()
        page.wait_for_load_state()
        assert Outcome.objects.filter(meeting=upcoming, owner=relations).exists()
        assert_accessible(page, "rro recorded")
        fits(page)

        page.once("dialog", lambda dialog: dialog.accept())
        page.locator("main form button", has_text="Definitief maken en versturen").click()
        page.wait_for_load_state()
    upcoming = Meeting.objects.get(pk=upcoming.pk)
    assert upcoming.closed_at is not None
    screenshot(page, "relatiebeheer-rro-recorded-phone")
