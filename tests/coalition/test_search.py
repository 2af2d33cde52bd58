"""One search box: each person finds what they may open, and nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from coalition import search
from coalition.models import AccessLogEntry
from dilemmas.models import DilemmaCase
from tests.coalition.factories import UserFactory

URL = reverse("coalition:search")


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to make demo accounts otherwise
    call_command("seed_demo", verbosity=0)


def find(client, username, query):
    client.force_login(get_user_model().objects.get(username=username))
    with translation.override("en"):
        response = client.get(URL, {"q": query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {
        result.provider.key: [hit.title for hit in result.hits]
        for result in response.context["results"]
    }, response


def test_search_finds_across_parts_only_what_the_person_may_open(client, demo):
    # Published decisions for staff of the member organisations; drafts only for the group.
    found, _ = find(client, "employee", "flexpool")
    assert "Kosten flexpool gedeeld gedragen" in found["decisions"]
    found, _ = find(client, "employee", "noodbedden")
    assert "decisions" not in found
    found, _ = find(client, "steering", "noodbedden")
    assert found["decisions"] == ["Reservering van twee noodbedden per organisatie"]

    # Scenarios are for those who see all of a group's content.
    assert "scenarios" not in find(client, "employee", "lockdown")[0]
    assert find(client, "steering", "lockdown")[0]["scenarios"] == [
        "Landelijke lockdown door een pandemie"
    ]

    # Partners are for relationship management only; the menu is for every member of staff.
    assert "Apotheek Gaasperdam" in find(client, "relations", "apotheek")[0]["partners"]
    assert "partners" not in find(client, "employee", "apotheek")[0]
    assert find(client, "employee", "digid")[0]["services"] == ["Inloggen met DigiD oefenen"]
    assert (
        "Basistraining moreel beraad" in find(client, "employee", "basistraining")[0]["trainings"]
    )


def test_search_shows_a_case_only_to_who_may_see_it_and_logs_the_hit(client, demo):
    case = DilemmaCase.objects.get(title="Camera in de huiskamer")
    before = AccessLogEntry.objects.count()

    found, response = find(client, "workgroup", "camera huiskamer")
    assert found["cases"] == ["Camera in de huiskamer"]
    assert case.get_absolute_url().encode() in response.content
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.username, entry.object_id, entry.outcome) == (
        "workgroup",
        str(case.pk),
        AccessLogEntry.Outcome.VIEWED,
    )
    # The search words never reach the log: a term can itself name a record.
    assert "camera" not in entry.path.lower()

    # A coordinator runs the coalition but never sees cases; nor does someone elsewhere.
    for username in ("coordinator", "employee2"):
        found, response = find(client, username, "camera huiskamer")
        assert "cases" not in found
        assert b"Camera in de huiskamer" not in response.content
    assert AccessLogEntry.objects.count() == before + 1


def test_outsider_finds_nothing_confidential(client, demo):
    UserFactory(username="outsider")  # signed in, of no organisation in the coalition
    for query in ("flexpool", "camera", "apotheek", "lockdown", "noodbedden"):
        found, _ = find(client, "outsider", query)
        assert not {"decisions", "scenarios", "cases", "partners"} & set(found), query


def test_short_or_empty_query_asks_for_more(client, demo):
    client.force_login(get_user_model().objects.get(username="employee"))
    response = client.get(URL, {"q": "a"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["too_short"] is True
    assert response.context["results"] == []
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["results"] == []


def test_nothing_found_says_what_to_try(client, demo):
    client.force_login(get_user_model().objects.get(username="employee"))
    response = client.get(URL, {"q": "qwxzyv"})
    assert b"Niets gevonden voor" in response.content


def test_every_page_has_the_search_box(client, demo):
    client.force_login(get_user_model().objects.get(username="careworker"))
    response = client.get(reverse("coalition:dashboard"))
    assert b'role="search"' in response.content
    assert URL.encode() in response.content


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(URL, {"q": "flexpool"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_terms_are_words_of_two_letters_or_more():
    assert search.terms_of("  a de  Vries x ") == ["de", "Vries"]
    assert len(search.terms_of(" ".join(["woord"] * 20))) == search.MAX_TERMS


@pytest.mark.parametrize("username", ["workgroup", "steering", "relations", "coordinator"])
def test_search_runs_a_fixed_number_of_queries(
    client, demo, username, django_assert_max_num_queries
):
    client.force_login(get_user_model().objects.get(username=username))
    with django_assert_max_num_queries(30):
        client.get(URL, {"q": "de"})


def _queries(client, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"q": query}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["coordinator", "steering", "employee"])
def test_search_costs_the_same_with_ten_steering_groups_as_with_one(client, demo, username):
    from coalition.permissions import user_organisation_ids
    from regiegroep.models import SteeringGroup

    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    before = _queries(client, "de")
    organisations = list(user_organisation_ids(user))
    for n in range(9):
        group = SteeringGroup.objects.create(
            name=f"Regiegroep {n}",
            scope=SteeringGroup._meta.get_field("scope").choices[0][0],
            max_members=5,
        )
        group.organisations.set(organisations)
    assert _queries(client, "de") == before
