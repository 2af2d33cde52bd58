"""Opening what a notification points to marks it read, on every page of every part, and
the header's count is the one source of truth for what is new."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Notification
from coalition.services import notify


def badge(body):
    found = re.search(r'<span class="badge">(\d+)', body)
    return int(found.group(1)) if found else 0


def test_opening_the_page_marks_its_notification_read_in_any_part(client_for, employee, outsider):
    pages = [
        reverse("coalition:profile"),
        reverse("regiegroep:index"),
        reverse("digital:index"),
        reverse("dilemmas:training_list"),
    ]
    for page in pages:
        notify(subject=page, url=page, recipients=[employee], send_email=False)
    notify(subject="Anchor", url=f"{pages[0]}#language", recipients=[employee], send_email=False)
    notify(subject="Not this one", url=f"{pages[0]}x/", recipients=[employee], send_email=False)
    theirs = notify(subject="Theirs", url=pages[0], recipients=[outsider], send_email=False)[0]

    c = client_for(employee)
    # The page itself shows the lower count: six unread, two of them point here.
    assert badge(c.get(pages[0]).content.decode()) == 4
    for page in pages[1:]:
        assert c.get(page).status_code == 200
    unread = Notification.objects.unread_for(employee)
    assert list(unread.values_list("subject", flat=True)) == ["Not this one"]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_post_or_a_visitor_marks_nothing(client_for, client, employee):
    page = reverse("coalition:profile")
    notify(subject="Profile", url=page, recipients=[employee], send_email=False)
    client_for(employee).post(page, {})
    client.logout()
    client.get(page)
    assert Notification.objects.unread_for(employee).count() == 1


def test_it_costs_a_page_no_query_when_nothing_points_there(client_for, employee):
    """The header counts unread notifications anyway; marking read reuses that one read."""
    notify(subject="Elsewhere", url="/elders/", recipients=[employee], send_email=False)
    c = client_for(employee)
    c.get(reverse("coalition:profile"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        body = c.get(reverse("coalition:profile")).content.decode()
    notification_queries = [q for q in queries if "coalition_notification" in q["sql"]]
    assert len(notification_queries) == 1
    assert "UPDATE" not in notification_queries[0]["sql"].upper()
    assert badge(body) == 1
