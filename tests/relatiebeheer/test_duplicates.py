"""Likely duplicates: the same partner written a little differently is found, different
partners are not, and only among the organisation's own partners."""

import pytest

from relatiebeheer.duplicates import THRESHOLD, DuplicateFinder, likely_duplicates, similarity
from relatiebeheer.models import Category, normalise_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, place",
    [
        ("De Brug", "Amsterdam"),
        ("Stichting de Brug B.V.", "Amsterdam"),
        ("de brug", "amsterdam"),
        ("De Brugg", "Amsterdam"),  # a typo
        ("Brug, De", "Amsterdam"),  # word order
        ("De Brug", ""),  # no place in the file: compared by name alone
    ],
)
def test_the_same_partner_written_differently_is_found(some_partners, organisation, name, place):
    found = likely_duplicates(organisation.pk, name, place)
    assert [p.name for p in found][:1] == ["Stichting De Brug"]
    assert found[0].similarity >= THRESHOLD


@pytest.mark.parametrize(
    "name, place",
    [
        ("De Brug", "Utrecht"),
        ("Humanitas", "Amsterdam"),
        ("Buurtzorg West", "Amsterdam"),
        ("Zorg", ""),
        ("", "Amsterdam"),
    ],
)
def test_different_partners_are_not_duplicates(some_partners, organisation, name, place):
    assert likely_duplicates(organisation.pk, name, place) == []


def test_a_partner_is_not_its_own_duplicate(some_partners, organisation):
    brug = some_partners[0]
    assert likely_duplicates(organisation.pk, brug.name, brug.place, exclude_pk=brug.pk) == []


def test_only_the_organisations_own_partners_count(
    some_partners, other_organisation, make_partner, make_person, organisation
):
    assert likely_duplicates(other_organisation.pk, "De Brug", "Amsterdam") == []
    other_keeper = make_person("relationship_manager", other_organisation, username="other")
    theirs = Category.objects.create(organisation=other_organisation, name="Gemeente")
    made = make_partner("De Brug", "Amsterdam", category=theirs, actor=other_keeper)
    assert [p.pk for p in likely_duplicates(other_organisation.pk, "Brug", "Amsterdam")] == [
        made.pk
    ]
    assert made.pk not in [p.pk for p in likely_duplicates(organisation.pk, "Brug", "Amsterdam")]


def test_limit_and_order(make_partner, organisation):
    for suffix in ["", " 1", " 2", " 3"]:
        make_partner(f"Wijkteam Centrum{suffix}", "Zaandam")
    found = likely_duplicates(organisation.pk, "Wijkteam Centrum", "Zaandam", limit=2)
    assert len(found) == 2
    assert found[0].name == "Wijkteam Centrum"
    assert found[0].similarity >= found[1].similarity


def test_a_single_word_is_not_found_inside_every_longer_name():
    assert similarity("zorg", "buurtzorg zorg plus") < THRESHOLD
    assert similarity("brug amsterdam", "brug b v amsterdam") == 100


def test_two_queries_for_the_partner_form(
    some_partners, organisation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        likely_duplicates(organisation.pk, "De Brug", "Amsterdam")


def test_finder_reads_the_partners_once(some_partners, organisation, django_assert_num_queries):
    finder = DuplicateFinder(organisation.pk)
    with django_assert_num_queries(0):
        assert finder.scores("Buurtzorg Oost", "Amsterdam")
        assert not finder.scores("Iets Anders", "Amsterdam")
    assert normalise_name("Buurtzorg Oost", "Amsterdam") == "buurtzorg oost amsterdam"
