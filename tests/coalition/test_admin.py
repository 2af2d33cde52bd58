"""Coordinators manage people in the admin without widening their own access."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change_form_data(client, user):
    response = client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("groups", "user_permissions"):
            data[name] = [getattr(v, "pk", v) for v in (value or [])]
        elif value is not None and name != "password":
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for key in ("last_login", "date_joined"):
        if key in data:
            data[f"{key}_0"], _, data[f"{key}_1"] = str(form.initial[key])[:19].partition(" ")
    data.update(
        {
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": user.profile.pk,
            "profile-0-user": user.pk,
            "profile-0-job_title": user.profile.job_title,
            "profile-0-organisations": [o.pk for o in user.profile.organisations.all()],
            "profile-0-teams": [t.pk for t in user.profile.teams.all()],
        }
    )
    return data


def test_coordinator_cannot_make_themselves_superuser_or_team_lead(client_for, coordinator, team):
    c = client_for(coordinator)
    data = _change_form_data(c, coordinator)
    data.update(
        {
            "is_superuser": "on",
            "groups": [Group.objects.get(name="team_lead").pk],
            "profile-0-teams": [team.pk],
        }
    )
    c.post(reverse("admin:auth_user_change", args=[coordinator.pk]), data)
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser
    assert not coordinator.groups.filter(name="team_lead").exists()
    assert not coordinator.profile.teams.exists()


def test_coordinator_gives_another_person_a_role(client_for, coordinator, employee):
    c = client_for(coordinator)
    data = _change_form_data(c, employee)
    data["groups"] = [Group.objects.get(name="team_lead").pk]
    response = c.post(reverse("admin:auth_user_change", args=[employee.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert employee.groups.filter(name="team_lead").exists()


def test_coordinator_cannot_change_a_superuser(client_for, coordinator):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    c = client_for(coordinator)
    change = reverse("admin:auth_user_change", args=[root.pk])
    assert c.post(change, {"username": "taken-over"}).status_code == 403
    delete = reverse("admin:auth_user_delete", args=[root.pk])
    assert c.post(delete, {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.username == "root"
