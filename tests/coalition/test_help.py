"""Help pages: one per part, reachable from every page, the link leading to the part the
person is in."""

import pytest
from django.urls import reverse

from coalition.help import PARTS, part_for
from tests.coalition.factories import UserFactory


@pytest.fixture
def person(client, db):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("part", [p for p in PARTS if p != "start"])
def test_each_part_has_a_help_page(client, person, part):
    response = client.get(reverse("coalition:help", args=[part]))
    assert response.status_code == 200
    assert response.context["part"] == part
    # The page names its topic and links to every other one.
    for other in PARTS:
        if other != "start":
            assert reverse("coalition:help", args=[other]).encode() in response.content
    assert b'aria-current="page"' in response.content


def test_help_index_is_getting_started(client, person):
    response = client.get(reverse("coalition:help_index"))
    assert response.status_code == 200
    assert response.context["part"] == "start"


def test_unknown_help_topic_is_404(client, person):
    assert client.get("/hulp/onbekend/").status_code == 404


def test_help_is_for_signed_in_people(client, db):
    response = client.get(reverse("coalition:help_index"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("view_name", "expected"),
    [
        ("coalition:dashboard", "coalition:help_index"),
        ("regiegroep:index", "regiegroep"),
        ("dilemmas:index", "dilemmas"),
        ("digital:index", "digital"),
    ],
)
def test_header_help_link_leads_to_the_part_you_are_in(client, person, view_name, expected):
    response = client.get(reverse(view_name))
    assert response.status_code == 200
    url = reverse(expected) if ":" in expected else reverse("coalition:help", args=[expected])
    assert f'class="help-link" href="{url}"'.encode() in response.content


def test_part_for_maps_namespaces():
    assert part_for("relatiebeheer:partner_list") == "relatiebeheer"
    assert part_for("coalition:profile") == "start"
    assert part_for("") == "start"
