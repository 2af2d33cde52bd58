import pytest
from django.urls import reverse

from coalition import dashboard
from coalition.models import Notification
from tests.coalition.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("coalition:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_login_with_password_reaches_dashboard(client, employee):
    response = client.post(
        reverse("login"), {"username": "employee", "password": "secret-pass-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("coalition:dashboard")


def test_wrong_password_shows_dutch_error_and_keeps_username(client, employee):
    response = client.post(reverse("login"), {"username": "employee", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in body
    assert 'value="employee"' in body


def test_repeated_failures_lock_the_account(client, employee, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "employee", "password": "nope"})
    response = client.post(
        reverse("login"), {"username": "employee", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()


def test_switch_to_english_and_back(client_for, employee):
    c = client_for(employee)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Good to see you" in c.get(reverse("coalition:dashboard")).content.decode()
    c.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert "Fijn dat je er bent" in c.get(reverse("coalition:dashboard")).content.decode()


@pytest.mark.parametrize(
    "who, visible, hidden",
    [
        ("coordinator", ["Regiegroep", "Moreel beraad", "Digitaal aanbod", "Relatiebeheer"], []),
        # The digital menu is for all staff; client records are for client roles only.
        ("employee", ["Regiegroep", "Moreel beraad", "Digitaal aanbod"], ["Relatiebeheer"]),
        ("intake_staff", ["Digitaal aanbod"], ["Relatiebeheer"]),
        ("relationship_manager", ["Relatiebeheer", "Digitaal aanbod"], []),
    ],
)
def test_navigation_fits_the_role(request, client_for, who, visible, hidden):
    user = request.getfixturevalue(who)
    body = client_for(user).get(reverse("coalition:dashboard")).content.decode()
    nav = body.split('<nav class="main-nav"')[1].split("</nav>")[0]
    for label in visible:
        assert label in nav
    for label in hidden:
        assert label not in nav


@pytest.mark.parametrize(
    "url_name, allowed, refused",
    [
        ("digital:index", "employee", None),
        ("digital:client_list", "intake_staff", "employee"),
        ("relatiebeheer:index", "relationship_manager", "intake_staff"),
        ("regiegroep:index", "employee", None),
        ("dilemmas:index", "employee", None),
    ],
)
def test_app_index_pages_check_roles(request, client_for, url_name, allowed, refused):
    assert client_for(request.getfixturevalue(allowed)).get(reverse(url_name)).status_code == 200
    if refused:
        response = client_for(request.getfixturevalue(refused)).get(reverse(url_name))
        assert response.status_code == 403


def test_dashboard_shows_items_from_registered_providers(client_for, employee):
    def provider(user, today):
        if user != employee:
            return []
        return [dashboard.DashboardItem(section="Te doen", title="Bel partner", urgent=True)]

    dashboard.register(provider)
    try:
        body = client_for(employee).get(reverse("coalition:dashboard")).content.decode()
    finally:
        dashboard._providers.remove(provider)
    assert "Bel partner" in body
    assert "achterstallig" in body


def test_unread_count_in_header_and_mark_read(client_for, employee):
    NotificationFactory.create_batch(2, recipient=employee, send_email=False)
    c = client_for(employee)
    body = c.get(reverse("coalition:notifications")).content.decode()
    assert '<span class="badge">2' in body
    c.post(reverse("coalition:notifications_mark_read"))
    assert not Notification.objects.unread_for(employee).exists()


def test_cannot_mark_someone_elses_notification(client_for, employee, outsider):
    theirs = NotificationFactory(recipient=outsider, send_email=False)
    client_for(employee).post(
        reverse("coalition:notifications_mark_read"), {"notification": [theirs.pk]}
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_list_query_count_is_fixed(
    client_for, employee, django_assert_max_num_queries
):
    c = client_for(employee)
    NotificationFactory(recipient=employee, send_email=False)
    with django_assert_max_num_queries(8):
        c.get(reverse("coalition:notifications"))
    NotificationFactory.create_batch(30, recipient=employee, send_email=False)
    with django_assert_max_num_queries(8):
        c.get(reverse("coalition:notifications"))


def test_organisation_pages_for_member_coordinator_and_outsider(
    client_for, employee, coordinator, outsider, organisation
):
    url = reverse("coalition:organisation_detail", args=[organisation.pk])
    assert client_for(employee).get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    history = reverse("coalition:organisation_history", args=[organisation.pk])
    assert client_for(employee).get(history).status_code == 200
    assert client_for(outsider).get(history).status_code == 404


def test_organisation_history_shows_the_change(client_for, coordinator, organisation):
    organisation.region = "Amsterdam-Oost"
    organisation.save()
    body = (
        client_for(coordinator)
        .get(reverse("coalition:organisation_history", args=[organisation.pk]))
        .content.decode()
    )
    assert "Amsterdam-Oost" in body
    assert "Gewijzigd" in body


def test_admin_is_for_superusers_only(client_for, coordinator, employee):
    from tests.coalition.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(root).get(reverse("admin:index")).status_code == 200
    assert client_for(coordinator).get(reverse("admin:index")).status_code == 302
    assert client_for(employee).get(reverse("admin:index")).status_code == 302


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_reports_a_broken_broker(client, monkeypatch):
    from kombu import Connection

    from coalition.celery import app

    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_history_names_related_objects_instead_of_numbers(
    client_for, coordinator, employee, organisation, other_organisation, team
):
    profile = employee.profile
    profile.job_title = "Begeleider"
    profile.save()
    profile.organisations.add(other_organisation)
    team.organisation = other_organisation
    team.name = "Nachtdienst"
    team.save()
    from coalition.history import history_entries

    changes = [c for e in history_entries(team) for c in e["changes"]]
    assert {"field": "organisatie", "old": "Amstelzorg", "new": "Het Zonnehuis"} in [
        {k: str(v) for k, v in c.items()} for c in changes
    ]
    profile_changes = [c for e in history_entries(profile) for c in e["changes"]]
    organisations = [c for c in profile_changes if str(c["field"]) == "organisaties"]
    assert organisations and "Het Zonnehuis" in organisations[0]["new"]
    assert "{" not in str(organisations[0]["new"])


def test_refusals_and_missing_pages_speak_dutch_in_the_app_layout(client_for, employee):
    c = client_for(employee)
    refused = c.get(reverse("coalition:access_log"))
    assert refused.status_code == 403
    assert "Dit kun je niet doen" in refused.content.decode()
    missing = c.get("/organisaties/999999/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert 'lang="nl"' in body and "Pagina niet gevonden" in body
    assert "Hoofdnavigatie" in body


def test_the_footer_names_ones_roles_in_the_apps_order(client_for, team_lead):
    from django.contrib.auth.models import Group

    from coalition import roles

    team_lead.groups.add(Group.objects.get(name=roles.COORDINATOR))
    body = client_for(team_lead).get(reverse("coalition:dashboard")).content.decode()
    footer = body.split('<footer class="site-footer">')[1]
    coordinator, lead = (str(roles.ROLE_LABELS[r]) for r in (roles.COORDINATOR, roles.TEAM_LEAD))
    assert f"{coordinator}, {lead}" in footer
