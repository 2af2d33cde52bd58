"""Steering-group forms for seats, the group itself, stakeholders, priorities and the
vision: bad input is refused with a message next to the field (Dutch unless the person
chose English) and what was entered is kept; good input does what it says."""

import datetime
import re

import pytest
from django.urls import reverse

from regiegroep import services
from regiegroep.models import Seat
from tests.coalition.factories import UserFactory
from tests.regiegroep.forms_helpers import field_errors, in_english

pytestmark = pytest.mark.django_db


def _colleague(organisation, username):
    person = UserFactory(username=username, first_name="Fatima", last_name="Ouali")
    person.profile.organisations.add(organisation)
    return person


def _seat_data(person, organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "person": person.pk,
        "role": "Lid, portefeuille personeel",
        "expectations": "Bereikbaar in een crisis",
        "hours_per_week": "3",
        "start_date": "2026-02-01",
        "end_date": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_seat(client_for, coordinator, group, organisation):
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(person, organisation)
    )
    assert response.status_code == 302
    seat = Seat.objects.get(person=person)
    assert seat.role == "Lid, portefeuille personeel"


def test_seat_beyond_the_cap_is_refused_with_a_clear_message(
    client_for, coordinator, group, organisation, member
):
    group.max_members = 1
    group.save()
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(person, organisation)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De regiegroep is vol: er zijn 1 van maximaal 1 leden." in body
    assert "Lid, portefeuille personeel" in body  # what was entered is kept
    assert Seat.objects.filter(group=group).count() == 1


def test_seat_dates_in_wrong_order(client_for, coordinator, group, organisation):
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]),
        _seat_data(person, organisation, start_date="2026-05-01", end_date="2026-04-01"),
    )
    body = response.content.decode()
    assert "De einddatum moet op of na de begindatum liggen." in field_errors(body, "end_date")
    assert 'value="2026-05-01"' in body
    assert not Seat.objects.filter(person=person).exists()


def test_duplicate_representative_is_refused_next_to_the_person(
    client_for, coordinator, group, organisation, member
):
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]), _seat_data(member, organisation)
    )
    body = response.content.decode()
    assert "Deze persoon heeft al een zetel in deze regiegroep." in field_errors(body, "person")
    assert Seat.objects.filter(person=member).count() == 1


def test_representative_must_work_for_the_organisation(
    client_for, coordinator, group, organisation, other_organisation
):
    group.organisations.add(other_organisation)
    person = _colleague(organisation, "fatima")
    response = client_for(coordinator).post(
        reverse("regiegroep:seat_create", args=[group.pk]),
        _seat_data(person, other_organisation),
    )
    assert "werkt niet voor Het Zonnehuis" in field_errors(response.content.decode(), "person")


def test_lowering_the_cap_below_taken_seats_is_refused(
    client_for, coordinator, group, member, organisation
):
    other = _colleague(organisation, "fatima")
    services.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=other,
            role="Lid",
            hours_per_week=2,
            start_date=datetime.date(2026, 1, 1),
        )
    )
    response = in_english(client_for(coordinator)).post(
        reverse("regiegroep:group_edit", args=[group.pk]),
        {
            "name": "Regiegroep Amsterdam-Noord",
            "scope": "broad",
            "organisations": [organisation.pk],
            "max_members": 1,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 seats are taken; end seats before lowering the maximum below that." in (
        field_errors(body, "max_members")
    )
    # What was entered is kept.
    assert 'value="Regiegroep Amsterdam-Noord"' in body
    assert re.search(r'<input[^>]*name="scope" value="broad"[^>]*checked', body)
    assert re.search(r'<input[^>]*name="max_members" value="1"', body)
    group.refresh_from_db()
    assert (group.name, group.max_members) == ("Regiegroep Amsterdam", 5)


def test_stakeholder_without_address_or_user_is_refused_next_to_the_address(
    client_for, coordinator, group
):
    response = in_english(client_for(coordinator)).post(
        reverse("regiegroep:stakeholder_create", args=[group.pk]),
        {
            "circle": "3",
            "name": "Centrale cliëntenraad",
            "organisation": "",
            "user": "",
            "email": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Give an e-mail address, or choose the user of this app to inform." in field_errors(
        body, "email"
    )
    assert 'value="Centrale cliëntenraad"' in body
    assert re.search(r'<input[^>]*name="circle" value="3"[^>]*checked', body)
    assert not group.stakeholders.exists()


def test_priority_needs_an_organisation_goal(client_for, member, group):
    response = in_english(client_for(member)).post(
        reverse("regiegroep:priority_create", args=[group.pk]), {"title": "Flexpool"}
    )
    body = response.content.decode()
    assert "Link the priority to the goal of at least one member organisation." in body
    assert 'value="Flexpool"' in body


def test_vision_and_interests_are_saved(client_for, member, group, organisation):
    response = client_for(member).post(
        reverse("regiegroep:vision_edit", args=[group.pk]),
        {
            "vision": "Samen <b>sterk</b>",
            "urgency": "Hoog",
            "relevance": "",
            "client_interest": "Continuïteit",
            "mandate": "Locaties",
            "mandate_domains": ["locations"],
            f"interest_{organisation.pk}": "Wonen",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.mandate_domains == ["locations"]
    assert group.interests.get().interest == "Wonen"
    page = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "Samen &lt;b&gt;sterk&lt;/b&gt;" in page
