"""Fixtures shared by the relationship-management tests: a category of the organisation,
its relationship manager, and a few partners made through the service (so their normalised
names are set the way the app sets them). For the RRO: a fixed moment, two relationship
managers (Ann chairs), their series and an overdue partner of Ann's."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from relatiebeheer.models import Assignment, Category, Level, Partner
from relatiebeheer.services.partners import contact_log, partner_save
from tests.relatiebeheer.meetings_helpers import NOW, make_series


@pytest.fixture
def partner_category(organisation):
    return Category.objects.create(organisation=organisation, name="Gemeente")


@pytest.fixture
def keeper(make_person, organisation):
    """A relationship manager of the organisation: keeps its partners."""
    return make_person("relationship_manager", organisation, username="relations")


@pytest.fixture
def make_partner(keeper, partner_category):
    def make(name, place="Amsterdam", *, organisation=None, category=None, actor=None, **fields):
        category = category or partner_category
        partner = Partner(
            organisation=organisation or category.organisation,
            category=category,
            name=name,
            place=place,
            **fields,
        )
        return partner_save(partner=partner, actor=actor or keeper)

    return make


@pytest.fixture
def some_partners(make_partner):
    return [
        make_partner("Stichting De Brug", "Amsterdam"),
        make_partner("Buurtzorg Oost", "Amsterdam"),
        make_partner("GGD Amsterdam", ""),
    ]


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo data set, for the browser journeys."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def fixed_now():
    """Time stands still at NOW (a Monday morning in Amsterdam) for the RRO tests."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ann(make_person, organisation):
    return make_person(
        "relationship_manager",
        organisation,
        username="ann",
        first_name="Ann",
        last_name="de Boer",
        email="ann@example.org",
    )


@pytest.fixture
def bob(make_person, organisation):
    return make_person(
        "relationship_manager",
        organisation,
        username="bob",
        first_name="Bob",
        last_name="Jansen",
        email="bob@example.org",
    )


@pytest.fixture
def series(organisation, ann, bob):
    return make_series(organisation, ann, [ann, bob])


@pytest.fixture
def overdue_partner(make_partner, ann):
    partner = make_partner("Huisartsenpraktijk Noord")
    Assignment.objects.create(partner=partner, manager=ann, level=Level.TACTICAL)
    contact_log(
        partner=partner,
        on=timezone.localdate() - timedelta(days=100),
        kind="call",
        summary="Kennismaking",
        follow_up="",
        person=None,
        actor=ann,
    )
    return partner
