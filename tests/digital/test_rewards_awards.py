"""Badges earned by working with clients: the award rules (each badge once, a staff badge
announced without naming the client, a client badge never announced), the badges coming
through the care-plan services, and a client's badges shown only to its care team."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from coalition.models import Notification
from digital.models import Achievement, ClientBadge, Goal, GoalStatus, StaffBadge
from digital.services import plans as plan_services
from digital.services import rewards
from tests.digital.rewards_helpers import basic_goal, log, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("achievements")]


def codes(badges):
    return sorted(badge.achievement.code for badge in badges)


# --- Award rules ---


def test_first_working_attempt_earns_the_client_first_step_once(
    make_client, organisation, care_worker
):
    client = make_client(organisation, "AZ-1")
    goal = basic_goal(client)
    assert rewards.after_attempt(attempt=log(goal, care_worker, worked=False)) == []
    assert not ClientBadge.objects.exists()

    made = rewards.after_attempt(attempt=log(goal, care_worker))
    assert codes(made) == ["eerste-stap"]
    assert made[0].client == client

    assert rewards.after_attempt(attempt=log(goal, care_worker)) == []
    assert ClientBadge.objects.filter(client=client).count() == 1


def test_a_client_badge_is_never_announced(make_client, organisation, care_worker):
    client = make_client(organisation, "AZ-SECRET")
    rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    assert ClientBadge.objects.filter(client=client).exists()
    assert not Notification.objects.exists()


def test_digihelper_after_working_attempts_with_five_different_clients(
    make_client, organisation, care_worker, achievements
):
    clients = [make_client(organisation, f"AZ-{n}") for n in range(5)]
    for client in clients[:4]:
        rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    # Several attempts with one client, and failures, do not count as more clients.
    rewards.after_attempt(attempt=log(basic_goal(clients[0]), care_worker))
    rewards.after_attempt(attempt=log(basic_goal(clients[4]), care_worker, worked=False))
    assert not StaffBadge.objects.filter(user=care_worker).exists()

    made = rewards.after_attempt(attempt=log(basic_goal(clients[4]), care_worker))
    assert codes(made) == ["digihelper", "eerste-stap"]
    badge = StaffBadge.objects.get(user=care_worker)
    assert badge.achievement == achievements["digihelper"]
    assert badge.organisation == organisation
    assert badge.evidence and not any(c.number in badge.evidence for c in clients)

    notification = Notification.objects.get()
    assert notification.recipient == care_worker
    assert notification.url.startswith(url("my_badges"))
    assert notification.send_email is False
    assert not any(c.number in notification.subject + notification.body for c in clients)

    # A sixth client earns no second badge and no second notification.
    sixth = make_client(organisation, "AZ-6")
    assert codes(rewards.after_attempt(attempt=log(basic_goal(sixth), care_worker))) == [
        "eerste-stap"
    ]
    assert StaffBadge.objects.filter(user=care_worker).count() == 1
    assert Notification.objects.count() == 1


def test_goal_reached_earns_the_client_and_the_care_worker_a_badge_once(
    make_client, organisation, care_worker, intake_staff, service
):
    client = make_client(organisation, "AZ-1")
    goal = Goal.objects.create(client=client, title="Beeldbellen", service=service)
    made = rewards.after_goal_reached(goal=goal, actor=care_worker)
    assert codes(made) == ["doel-gehaald", "eerste-doel-begeleid"]
    assert StaffBadge.objects.get(user=care_worker).organisation == organisation
    assert Notification.objects.get().recipient == care_worker

    second = Goal.objects.create(client=client, title="Medicijnen bestellen", service=service)
    assert rewards.after_goal_reached(goal=second, actor=care_worker) == []
    # Someone else of the team guides their first goal: their badge, not the client's again.
    assert codes(rewards.after_goal_reached(goal=second, actor=intake_staff)) == [
        "eerste-doel-begeleid"
    ]
    assert ClientBadge.objects.filter(client=client).count() == 1


def test_the_basic_goal_reached_also_earns_basics_in_order(make_client, organisation, care_worker):
    client = make_client(organisation, "AZ-1")
    made = rewards.after_goal_reached(goal=basic_goal(client), actor=care_worker)
    assert codes(made) == ["basis-op-orde", "doel-gehaald", "eerste-doel-begeleid"]


def test_a_badge_an_installation_took_out_is_not_awarded(make_client, organisation, care_worker):
    Achievement.objects.filter(code="eerste-stap").delete()
    client = make_client(organisation, "AZ-1")
    assert rewards.after_attempt(attempt=log(basic_goal(client), care_worker)) == []


def test_badges_come_through_the_care_plan_services(make_client, organisation, care_worker):
    client = make_client(organisation, "AZ-1")
    goal = plan_services.ensure_basic_goal(client=client, actor=care_worker)
    plan_services.attempt_log(goal=goal, worked=True, note="", actor=care_worker)
    plan_services.goal_set_status(goal=goal, status=GoalStatus.REACHED, actor=care_worker)
    assert codes(ClientBadge.objects.filter(client=client)) == [
        "basis-op-orde",
        "doel-gehaald",
        "eerste-stap",
    ]
    assert codes(StaffBadge.objects.filter(user=care_worker)) == ["eerste-doel-begeleid"]


def test_client_badges_lists_the_clients_badges_newest_first(
    make_client, organisation, other_organisation, care_worker
):
    client = make_client(organisation, "AZ-1")
    other = make_client(other_organisation, "ZH-1")
    rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    rewards.after_goal_reached(goal=basic_goal(client), actor=care_worker)
    rewards.after_attempt(attempt=log(basic_goal(other), care_worker))
    badges = rewards.client_badges(client)
    assert isinstance(badges, list)
    assert {b.client_id for b in badges} == {client.pk}
    assert len(badges) == 3
    assert badges[-1].achievement.code == "eerste-stap"


def test_client_badges_include_shows_name_and_date(make_client, organisation, care_worker):
    client = make_client(organisation, "AZ-1")
    rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    html = render_to_string(
        "digital/_client_badges.html",
        {"client": client, "badges": rewards.client_badges(client)},
    )
    badge = ClientBadge.objects.get()
    assert "Eerste stap" in html
    # The page shows the day in the app's time zone, not UTC's (they differ after 23:00 UTC).
    assert f'datetime="{timezone.localdate(badge.awarded_at):%Y-%m-%d}"' in html
    empty = render_to_string("digital/_client_badges.html", {"client": client, "badges": []})
    assert "Eerste stap" not in empty and "<h2" in empty


@pytest.mark.parametrize(
    "who, status, shown",
    [
        ("care_worker", 200, True),  # the client's care team
        ("intake_staff", 200, True),
        ("coordinator", 404, False),  # never sees a client, nor its badges
        ("outsider", 404, False),
    ],
)
def test_client_badges_are_seen_on_the_client_page_only_by_the_care_team(
    request, client_for, make_client, organisation, care_worker, who, status, shown
):
    client = make_client(organisation, "AZ-1")
    rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    response = client_for(request.getfixturevalue(who)).get(url("client_detail", client.pk))
    assert response.status_code == status
    assert ("Eerste stap" in response.content.decode()) is shown
