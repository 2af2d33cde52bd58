"""Badges and digital champions: the award rules (once each, client badges never announced),
champions named and removed by coordinators with history, "my badges" and the Open Badges
3.0 credential for its owner only, the counts-only overview; who may, who may only look,
who gets nothing; fixed query counts; valid HTML."""

import hashlib
import json
import subprocess
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import Notification
from digital.defaults import ensure_achievements
from digital.models import (
    Achievement,
    Attempt,
    Champion,
    Client,
    ClientBadge,
    Goal,
    GoalStatus,
    Language,
    StaffBadge,
    TargetGroup,
)
from digital.services import plans as plan_services
from digital.services import rewards

pytestmark = pytest.mark.django_db

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def url(name, *args):
    return reverse(f"digital:{name}", args=args)


@pytest.fixture(autouse=True)
def achievements(db):
    """The default badges, whether or not the data migration's rows survived a flush."""
    ensure_achievements(Achievement)
    return {a.code: a for a in Achievement.objects.all()}


@pytest.fixture
def make_client(db):
    language, _ = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    group, _ = TargetGroup.objects.get_or_create(name="Ouderen")

    def make(organisation, number):
        return Client.objects.create(
            organisation=organisation, number=number, language=language, target_group=group
        )

    return make


def basic_goal(client):
    goal, _ = Goal.objects.get_or_create(client=client, is_basic=True, defaults={"title": "Basis"})
    return goal


def log(goal, user, *, worked=True):
    return Attempt.objects.create(goal=goal, worked=worked, logged_by=user)


def codes(badges):
    return sorted(badge.achievement.code for badge in badges)


def staff_badge(user, code, achievements, organisation=None, evidence="Geholpen"):
    return StaffBadge.objects.create(
        user=user, achievement=achievements[code], organisation=organisation, evidence=evidence
    )


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
    assert f'datetime="{badge.awarded_at:%Y-%m-%d}"' in html
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


# --- Champions: the services ---


@pytest.fixture
def colleague(make_person, organisation):
    return make_person("employee", organisation, username="colleague", first_name="Sanne")


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


@pytest.fixture
def champion(coordinator, colleague, organisation):
    return rewards.champion_name(
        user=colleague, organisation=organisation, note="Inloggen met DigiD", actor=coordinator
    )


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


# --- My badges and the Open Badges credential ---


def test_my_badges_shows_only_my_own(client_for, care_worker, employee, achievements, organisation):
    mine = staff_badge(care_worker, "digihelper", achievements, organisation, "Vijf cliënten")
    c = client_for(care_worker)
    body = c.get(url("my_badges")).content.decode()
    assert url("badge_credential", mine.pk) in body and "Vijf cliënten" in body
    assert f'id="badge-{mine.pk}"' in body
    # Badges still to earn are listed with what they take.
    assert url("achievement_detail", "digicoach") in body
    other = client_for(employee).get(url("my_badges"))
    assert other.status_code == 200
    other_body = other.content.decode()
    assert url("badge_credential", mine.pk) not in other_body and "Vijf cliënten" not in other_body


@pytest.mark.parametrize("who", ["coordinator", "employee", "intake_staff", "outsider"])
def test_only_the_owner_downloads_a_credential(request, client_for, care_worker, achievements, who):
    badge = staff_badge(care_worker, "digihelper", achievements)
    response = client_for(request.getfixturevalue(who)).get(url("badge_credential", badge.pk))
    assert response.status_code == 404


