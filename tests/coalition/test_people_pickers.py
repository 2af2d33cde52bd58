"""Choosing people: address-book order, names with organisation, only the organisation's own
people, and a fixed number of queries however long the list."""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from coalition import roles
from coalition.forms import PeopleChoiceField, PersonChoiceField, people_of
from coalition.names import sort_key, sort_key_for, split_last_name
from regiegroep.forms import SeatForm
from relatiebeheer.models import Category, Partner
from relatiebeheer.services.partners import partner_save
from tests.regiegroep.factories import SteeringGroupFactory

pytestmark = pytest.mark.django_db


def in_order(*names):
    """`names` ("Jan|de Vries": first name and last name) in address-book order."""
    people = [name.split("|") for name in names]
    return ["|".join(p) for p in sorted(people, key=lambda p: sort_key_for(p[0], p[1]))]


def test_de_vries_sorts_under_v_between_bakker_and_zomer():
    assert in_order("Piet|Zomer", "Jan|de Vries", "Anna|Bakker") == [
        "Anna|Bakker",
        "Jan|de Vries",
        "Piet|Zomer",
    ]


def test_van_der_berg_sorts_under_b():
    assert in_order("Carla|Claes", "Kees|van der Berg", "Anna|Bakker", "Ali|Aydin") == [
        "Ali|Aydin",
        "Anna|Bakker",
        "Kees|van der Berg",
        "Carla|Claes",
    ]


def test_among_namesakes_the_tussenvoegsel_then_the_first_name_decides():
    assert in_order("Bram|van Vries", "Jan|de Vries", "Eva|Vries", "Anna|de Vries") == [
        "Eva|Vries",
        "Anna|de Vries",
        "Jan|de Vries",
        "Bram|van Vries",
    ]


def test_case_and_accents_do_not_count():
    assert sort_key_for("Éva", "De Vries") == sort_key_for("eva", "de vries")
    assert in_order("Zoë|Ölmez", "Anna|Olde") == ["Anna|Olde", "Zoë|Ölmez"]


@pytest.mark.parametrize(
    "last_name, split",
    [
        ("de Vries", ("de", "Vries")),
        ("van der Berg", ("van der", "Berg")),
        ("van den Heuvel", ("van den", "Heuvel")),
        ("ter Horst", ("ter", "Horst")),
        ("te Riele", ("te", "Riele")),
        ("den Uyl", ("den", "Uyl")),
        ("het Hart", ("het", "Hart")),
        ("in 't Veld", ("in 't", "Veld")),
        ("in \u2019t Veld", ("in 't", "Veld")),
        ("op de Beek", ("op de", "Beek")),
        ("Van Dijk", ("Van", "Dijk")),
        ("Vries, de", ("de", "Vries")),
        ("d'Ancona", ("d'", "Ancona")),
        ("Bakker", ("", "Bakker")),
        ("Van", ("", "Van")),
        ("", ("", "")),
    ],
)
def test_tussenvoegsels_are_split_off_the_surname(last_name, split):
    assert split_last_name(last_name) == split


def test_a_tussenvoegsel_typed_with_the_first_name_counts_the_same():
    assert sort_key_for("Jan de", "Vries")[:3] == sort_key_for("Jan", "de Vries")[:3]


def _form(queryset, *, many=True):
    if many:
        field = PeopleChoiceField(queryset=queryset, widget=forms.CheckboxSelectMultiple)
    else:
        field = PersonChoiceField(queryset=queryset)
    return type("PickForm", (forms.Form,), {"who": field})()


@pytest.fixture
def people(make_person, organisation, other_organisation):
    made = {
        "zomer": make_person(
            roles.EMPLOYEE, organisation, first_name="Piet", last_name="Zomer", username="pzomer"
        ),
        "devries": make_person(
            roles.EMPLOYEE, organisation, first_name="Jan", last_name="de Vries", username="jan1"
        ),
        "bakker": make_person(
            roles.EMPLOYEE, organisation, first_name="Anna", last_name="Bakker", username="abak"
        ),
        "berg": make_person(
            roles.EMPLOYEE,
            organisation,
            first_name="Kees",
            last_name="van der Berg",
            username="kberg",
        ),
    }
    made["devries"].profile.organisations.add(other_organisation)
    return made


