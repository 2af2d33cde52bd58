"""The core's forms: a person's own profile, people and organisations as coordinators keep
them. Whatever is typed: never a server error; accepted means stored as typed and shown as
text; refused means an error next to a field and every value still in the form."""

import itertools

from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from coalition.models import Organisation, Sector, Team

from .checks import (
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

User = get_user_model()
_numbers = itertools.count()
# A valid address longer than the 254 characters a mail address column holds.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl"


emails = Either(st.emails(), st.one_of(st.emails().map(lambda e: f" {e}\n"), field_text))

profile_data = form(
    first_name=Text(150, required=True),
    last_name=Text(150, required=True),
    email=emails,
    language=Choice("nl", "en"),
    notification_mail=Choice("instant", "digest", "in_app"),
)
PLAIN_PROFILE = {
    "first_name": "Fatima",
    "last_name": "el Amrani",
    "email": "fatima@example.org",
    "language": "nl",
    "notification_mail": "instant",
}


@given(data=profile_data)
@example(data=PLAIN_PROFILE)
@example(
    data={**PLAIN_PROFILE, "first_name": "<script>alert('x')</script>", "last_name": "<b>vet</b>"}
)
@example(data={**PLAIN_PROFILE, "email": LONG_EMAIL})
@example(data={**PLAIN_PROFILE, "email": "b" * 40 + "@" + "c" * 40 + ".example.org"})
def test_profile_form(browser_for, employee, data):
    client = browser_for(employee)
    url = reverse("coalition:profile")
    response = post(client, url, data)
    if accepted(response):
        employee.refresh_from_db()
        assert employee.first_name == typed(data["first_name"])
        assert employee.last_name == typed(data["last_name"])
        assert employee.email == typed(data["email"])
        assert employee.profile.language == data["language"]
        fits_its_column(employee, "first_name", "last_name", "email")
        fits_its_column(employee.profile.history.latest(), "history_change_reason")
        body = page_text(get(client, url))
        no_raw_markup(body)
        for value in (employee.first_name, employee.last_name, employee.email):
            shown_as_text(body, value)
    else:
        refused_with_input_kept(response, data, ["first_name", "last_name", "email"])


usernames = Either(st.from_regex(r"\A[a-z][a-z0-9._-]{2,12}\Z"))


@given(
    data=form(
        username=usernames,
        first_name=Text(150, required=True),
        last_name=Text(150, required=True),
        email=emails,
        job_title=Text(200),
        note=Text(),
    )
)
@example(
    data={
        "username": "jdevries",
        "first_name": "Jan",
        "last_name": "de Vries",
        "email": "jan@example.org",
        "job_title": "<img src=x onerror=alert(1)>",
        "note": "",
    }
)
@example(
    data={
        "username": "lang",
        "first_name": "Lang",
        "last_name": "Adres",
        "email": LONG_EMAIL,
        "job_title": "",
        "note": "",
    }
)
def test_person_create_form(browser_for, coordinator, organisation, data):
    client = browser_for(coordinator)
    data = {**data, "organisations": [organisation.pk]}
    before = User.objects.count()
    response = post(client, reverse("coalition:person_create"), data)
    if accepted(response):
        person = User.objects.latest("pk")
        assert User.objects.count() == before + 1
        assert person.username == typed(data["username"])
        assert person.first_name == typed(data["first_name"])
        assert person.last_name == typed(data["last_name"])
        assert person.email == typed(data["email"])
        assert person.profile.job_title == typed(data["job_title"])
        fits_its_column(person, "username", "first_name", "last_name", "email")
        fits_its_column(person.profile, "job_title")
        body = page_text(get(client, reverse("coalition:person_detail", args=[person.pk])))
        no_raw_markup(body)
        shown_as_text(body, person.get_full_name() or person.username)
        shown_as_text(body, person.profile.job_title)
        export = reverse("coalition:person_export") + "?format=xlsx"
        exported(client, export, person.first_name, person.last_name, person.email)
    else:
        assert User.objects.count() == before
        refused_with_input_kept(
            response, data, ["username", "first_name", "last_name", "email", "job_title", "note"]
        )


@given(
    data=form(
        first_name=Text(150, required=True), last_name=Text(150, required=True), job_title=Text(200)
    )
)
@example(data={"first_name": "Piet", "last_name": "<b>vet</b>", "job_title": "Teamleider"})
def test_person_edit_form(browser_for, coordinator, make_person, organisation, data):
    person = make_person("employee", organisation, username=f"edited{next(_numbers)}")
    client = browser_for(coordinator)
    data = {**data, "organisations": [organisation.pk], "is_active": "on"}
    response = post(client, reverse("coalition:person_edit", args=[person.pk]), data)
    if accepted(response):
        person.refresh_from_db()
        person.profile.refresh_from_db()
        assert person.first_name == typed(data["first_name"])
        assert person.last_name == typed(data["last_name"])
        assert person.profile.job_title == typed(data["job_title"])
        fits_its_column(person, "first_name", "last_name")
        fits_its_column(person.profile, "job_title")
        body = page_text(get(client, reverse("coalition:person_detail", args=[person.pk])))
        no_raw_markup(body)
        shown_as_text(body, person.get_full_name() or person.username)
        shown_as_text(body, person.profile.job_title)
    else:
        refused_with_input_kept(response, data, ["first_name", "last_name", "job_title"])


@given(data=form(name=Text(200, required=True), sector=Choice(*Sector.values), region=Text(100)))
@example(data={"name": "<script>alert('x')</script>", "sector": "elderly", "region": ""})
def test_organisation_form(browser_for, coordinator, data):
    client = browser_for(coordinator)
    before = Organisation.objects.count()
    response = post(client, reverse("coalition:organisation_create"), data)
    if accepted(response):
        organisation = Organisation.objects.latest("pk")
        assert Organisation.objects.count() == before + 1
        assert organisation.name == typed(data["name"])
        assert organisation.region == typed(data["region"])
        fits_its_column(organisation, "name", "region")
        body = page_text(get(client, organisation.get_absolute_url()))
        no_raw_markup(body)
        shown_as_text(body, organisation.name)
        shown_as_text(body, organisation.region)
    else:
        assert Organisation.objects.count() == before
        refused_with_input_kept(response, data, ["name", "region"])


@given(data=form(name=Text(200, required=True)))
@example(data={"name": "<b>vet</b> team"})
def test_team_form(browser_for, coordinator, organisation, data):
    name = data["name"]
    client = browser_for(coordinator)
    before = Team.objects.count()
    response = post(
        client, reverse("coalition:team_create", args=[organisation.pk]), {"name": name}
    )
    if accepted(response):
        team = Team.objects.latest("pk")
        assert team.name == typed(name)
        fits_its_column(team, "name")
        body = page_text(get(client, organisation.get_absolute_url()))
        no_raw_markup(body)
        shown_as_text(body, team.name)
    else:
        assert Team.objects.count() == before
        refused_with_input_kept(response, {"name": name}, ["name"])
