"""The menu (menukaart), page by page: who may open and post what (the coordinator, the
staff of the providing organisation, another employee, an account without an organisation,
anonymous visitors), what is not found, and that every page is valid HTML."""

import json
import subprocess

import pytest
from django.urls import reverse

from digital.models import ServiceFeedback
from tests.digital.menu_helpers import url

pytestmark = pytest.mark.django_db


# --- Who may do what, page by page ---

# (url name, needs a service, status for coordinator, provider staff, another employee)
PAGES = [
    ("service_list", False, 200, 200, 200),
    ("service_detail", True, 200, 200, 200),
    ("service_history", True, 200, 200, 200),
    ("service_create", False, 200, 200, 200),  # each for an organisation of their own
    ("service_edit", True, 200, 200, 403),
    ("service_text_add", True, 200, 200, 403),
    ("menu_feedback", False, 200, 403, 403),
]
PEOPLE = ["coordinator", "provider_staff", "outsider"]


@pytest.mark.parametrize(
    "name, needs_service, who, status",
    [
        (name, needs_service, who, status)
        for name, needs_service, *statuses in PAGES
        for who, status in zip(PEOPLE, statuses, strict=True)
    ],
)
def test_pages_by_person(request, client_for, service, name, needs_service, who, status):
    args = [service.pk] if needs_service else []
    response = client_for(request.getfixturevalue(who)).get(url(name, *args))
    assert response.status_code == status


@pytest.mark.parametrize("who, status", [*zip(PEOPLE, [200, 200, 403], strict=True)])
def test_text_edit_page_by_person(request, client_for, arabic_text, who, status):
    c = client_for(request.getfixturevalue(who))
    response = c.get(url("service_text_edit", arabic_text.service_id, arabic_text.pk))
    assert response.status_code == status


@pytest.mark.parametrize("who", PEOPLE)
def test_client_menu_and_its_pdf_are_for_all_staff(request, client_for, service, who):
    c = client_for(request.getfixturevalue(who))
    query = {"doelgroep": service.target_groups.first().pk, "taal": "nl"}
    assert c.get(url("menu_for_clients", **query)).status_code == 200
    assert c.get(url("menu_pdf", **query)).status_code == 200


def test_an_account_without_an_organisation_may_not_add_a_service(client_for, without_organisation):
    assert client_for(without_organisation).get(url("service_create")).status_code == 403


def test_a_text_of_another_service_is_not_found(
    client_for, coordinator, other_service, arabic_text
):
    response = client_for(coordinator).get(
        url("service_text_edit", other_service.pk, arabic_text.pk)
    )
    assert response.status_code == 404


def test_unknown_service_is_not_found(client_for, employee):
    assert client_for(employee).get(url("service_detail", 99999)).status_code == 404


@pytest.mark.parametrize(
    "name, needs_service",
    [
        ("service_list", False),
        ("service_detail", True),
        ("service_history", True),
        ("service_create", False),
        ("service_edit", True),
        ("service_text_add", True),
        ("menu_for_clients", False),
        ("menu_pdf", False),
        ("menu_feedback", False),
    ],
)
def test_anonymous_is_sent_to_login(client, service, name, needs_service):
    response = client.get(url(name, *([service.pk] if needs_service else [])))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["service_retire", "service_feedback"])
def test_anonymous_cannot_post(client, service, name):
    response = client.post(url(name, service.pk), {"verdict": "useful"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not ServiceFeedback.objects.exists()
    service.refresh_from_db()
    assert service.retired_at is None


@pytest.mark.parametrize("name", ["service_retire", "service_feedback"])
def test_mutating_views_accept_post_only(client_for, coordinator, service, name):
    assert client_for(coordinator).get(url(name, service.pk)).status_code == 405


# --- Valid HTML ---


@pytest.mark.html
def test_menu_pages_are_valid_html(
    client_for, coordinator, service, arabic_text, target_groups, tmp_path, vnu_jar
):
    c = client_for(coordinator)
    ServiceFeedback.objects.create(service=service, verdict="too_hard", comment="Te snel")
    bad_service = c.post(url("service_create"), {"name": "X"})
    bad_feedback = c.post(url("service_feedback", service.pk), {"verdict": "?"})
    pages = {
        "list": c.get(url("service_list")),
        "detail": c.get(url("service_detail", service.pk)),
        "create": c.get(url("service_create")),
        "create-errors": bad_service,
        "feedback-errors": bad_feedback,
        "edit": c.get(url("service_edit", service.pk)),
        "text-add": c.get(url("service_text_add", service.pk)),
        "text-edit": c.get(url("service_text_edit", service.pk, arabic_text.pk)),
        "history": c.get(url("service_history", service.pk)),
        "clients": c.get(url("menu_for_clients", doelgroep=target_groups["elderly"].pk, taal="ar")),
        "clients-empty": c.get(url("menu_for_clients")),
        "feedback": c.get(url("menu_feedback")),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '').rsplit('/', 1)[-1]}: {m.get('message')}" for m in messages]
    assert not problems, "\n".join(problems)
