"""Digital champions: named and removed by coordinators only, with history, once per
organisation and earning the digicoach badge once; the champion list for everyone signed in,
its form with refusals next to the fields, removal by POST only, and a fixed query count."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Notification
from digital.models import Champion, StaffBadge
from digital.services import rewards
from tests.digital.rewards_helpers import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("achievements")]


# --- Champions: the services ---


def test_coordinator_names_a_champion_who_earns_digicoach(coordinator, colleague, organisation):
    champion = rewards.champion_name(
        user=colleague, organisation=organisation, note="Beeldbellen", actor=coordinator
    )
    assert champion.note == "Beeldbellen"
    badge = StaffBadge.objects.get(user=colleague)
    assert badge.achievement.code == "digicoach"
    assert badge.organisation == organisation
    assert organisation.name in badge.evidence
    assert Notification.objects.get().recipient == colleague
    record = champion.history.get()
    assert record.history_type == "+" and record.history_user == coordinator


def test_only_a_coordinator_names_or_removes_champions(
    coordinator, colleague, organisation, care_worker
):
    with pytest.raises(PermissionDenied):
        rewards.champion_name(user=colleague, organisation=organisation, note="", actor=colleague)
    champion = rewards.champion_name(
        user=colleague, organisation=organisation, note="", actor=coordinator
    )
    with pytest.raises(PermissionDenied):
        rewards.champion_remove(champion=champion, actor=care_worker)
    assert Champion.objects.filter(pk=champion.pk).exists()


def test_a_champion_works_for_the_organisation(coordinator, outsider, organisation):
    with pytest.raises(ValidationError) as exc:
        rewards.champion_name(user=outsider, organisation=organisation, note="", actor=coordinator)
    assert "user" in exc.value.message_dict
    assert not Champion.objects.exists() and not StaffBadge.objects.exists()


def test_a_champion_is_named_once_per_organisation_and_earns_the_badge_once(
    coordinator, colleague, organisation, other_organisation
):
    rewards.champion_name(user=colleague, organisation=organisation, note="", actor=coordinator)
    with pytest.raises(ValidationError) as exc:
        rewards.champion_name(user=colleague, organisation=organisation, note="", actor=coordinator)
    assert "user" in exc.value.message_dict
    colleague.profile.organisations.add(other_organisation)
    rewards.champion_name(
        user=colleague, organisation=other_organisation, note="", actor=coordinator
    )
    assert Champion.objects.filter(user=colleague).count() == 2
    assert StaffBadge.objects.filter(user=colleague).count() == 1


def test_removing_a_champion_keeps_history_and_badge(coordinator, colleague, organisation):
    champion = rewards.champion_name(
        user=colleague, organisation=organisation, note="", actor=coordinator
    )
    pk = champion.pk
    rewards.champion_remove(champion=champion, actor=coordinator)
    assert not Champion.objects.filter(pk=pk).exists()
    removed = Champion.history.get(id=pk, history_type="-")
    assert removed.history_user == coordinator
    assert StaffBadge.objects.filter(user=colleague, achievement__code="digicoach").exists()


# --- Champions: the pages ---


@pytest.mark.parametrize(
    "who, manages",
    [
        ("coordinator", True),
        ("care_worker", False),  # looks, and finds the champion
        ("employee", False),
        ("outsider", False),  # another organisation's staff finds them too
    ],
)
def test_champion_list_for_everyone_signed_in(request, client_for, champion, who, manages):
    response = client_for(request.getfixturevalue(who)).get(url("champion_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sanne" in body and "Inloggen met DigiD" in body and "Amstelzorg" in body
    assert (url("champion_create") in body) is manages
    assert (url("champion_remove", champion.pk) in body) is manages
    if manages:
        assert "data-confirm=" in body


def test_champion_list_needs_sign_in(client, champion):
    response = client.get(url("champion_list"))
    assert response.status_code == 302 and "Sanne" not in response.content.decode()


def test_champion_list_filters_by_organisation(
    client_for, employee, champion, make_person, other_organisation, coordinator
):
    elsewhere = make_person("employee", other_organisation, username="far", first_name="Joris")
    rewards.champion_name(
        user=elsewhere, organisation=other_organisation, note="", actor=coordinator
    )
    c = client_for(employee)
    body = c.get(url("champion_list"), {"organisatie": other_organisation.pk}).content.decode()
    assert "Joris" in body and "Sanne" not in body
    assert c.get(url("champion_list"), {"organisatie": "x"}).status_code == 200


@pytest.mark.parametrize(
    "who, status",
    [("coordinator", 200), ("care_worker", 403), ("employee", 403), ("outsider", 403)],
)
def test_champion_create_page_by_person(request, client_for, who, status):
    assert client_for(request.getfixturevalue(who)).get(url("champion_create")).status_code == (
        status
    )


@pytest.mark.parametrize("who", ["care_worker", "employee", "outsider"])
def test_champion_create_refused_to_non_coordinators(request, client_for, colleague, who):
    response = client_for(request.getfixturevalue(who)).post(
        url("champion_create"),
        {"organisation": colleague.profile.organisations.get().pk, "user": colleague.pk},
    )
    assert response.status_code == 403
    assert not Champion.objects.exists()


def test_coordinator_names_a_champion_through_the_form(
    client_for, coordinator, colleague, organisation
):
    response = client_for(coordinator).post(
        url("champion_create"),
        {"organisation": organisation.pk, "user": colleague.pk, "note": " Beeldbellen "},
    )
    assert response.status_code == 302 and response.url == url("champion_list")
    champion = Champion.objects.get()
    assert (champion.user, champion.organisation, champion.note) == (
        colleague,
        organisation,
        "Beeldbellen",
    )
    assert StaffBadge.objects.filter(user=colleague, achievement__code="digicoach").exists()


def test_champion_form_shows_refusals_next_to_the_fields(
    client_for, coordinator, outsider, organisation
):
    c = client_for(coordinator)
    elsewhere = c.post(
        url("champion_create"), {"organisation": organisation.pk, "user": outsider.pk}
    )
    assert elsewhere.status_code == 400
    assert "user" in elsewhere.context["form"].errors
    empty = c.post(url("champion_create"), {"note": "x" * 201})
    assert empty.status_code == 400
    assert {"organisation", "user", "note"} <= set(empty.context["form"].errors)
    assert not Champion.objects.exists()


@pytest.mark.parametrize("who", ["care_worker", "employee", "outsider", "colleague"])
def test_champion_remove_refused_to_non_coordinators(request, client_for, champion, who):
    response = client_for(request.getfixturevalue(who)).post(url("champion_remove", champion.pk))
    assert response.status_code == 403
    assert Champion.objects.filter(pk=champion.pk).exists()


def test_coordinator_removes_a_champion_by_post_only(client_for, coordinator, champion):
    c = client_for(coordinator)
    assert c.get(url("champion_remove", champion.pk)).status_code == 405
    assert Champion.objects.filter(pk=champion.pk).exists()
    response = c.post(url("champion_remove", champion.pk))
    assert response.status_code == 302
    assert not Champion.objects.filter(pk=champion.pk).exists()
    assert c.post(url("champion_remove", champion.pk)).status_code == 404
    # The removal stays visible to coordinators under "recent changes".
    body = c.get(url("champion_list")).content.decode()
    assert "Sanne" in body and 'id="h-changes"' in body


def test_champion_list_query_count_does_not_grow(
    client_for, employee, coordinator, organisation, make_person, django_assert_max_num_queries
):
    def count(c):
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url("champion_list")).status_code == 200
        return len(queries)

    browsers = {who: client_for(who) for who in (employee, coordinator)}
    first = make_person("employee", organisation, username="c0")
    rewards.champion_name(user=first, organisation=organisation, note="", actor=coordinator)
    one = {who: count(c) for who, c in browsers.items()}
    for n in range(1, 8):
        person = make_person("employee", organisation, username=f"c{n}")
        rewards.champion_name(user=person, organisation=organisation, note="", actor=coordinator)
    many = {who: count(c) for who, c in browsers.items()}
    assert many == one
    with django_assert_max_num_queries(10):
        browsers[coordinator].get(url("champion_list"))
