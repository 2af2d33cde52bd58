"""The network picture: who may see it, which partners it holds (the same in the picture's
data and in the table), health, size and grouping, a stable layout, the organisation in the
middle, the vendored library with its licence, and a fixed number of queries."""

import json
import math
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coalition import roles
from relatiebeheer.models import Category, Partner, Priority
from relatiebeheer.services.partners import partner_save

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "relatiebeheer" / "static" / "relatiebeheer"


def url(**query):
    path = reverse("relatiebeheer:network")
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def category(organisation, name="Gemeente", target_days=28, max_days=42):
    return Category.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={"target_days": target_days, "max_days": max_days},
    )[0]


def make_partner(organisation, actor, name, *, cat=None, days_ago=None, **fields):
    last = timezone.localdate() - timedelta(days=days_ago) if days_ago is not None else None
    return partner_save(
        partner=Partner(
            organisation=organisation,
            category=cat or category(organisation),
            name=name,
            last_contact_on=last,
            **fields,
        ),
        actor=actor,
    )


def payload(response):
    """The picture's data as the browser reads it: the json_script element."""
    match = re.search(
        r'<script id="network-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no network-data element"
    return json.loads(match.group(1))


def partner_nodes(data):
    return {n["data"]["id"]: n for n in data["nodes"] if n["data"]["kind"] == "partner"}


@pytest.fixture
def other_manager(make_person, other_organisation):
    return make_person(roles.RELATIONSHIP_MANAGER, other_organisation, username="othermanager")


@pytest.fixture
def colleague(make_person, organisation):
    """A relationship manager of the same organisation who keeps none of these partners."""
    return make_person(roles.RELATIONSHIP_MANAGER, organisation, username="colleague")


@pytest.fixture
def world(organisation, other_organisation, relationship_manager, other_manager):
    zorg = category(organisation, "Zorg")
    return {
        "green": make_partner(
            organisation, relationship_manager, "Wijkteam", days_ago=3, priority=Priority.HIGH
        ),
        "amber": make_partner(organisation, relationship_manager, "Huisarts", days_ago=30),
        "red": make_partner(
            organisation, relationship_manager, "Apotheek", cat=zorg, priority=Priority.LOW
        ),
        "shared": make_partner(other_organisation, other_manager, "GGD", shared=True, days_ago=1),
        "hidden": make_partner(other_organisation, other_manager, "Geheim", days_ago=1),
    }


# --- Who may see it ---


@pytest.mark.parametrize(
    "who, status",
    [
        ("coordinator", 200),
        ("relationship_manager", 200),
        ("colleague", 200),  # only looks: the picture changes nothing
        ("other_manager", 200),  # sees their own organisation and what is shared
        ("outsider", 403),  # no role in relationship management
    ],
)
def test_page_by_person(request, client_for, world, who, status):
    assert client_for(request.getfixturevalue(who)).get(url()).status_code == status


def test_an_organisation_one_may_not_centre_on_is_not_found(
    client_for, world, relationship_manager, other_organisation
):
    c = client_for(relationship_manager)
    assert c.get(url(organisatie=other_organisation.pk)).status_code == 404
    assert c.get(url(organisatie="abc")).status_code == 404


def test_coordinator_chooses_the_organisation_in_the_middle(
    client_for, world, coordinator, other_organisation
):
    response = client_for(coordinator).get(url(organisatie=other_organisation.pk))
    assert response.context["centre"] == other_organisation
    assert {p.name for p in response.context["rows"]} == {"GGD", "Geheim"}


# --- What it holds ---


def test_picture_and_table_hold_the_partners_one_may_see(client_for, world, relationship_manager):
    response = client_for(relationship_manager).get(url())
    names = {p.name for p in response.context["rows"]}
    assert names == {"Wijkteam", "Huisarts", "Apotheek", "GGD"}
    nodes = partner_nodes(payload(response))
    assert set(nodes) == {f"partner-{world[k].pk}" for k in ("green", "amber", "red", "shared")}
    content = response.content.decode()
    assert "Geheim" not in content
    for key in ("green", "amber", "red", "shared"):
        assert reverse("relatiebeheer:partner_detail", args=[world[key].pk]) in content


def test_another_organisation_sees_only_what_we_shared(client_for, world, other_manager):
    response = client_for(other_manager).get(url())
    assert {p.name for p in response.context["rows"]} == {"GGD", "Geheim"}


def test_health_size_and_shared_mark(client_for, world, relationship_manager):
    nodes = partner_nodes(payload(client_for(relationship_manager).get(url())))

    def node(key):
        return nodes[f"partner-{world[key].pk}"]["data"]

    assert [node(k)["health"] for k in ("green", "amber", "red")] == ["green", "amber", "red"]
    assert node("green")["size"] > node("amber")["size"] > node("red")["size"]
    assert node("shared")["shared"] is True
    assert node("green")["shared"] is False


def test_table_says_health_in_words_not_only_colour(client_for, world, relationship_manager):
    response = client_for(relationship_manager).get(url())
    rows = {p.name: p for p in response.context["rows"]}
    content = response.content.decode()
    for name, tag in [
        ("Wijkteam", "tag-ok"),
        ("Huisarts", "tag-warning"),
        ("Apotheek", "tag-danger"),
    ]:
        partner = rows[name]
        assert partner.health_tag == tag
        assert f'<span class="tag {tag}">{partner.health_now.label}</span>' in content


def test_partners_are_grouped_by_category_around_the_organisation(
    client_for, world, relationship_manager
):
    data = payload(client_for(relationship_manager).get(url()))
    hubs = {
        n["data"]["id"]: n["data"]["label"]
        for n in data["nodes"]
        if n["data"]["kind"] == "category"
    }
    assert sorted(hubs.values()) == ["Gemeente", "Zorg"]
    parent = {e["data"]["target"]: e["data"]["source"] for e in data["edges"]}
    assert all(parent[hub] == "centre" for hub in hubs)
    by_name = {n["data"]["label"]: n["data"]["id"] for n in data["nodes"]}
    assert hubs[parent[by_name["Apotheek"]]] == "Zorg"
    assert hubs[parent[by_name["Wijkteam"]]] == "Gemeente"


def test_layout_is_stable_and_nodes_do_not_overlap(client_for, organisation, relationship_manager):
    for number in range(40):
        cat = category(organisation, f"Rubriek {number % 5}")
        make_partner(organisation, relationship_manager, f"Partner {number:02}", cat=cat)
    c = client_for(relationship_manager)
    first, second = payload(c.get(url())), payload(c.get(url()))
    assert first == second
    points = [(n["position"]["x"], n["position"]["y"]) for n in first["nodes"]]
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert math.dist(a, b) > 40, (a, b)


def test_no_partners_no_picture(client_for, relationship_manager):
    response = client_for(relationship_manager).get(url())
    assert response.status_code == 200
    assert response.context["picture"] is None
    assert b"network-data" not in response.content


def test_page_runs_no_inline_script(client_for, world, relationship_manager):
    content = client_for(relationship_manager).get(url()).content.decode()
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in content
    assert "relatiebeheer/vendor/cytoscape/cytoscape.min.js" in content
    assert "relatiebeheer/network.js" in content
    assert 'aria-hidden="true"' in content


def test_vendored_library_comes_with_its_licence():
    library = STATIC / "vendor" / "cytoscape" / "cytoscape.min.js"
    licence = STATIC / "vendor" / "cytoscape" / "LICENSE"
    assert library.stat().st_size > 100_000
    assert "Permission is hereby granted" in licence.read_text()
    assert (STATIC / "network.js").is_file()


# --- Queries ---


@pytest.mark.parametrize("count", [1, 60])
def test_page_runs_a_fixed_number_of_queries(
    client_for, organisation, relationship_manager, count, django_assert_max_num_queries
):
    cats = [category(organisation, f"Rubriek {n}") for n in range(4)]
    for number in range(count):
        make_partner(
            organisation,
            relationship_manager,
            f"Partner {number}",
            cat=cats[number % 4],
            days_ago=number,
            priority=[Priority.HIGH, Priority.MEDIUM, Priority.LOW][number % 3],
        )
    c = client_for(relationship_manager)
    with django_assert_max_num_queries(7):
        response = c.get(url())
    assert response.status_code == 200
    assert len(partner_nodes(payload(response))) == count


# --- Valid HTML (the wall's pages too: they are not linked from the crawled pages yet) ---


@pytest.mark.html
def test_pages_are_valid_html(client_for, world, relationship_manager, tmp_path, vnu_jar):
    c = client_for(relationship_manager)
    c.post(reverse("relatiebeheer:success_create"), {"title": "Goed", "story": "Verhaal"})
    pages = {
        "network": c.get(url()),
        "wall": c.get(reverse("relatiebeheer:success_list")),
        "share": c.get(reverse("relatiebeheer:success_create")),
        "share refused": c.post(reverse("relatiebeheer:success_create"), {"story": "x"}),
    }
    files = {}
    for name, response in pages.items():
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *map(str, files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '').rsplit('/', 1)[-1]}: {m.get('message')}" for m in messages]
    assert not problems, "\n".join(problems)