def test_credential_is_an_open_badges_3_credential(
    client_for, care_worker, achievements, organisation, settings
):
    settings.SITE_URL = "https://coalitie.example.org"
    badge = staff_badge(care_worker, "digihelper", achievements, organisation, "Vijf cliënten")
    response = client_for(care_worker).get(url("badge_credential", badge.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and 'filename="' in disposition
    assert ".json" in disposition
    body = response.content.decode()
    assert care_worker.email not in body  # only its salted hash

    vc = json.loads(body)
    assert vc["@context"] == OB_CONTEXT
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"].startswith("urn:uuid:")
    assert vc["issuer"] == {
        "id": "https://coalitie.example.org",
        "type": ["Profile"],
        "name": "Coalition",
    }
    assert datetime.fromisoformat(vc["validFrom"]) == badge.awarded_at.replace(microsecond=0)
    assert "proof" not in vc  # unsigned for now
    assert vc["evidence"] == [{"type": ["Evidence"], "narrative": "Vijf cliënten"}]

    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    (identifier,) = subject["identifier"]
    assert identifier["type"] == "IdentityObject"
    assert identifier["identityType"] == "emailAddress" and identifier["hashed"] is True
    salt = identifier["salt"]
    expected = hashlib.sha256((care_worker.email.lower() + salt).encode()).hexdigest()
    assert identifier["identityHash"] == f"sha256${expected}"

    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["id"] == "https://coalitie.example.org" + url(
        "achievement_detail", "digihelper"
    )
    assert achievement["name"] == "Digihelper"
    assert achievement["description"] and achievement["criteria"]["narrative"]
    assert achievement["alignment"] == [
        {
            "type": ["Alignment"],
            "targetName": "Hiaten in digitale competenties herkennen",
            "targetFramework": "DigComp 2.2",
            "targetCode": "5.4",
            "targetUrl": "https://joint-research-centre.ec.europa.eu/digcomp_en",
        }
    ]

    # The same badge downloads as the same credential.
    again = json.loads(client_for(care_worker).get(url("badge_credential", badge.pk)).content)
    assert again == vc


def test_credential_of_someone_without_an_e_mail_address_hashes_their_name(
    client_for, make_person, organisation, achievements
):
    person = make_person("care_worker", organisation, username="noaddress", email="")
    badge = staff_badge(person, "digicoach", achievements)
    vc = json.loads(client_for(person).get(url("badge_credential", badge.pk)).content)
    (identifier,) = vc["credentialSubject"]["identifier"]
    assert identifier["identityType"] == "name"
    assert identifier["identityHash"].startswith("sha256$")
    assert person.get_full_name() not in json.dumps(vc)


def test_achievement_page_is_public_and_names_nobody(client, care_worker, achievements):
    staff_badge(care_worker, "digihelper", achievements)
    response = client.get(url("achievement_detail", "digihelper"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Digihelper" in body and "5.4" in body
    assert care_worker.get_full_name() not in body
    assert client.get(url("achievement_detail", "bestaat-niet")).status_code == 404


# --- Recognition overview (coordinators, counts only) ---


@pytest.mark.parametrize(
    "who, status",
    [
        ("coordinator", 200),
        ("care_worker", 403),
        ("intake_staff", 403),
        ("employee", 403),
        ("outsider", 403),
    ],
)
def test_overview_by_person(request, client_for, who, status):
    assert client_for(request.getfixturevalue(who)).get(url("rewards_overview")).status_code == (
        status
    )


def test_overview_counts_per_organisation_without_naming_anyone(
    client_for,
    coordinator,
    care_worker,
    make_client,
    organisation,
    other_organisation,
    make_person,
):
    for n in range(3):
        client = make_client(organisation, f"AZ-GEHEIM-{n}")
        rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    elsewhere = make_person("care_worker", other_organisation, username="zh-care")
    rewards.after_goal_reached(
        goal=basic_goal(make_client(other_organisation, "ZH-1")), actor=elsewhere
    )

    response = client_for(coordinator).get(url("rewards_overview"))
    assert response.status_code == 200
    tables = response.context["tables"]
    clients = {name: (row, total) for name, row, total in tables["clients"]["rows"]}
    columns = [a.code for a in tables["clients"]["achievements"]]
    amstel, amstel_total = clients["Amstelzorg"]
    assert amstel[columns.index("eerste-stap")] == 3 and amstel_total == 3
    zonnehuis, zonnehuis_total = clients["Het Zonnehuis"]
    assert zonnehuis[columns.index("basis-op-orde")] == 1 and zonnehuis_total == 2
    staff = {name: total for name, _row, total in tables["staff"]["rows"]}
    assert staff == {"Amstelzorg": 0, "Het Zonnehuis": 1}
    body = response.content.decode()
    assert "AZ-GEHEIM" not in body and "ZH-1" not in body
    assert elsewhere.get_full_name() not in body


def test_overview_query_count_does_not_grow(
    client_for, coordinator, care_worker, make_client, organisation, make_person
):
    c = client_for(coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url("rewards_overview")).status_code == 200
        return len(queries)

    rewards.after_attempt(attempt=log(basic_goal(make_client(organisation, "AZ-0")), care_worker))
    one = count()
    for n in range(1, 7):
        worker = make_person("care_worker", organisation, username=f"cw{n}")
        client = make_client(organisation, f"AZ-{n}")
        rewards.after_attempt(attempt=log(basic_goal(client), worker))
        rewards.after_goal_reached(goal=basic_goal(client), actor=worker)
    assert count() == one


# --- Valid HTML ---


@pytest.mark.html
def test_rewards_pages_are_valid_html(
    client_for,
    coordinator,
    care_worker,
    champion,
    achievements,
    organisation,
    make_client,
    tmp_path,
    vnu_jar,
):
    badge = staff_badge(care_worker, "digihelper", achievements, organisation, "Vijf cliënten")
    client = make_client(organisation, "AZ-1")
    rewards.after_attempt(attempt=log(basic_goal(client), care_worker))
    c = client_for(coordinator)
    include = render_to_string(
        "digital/_client_badges.html", {"client": client, "badges": rewards.client_badges(client)}
    )
    pages = {
        "champions": c.get(url("champion_list")),
        "champion-create": c.get(url("champion_create")),
        "champion-errors": c.post(url("champion_create"), {"user": "x"}),
        "overview": c.get(url("rewards_overview")),
        "my-badges": client_for(care_worker).get(url("my_badges")),
        "my-badges-empty": c.get(url("my_badges")),
        "achievement": c.get(url("achievement_detail", badge.achievement.code)),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        path = tmp_path / f"{name}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files.append(str(path))
    fragment = tmp_path / "client-badges.html"
    fragment.write_text(
        f'<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><main>{include}'
        "</main></body></html>",
        encoding="utf-8",
    )
    files.append(str(fragment))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '').rsplit('/', 1)[-1]}: {m.get('message')}" for m in messages]
    assert not problems, "\n".join(problems)
