"""The stock admin is a technical tool for superusers; coordinators work in the app."""

import pytest
from django.urls import reverse

from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_superuser_opens_people_and_access_requests(client_for, root, employee):
    c = client_for(root)
    assert c.get(reverse("admin:auth_user_change", args=[employee.pk])).status_code == 200
    assert c.get(reverse("admin:coalition_accessgrant_changelist")).status_code == 200


def test_access_requests_and_access_log_are_read_only_even_for_a_superuser(client_for, root):
    c = client_for(root)
    assert c.get(reverse("admin:coalition_accessgrant_add")).status_code == 403
    assert c.get(reverse("admin:coalition_accesslogentry_add")).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:coalition_notification_changelist",
        "admin:coalition_notification_add",
        "admin:coalition_accesslogentry_changelist",
    ],
)
def test_coordinator_is_sent_to_the_admin_login(client_for, coordinator, url_name):
    response = client_for(coordinator).get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_even_a_superuser_gives_no_role_team_or_password_in_the_admin(
    client_for, root, employee, team
):
    c = client_for(root)
    url = reverse("admin:auth_user_password_change", args=[employee.pk])
    assert (
        c.post(
            url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}
        ).status_code
        == 403
    )
    employee.refresh_from_db()
    assert employee.check_password("secret-pass-123")
    form = c.get(reverse("admin:auth_user_change", args=[employee.pk])).context["adminform"]
    assert "groups" not in form.form.fields
