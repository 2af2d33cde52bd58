"""Headers every response carries: Permissions-Policy everywhere, and for anyone signed in a
Cache-Control that keeps every page, PDF, export and error page out of any cache (a shared
ward computer must not show a case after logout)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from coalition.security import NoStoreMiddleware
from dilemmas import services as dilemma_services
from tests.dilemmas.factories import CaseFactory

pytestmark = pytest.mark.django_db

DENIED = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def assert_permissions_policy(response):
    policy = response["Permissions-Policy"]
    for feature in DENIED:
        assert feature in policy, (feature, policy)


def assert_not_stored(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0"} <= cache_control, cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize(
    ("who", "view_name"),
    [
        ("coordinator", "coalition:dashboard"),
        ("coordinator", "coalition:notifications"),
        ("coordinator", "coalition:profile"),
        ("coordinator", "coalition:person_list"),
        ("coordinator", "coalition:person_export"),  # a CSV file
        ("steering_member", "regiegroep:index"),
        ("coordinator", "regiegroep:group_create"),
        ("employee", "dilemmas:case_list"),
        ("employee", "dilemmas:training_list"),
        ("employee", "dilemmas:calendar"),
        ("intake_staff", "digital:client_list"),
        ("care_worker", "digital:service_list"),
        ("relationship_manager", "relatiebeheer:partner_list"),
        ("relationship_manager", "relatiebeheer:partner_export_csv"),
        ("relationship_manager", "relatiebeheer:import_sample"),  # a CSV file
    ],
)
def test_signed_in_pages_of_every_part_are_never_stored(request, client_for, who, view_name):
    response = client_for(request.getfixturevalue(who)).get(reverse(view_name))
    assert response.status_code == 200, view_name
    assert_not_stored(response)
    assert_permissions_policy(response)


def test_a_case_pdf_is_never_stored(client_for, employee, organisation, team):
    case = CaseFactory(author=employee, organisation=organisation, team=team)
    dilemma_services.sync_case_permissions(case)
    response = client_for(employee).get(reverse("dilemmas:case_export", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_not_stored(response)
    assert_permissions_policy(response)


def test_error_pages_for_someone_signed_in_are_never_stored(client_for, employee):
    response = client_for(employee).get("/bestaat-niet/")
    assert response.status_code == 404
    assert_not_stored(response)
    assert_permissions_policy(response)


def test_the_login_page_carries_the_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_permissions_policy(response)
    assert_not_stored(response)  # Django's login view is never cached


def test_other_pages_before_login_carry_the_permissions_policy(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert_permissions_policy(response)


def test_the_calendar_feed_fetched_without_a_session_is_not_stored(client, employee):
    feed = dilemma_services.calendar_feed_for(user=employee)
    response = client.get(reverse("dilemmas:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert_not_stored(response)
    assert_permissions_policy(response)


def test_caching_headers_a_view_sets_give_way_for_someone_signed_in(employee):
    request = RequestFactory().get("/")
    request.user = employee

    def cacheable_pdf(request):
        response = HttpResponse(b"%PDF-", content_type="application/pdf")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    assert_not_stored(NoStoreMiddleware(cacheable_pdf)(request))
