"""Lists that can grow page through 50 rows at a time, and their order is a choice kept in
the URL with the filters, so a link, a next page and an export show the same list."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coalition.paging import PER_PAGE
from tests.coalition.factories import NotificationFactory, OrganisationFactory, TeamFactory


def usernames(response):
    return [p.username for p in response.context["page"].object_list]


def test_people_sort_by_last_login_and_keep_it_in_the_page_links(
    client_for, coordinator, make_person, organisation
):
    now = timezone.now()
    for n in range(PER_PAGE + 2):
        make_person("employee", organisation, username=f"p{n:02}", last_name=f"Naam {n:02}")
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="p07").update(last_login=now + timedelta(hours=1))
    get_user_model().objects.filter(username="p03").update(last_login=now - timedelta(days=1))

    c = client_for(coordinator)
    response = c.get(reverse("coalition:person_list"), {"sort": "laatst-ingelogd"})
    # The coordinator logged in just now, between the two.
    assert usernames(response)[:3] == ["p07", "coordinator", "p03"]
    assert "sort=laatst-ingelogd" in response.context["query"]
    assert b"sort=laatst-ingelogd&amp;page=2" in response.content

    by_name = usernames(c.get(reverse("coalition:person_list"), {"sort": "naam"}))
    assert by_name == sorted(by_name, key=lambda u: u)  # "Naam 00" ... in last-name order
    # An unknown order falls back to the first one instead of an error.
    assert c.get(reverse("coalition:person_list"), {"sort": "x"}).status_code == 200


def test_people_export_follows_the_chosen_order(client_for, coordinator, make_person, organisation):
    make_person("employee", organisation, username="aa", last_name="Zwart")
    make_person("employee", organisation, username="bb", last_name="Appel")
    body = (
        client_for(coordinator)
        .get(reverse("coalition:person_export"), {"sort": "naam", "q": "a"})
        .content.decode()
    )
    assert body.index("Appel") < body.index("Zwart")


def test_notifications_page_through_all_of_them(client_for, employee):
    NotificationFactory.create_batch(PER_PAGE + 5, recipient=employee, send_email=False)
    c = client_for(employee)
    first = c.get(reverse("coalition:notifications"))
    assert len(first.context["page"].object_list) == PER_PAGE
    second = c.get(reverse("coalition:notifications"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_organisation_list_pages(client_for, coordinator):
    for n in range(PER_PAGE + 1):
        OrganisationFactory(name=f"Org {n:03}")
    c = client_for(coordinator)
    response = c.get(reverse("coalition:organisation_list"))
    assert response.context["page"].paginator.num_pages == 2
    assert b"page=2" in response.content


def test_organisation_list_shows_each_organisations_own_teams_by_name(
    client_for, coordinator, organisation, team
):
    other = OrganisationFactory(name="Het Zonnehuis")
    TeamFactory(organisation=organisation, name="Ambulant <Oost>")
    TeamFactory(organisation=other, name="Dagbesteding")
    OrganisationFactory(name="Zonder teams")
    body = client_for(coordinator).get(reverse("coalition:organisation_list")).content.decode()
    rows = {
        name: cells
        for name, cells in re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>(.*?)</tr>', body, re.S)
    }
    assert (
        "<td>Ambulant &lt;Oost&gt; (Amstelzorg), Wonen De Pijp (Amstelzorg)</td>"
        in rows["Amstelzorg"]
    )
    assert "<td>Dagbesteding (Het Zonnehuis)</td>" in rows["Het Zonnehuis"]
    assert rows["Zonder teams"].strip().endswith("<td>—</td>")  # the teams column