def _labels(field):
    return [label for value, label in field.choices if value != ""]


def test_choices_come_in_address_book_order_with_organisations(people, organisation):
    form = _form(people_of([organisation]))
    assert _labels(form.fields["who"]) == [
        "Anna Bakker (Amstelzorg)",
        "Kees van der Berg (Amstelzorg)",
        "Jan de Vries (Amstelzorg, Het Zonnehuis)",
        "Piet Zomer (Amstelzorg)",
    ]


def test_the_username_tells_namesakes_apart(people, make_person, organisation):
    make_person(
        roles.EMPLOYEE, organisation, first_name="Jan", last_name="de Vries", username="jan2"
    )
    labels = _labels(_form(people_of([organisation]), many=False).fields["who"])
    assert "Jan de Vries (Amstelzorg, Het Zonnehuis) – jan1" in labels
    assert "Jan de Vries (Amstelzorg) – jan2" in labels
    assert "Anna Bakker (Amstelzorg)" in labels


def test_someone_without_a_name_is_shown_by_username(make_person, organisation):
    make_person(roles.EMPLOYEE, organisation, first_name="", last_name="", username="nameless")
    assert _labels(_form(people_of([organisation])).fields["who"]) == ["nameless (Amstelzorg)"]


def test_the_picker_is_marked_for_the_filter_box(people, organisation):
    html = str(_form(people_of([organisation]), many=False)["who"])
    assert re.search(r'<select[^>]*class="people-picker"', html)
    html = str(_form(people_of([organisation]))["who"])
    assert re.search(r'<div id="id_who" class="people-picker">', html)


def test_pages_load_the_filter_script(client_for, employee):
    body = client_for(employee).get(reverse("coalition:dashboard")).content.decode()
    assert re.search(r'<script src="[^"]*js/pickers\.js" defer', body)


@pytest.mark.parametrize("count", [1, 12])
def test_query_count_does_not_grow_with_the_list(
    count, make_person, organisation, django_assert_num_queries
):
    for n in range(count):
        make_person(roles.EMPLOYEE, organisation, username=f"person{n}")
    form = _form(people_of([organisation]))
    # The people with their profiles, and their organisations.
    with django_assert_num_queries(2):
        html = str(form["who"])
    assert html.count('type="checkbox"') == count


def test_seat_form_offers_only_people_of_the_member_organisations(people, organisation, outsider):
    group = SteeringGroupFactory(organisations=[organisation])
    outsider.first_name, outsider.last_name = "Olga", "Buiten"
    outsider.save()
    labels = _labels(SeatForm(group=group).fields["person"])
    assert "Anna Bakker (Amstelzorg)" in labels
    assert not any("Buiten" in label for label in labels)


def test_partner_page_offers_only_managers_of_the_partners_organisation(
    client_for, people, relationship_manager, organisation, other_organisation, make_person
):
    make_person(
        roles.RELATIONSHIP_MANAGER,
        other_organisation,
        first_name="Olga",
        last_name="Buiten",
        username="olga",
    )
    category = Category.objects.create(organisation=organisation, name="Gemeente")
    partner = partner_save(
        partner=Partner(organisation=organisation, category=category, name="OLVG Oost"),
        actor=relationship_manager,
    )
    body = client_for(relationship_manager).get(partner.get_absolute_url()).content.decode()
    picker = re.search(r'<select name="manager-manager"[^>]*>(.*?)</select>', body, re.S)
    assert picker and 'class="people-picker"' in picker.group(0)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", picker.group(1))
    assert options.index("Anna Bakker (Amstelzorg)") < options.index(
        "Jan de Vries (Amstelzorg, Het Zonnehuis)"
    )
    assert not any("Buiten" in option for option in options)


def test_sort_key_of_a_user_reads_first_and_last_name():
    user = get_user_model()(first_name="Jan", last_name="de Vries", username="jdv")
    assert sort_key(user) == ("vries", "de", "jan", "jdv")
