"""Fixtures shared by the relationship-management tests: a category of the organisation,
its relationship manager, and a few partners made through the service (so their normalised
names are set the way the app sets them)."""

import pytest
from django.core.management import call_command

from relatiebeheer.models import Category, Partner
from relatiebeheer.services.partners import partner_save


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
