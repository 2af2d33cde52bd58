"""Network partners, their contact moments and contact persons. Whatever is typed: never a
server error; accepted means stored as typed and shown as text; refused means an error next
to a field (or the likely duplicates, with "save anyway") and every value kept."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from relatiebeheer.models import Category, ContactKind, ContactMoment, ContactRole, Level, Partner
from relatiebeheer.services.partners import partner_save

from .checks import (
    ERROR_SIGNS,
    accepted,
    exported,
    fits_its_column,
    get,
    no_raw_markup,
    page_text,
    post,
    refused_with_input_kept,
    shown_as_text,
    typed,
)
from .strategies import Choice, Either, Text, field_text, form

# A valid address longer than the 254 characters a mail address column holds.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl"


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


@pytest.fixture
def keeper(make_person, organisation):
    return make_person("relationship_manager", organisation, username="keeper")


@pytest.fixture
def category(organisation):
    return Category.objects.create(organisation=organisation, name="Gemeente")


websites = Either(st.sampled_from(["", "www.example.nl", "https://example.org/a?b=1"]))


@given(
    data=form(
        name=Text(200, required=True),
        sector=Text(100),
        place=Text(100),
        region=Text(100),
        website=websites,
        priority=Choice("1", "2", "3"),
    ),
    anyway=st.booleans(),
)
@example(
    data={
        "name": "<script>alert('x')</script>",
        "sector": "<b>vet</b>",
        "place": "Amsterdam",
        "region": "",
        "website": "",
        "priority": "2",
    },
    anyway=False,
)
def test_partner_form(browser_for, keeper, organisation, category, data, anyway):
    client = browser_for(keeper)
    data = {**data, "organisation": organisation.pk, "category": category.pk}
    if anyway:
        data["toch"] = "1"
    before = Partner.objects.count()
    response = post(client, url("partner_create"), data)
    typed_fields = ["name", "sector", "place", "region", "website"]
    if not accepted(response):
        assert Partner.objects.count() == before
        # Likely duplicates come back like an error: shown on top, with "save anyway".
        signs = (*ERROR_SIGNS, 'name="toch"')
        refused_with_input_kept(response, data, typed_fields, signs=signs)
        return
    partner = Partner.objects.latest("pk")
    for name in ("name", "sector", "place", "region"):
        assert getattr(partner, name) == typed(data[name]), name
    fits_its_column(partner, "name", "sector", "place", "region", "website", "normalised_name")
    body = page_text(get(client, partner.get_absolute_url()))
    no_raw_markup(body)
    for value in (partner.name, partner.sector, partner.place, partner.region, partner.website):
        shown_as_text(body, value)
    for export in ("partner_export_csv", "partner_export_xlsx"):
        exported(client, url(export), partner.name, partner.sector, partner.place)


@pytest.fixture
def partner(keeper, organisation, category):
    return partner_save(
        partner=Partner(organisation=organisation, category=category, name="Buurtzorg Oost"),
        actor=keeper,
    )


@given(
    data=form(
        **{
            "contact-on": Either(
                st.just("2026-01-05"), st.one_of(st.just("2999-01-01"), field_text)
            ),
            "contact-kind": Choice(*ContactKind.values),
            "contact-summary": Text(required=True),
            "contact-follow_up": Text(),
        }
    )
)
@example(
    data={
        "contact-on": "2026-01-05",
        "contact-kind": "call",
        "contact-summary": "<img src=x onerror=alert(1)>",
        "contact-follow_up": "<b>vet</b>",
    }
)
def test_contact_moment_form(browser_for, keeper, partner, data):
    client = browser_for(keeper)
    before = ContactMoment.objects.count()
    response = post(client, url("contact_log", partner.pk), data)
    if not accepted(response):
        assert ContactMoment.objects.count() == before
        refused_with_input_kept(
            response, data, ["contact-on", "contact-summary", "contact-follow_up"]
        )
        return
    moment = ContactMoment.objects.latest("pk")
    assert (moment.summary, moment.follow_up) == (
        typed(data["contact-summary"]),
        typed(data["contact-follow_up"]),
    )
    body = page_text(get(client, partner.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, moment.summary)
    shown_as_text(body, moment.follow_up)


emails = Either(st.one_of(st.just(""), st.emails()))


@given(
    data=form(
        **{
            "role-name": Text(150, required=True),
            "role-email": emails,
            "role-phone": Text(30),
            "role-level": Choice(*Level.values),
            "role-title": Text(150),
        }
    )
)
@example(
    data={
        "role-name": "Anja <b>vet</b>",
        "role-email": "anja@example.org",
        "role-phone": "020 123",
        "role-level": "tactical",
        "role-title": "<script>alert('x')</script>",
    }
)
@example(
    data={
        "role-name": "Anja",
        "role-email": LONG_EMAIL,
        "role-phone": "",
        "role-level": "tactical",
        "role-title": "",
    }
)
def test_contact_person_form(browser_for, keeper, partner, data):
    client = browser_for(keeper)
    data = {**data, "role-starts_on": datetime.date(2026, 1, 1).isoformat(), "role-ends_on": ""}
    before = ContactRole.objects.count()
    response = post(client, url("role_add", partner.pk), data)
    if not accepted(response):
        assert ContactRole.objects.count() == before
        refused_with_input_kept(
            response, data, ["role-name", "role-email", "role-phone", "role-title"]
        )
        return
    role = ContactRole.objects.select_related("person").latest("pk")
    person = role.person
    assert (person.name, person.email, person.phone, role.title) == (
        typed(data["role-name"]),
        typed(data["role-email"]),
        typed(data["role-phone"]),
        typed(data["role-title"]),
    )
    fits_its_column(person, "name", "email", "phone")
    fits_its_column(role, "title")
    body = page_text(get(client, partner.get_absolute_url()))
    no_raw_markup(body)
    shown_as_text(body, person.name)
    shown_as_text(body, role.title)
