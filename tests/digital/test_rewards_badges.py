"""Staff badges and what they show: "my badges" for its owner only, the Open Badges 3.0
credential downloaded by its owner alone and naming nobody, the public achievement page, the
coordinators' overview in counts only with a fixed query count, and valid HTML on every
rewards page."""

import hashlib
import json
import subprocess
from datetime import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from digital.models import StaffBadge
from digital.services import rewards
from tests.digital.rewards_helpers import basic_goal, log, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("achievements")]


OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def staff_badge(user, code, achievements, organisation=None, evidence="Geholpen"):
    return StaffBadge.objects.create(
        user=user, achievement=achievements[code], organisation=organisation, evidence=evidence
    )


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
