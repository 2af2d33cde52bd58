"""History pages read as people speak: names of people and things instead of ids, field
labels, Dutch dates in local time without seconds, and whoever changed it by full name."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from coalition import roles
from regiegroep import services as steering
from regiegroep.models import Circle, Decision, Domain, Seat
from tests.coalition.factories import TeamFactory
from tests.regiegroep.factories import DecisionFactory, SteeringGroupFactory

pytestmark = pytest.mark.django_db

# Everything is set up on 1 June and changed on 1 July; 10:15 UTC is 12:15 in Amsterdam then.
SETUP = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
MOMENT = datetime.datetime(2026, 7, 1, 10, 15, 30, 123456, tzinfo=datetime.UTC)
LOCAL = "1 juli 2026 12:15"


def main_of(response):
    assert response.status_code == 200
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def rows_of(body):
    """{field label: (before, after)} of every change row, the newest change last."""
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>', body
    )
    return {field: (old, new) for field, old, new in reversed(rows)}


def assert_readable_times(body):
    assert LOCAL in body
    assert "10:15" not in body  # UTC
    assert ":30" not in body and "123456" not in body and "+00:00" not in body


def label(text):
    """`text` as the Dutch page shows it, a field label with its capital."""
    with translation.override("nl"):
        return capfirst(str(text))


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


@pytest.fixture(autouse=True)
def _set_up_before_the_change():
    with time_machine.travel(SETUP, tick=False):
        yield


@pytest.fixture
def group(organisation):
    return SteeringGroupFactory(name="Regiegroep Amsterdam", organisations=[organisation])


@pytest.fixture
def member(group, organisation, steering_member):
    named(steering_member, "Jan", "de Vries")
    steering.seat_save(
        seat=Seat(
            group=group,
            organisation=organisation,
            person=steering_member,
            role="Voorzitter",
            hours_per_week=4,
            start_date=datetime.date(2026, 1, 1),
        ),
        today=datetime.date(2026, 1, 1),
    )
    return steering_member


def test_person_history_names_organisations_and_teams(
    client_for, coordinator, employee, other_organisation
):
    named(coordinator, "Carla", "van der Berg")
    profile = employee.profile
    profile._history_user = coordinator
    with time_machine.travel(MOMENT, tick=False):
        profile.organisations.add(other_organisation)
        profile.teams.add(TeamFactory(organisation=other_organisation, name="Zonnehuis Noord"))
    body = main_of(
        client_for(coordinator).get(reverse("coalition:person_history", args=[employee.pk]))
    )
    rows = rows_of(body)
    assert rows["Organisaties"] == ("Amstelzorg", "Amstelzorg, Het Zonnehuis")
    assert rows["Teams"] == (
        "Wonen De Pijp (Amstelzorg)",
        "Wonen De Pijp (Amstelzorg), Zonnehuis Noord (Het Zonnehuis)",
    )
    assert_readable_times(body)
    assert "door Carla van der Berg" in body and "coordinator" not in body


def test_decision_history_names_the_publisher_and_the_circles(client_for, member, group, outsider):
    decision = DecisionFactory(group=group, title="Flexpool")
    with time_machine.travel(MOMENT, tick=False):
        c = client_for(member)
        response = c.post(
            reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": ["2", "3"]}
        )
    assert response.status_code == 302 and "login" not in response.url
    url = reverse("regiegroep:decision_history", args=[decision.pk])
    body = main_of(c.get(url))
    rows = rows_of(body)
    field = Decision._meta.get_field
    assert rows[label(field("published_by").verbose_name)] == ("—", "Jan de Vries")
    assert rows[label(field("circles").verbose_name)] == (
        "—",
        f"{label(Circle.SECOND.label)}, {label(Circle.THIRD.label)}",
    )
    assert rows[label(field("published_at").verbose_name)] == ("—", LOCAL)
    assert "[2, 3]" not in body and "steering" not in body
    assert_readable_times(body)
    assert "door Jan de Vries" in body
    assert client_for(outsider).get(url).status_code == 404


def test_steering_group_history_names_member_organisations_and_domains(
    client_for, member, group, other_organisation
):
    group._history_user = member
    with time_machine.travel(MOMENT, tick=False):
        group.organisations.add(other_organisation)
        group.mandate_domains = [Domain.FINANCES, Domain.PERSONNEL]
        group.save()
    body = main_of(client_for(member).get(reverse("regiegroep:group_history", args=[group.pk])))
    rows = rows_of(body)
    assert rows["Deelnemende organisaties"] == ("Amstelzorg", "Amstelzorg, Het Zonnehuis")
    domains = label(group._meta.get_field("mandate_domains").verbose_name)
    assert rows[domains] == (
        f"{label(Domain.LOCATIONS.label)}, {label(Domain.PERSONNEL.label)}",
        f"{label(Domain.FINANCES.label)}, {label(Domain.PERSONNEL.label)}",
    )
    assert "[&#x27;" not in body and "finances" not in body
    assert_readable_times(body)
    assert "door Jan de Vries" in body


def test_seat_history_names_the_representatives_and_writes_dates_out(
    client_for, member, make_person, organisation
):
    successor = make_person(
        roles.STEERING_MEMBER, organisation, first_name="Anna", last_name="Bakker"
    )
    seat = Seat.objects.get(person=member)
    seat._history_user = member
    with time_machine.travel(MOMENT, tick=False):
        seat.person = successor
        seat.end_date = datetime.date(2026, 12, 31)
        seat.save()
    body = main_of(client_for(member).get(reverse("regiegroep:seat_history", args=[seat.pk])))
    rows = rows_of(body)
    field = Seat._meta.get_field
    assert rows[label(field("person").verbose_name)] == ("Jan de Vries", "Anna Bakker")
    assert rows[label(field("end_date").verbose_name)] == ("—", "31 december 2026")
    assert_readable_times(body)
