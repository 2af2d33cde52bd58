"""The export of the partners one may see (CSV for Dutch Excel, and .xlsx): what it holds,
the list filters it follows, formulas kept as text, and a fixed number of queries. And the
export of contact moments: only those with partners one may see."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from relatiebeheer.models import Category, ContactKind, ContactMoment, Partner, Priority
from relatiebeheer.services import partners as partner_services
from tests.relatiebeheer.importing import import_file, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper_client(client_for, keeper):
    return client_for(keeper)


@pytest.fixture
def shared_elsewhere(make_person, other_organisation):
    other_keeper = make_person("relationship_manager", other_organisation, username="elsewhere")
    theirs = Category.objects.create(organisation=other_organisation, name="Hun rubriek")
    shared = partner_services.partner_save(
        partner=Partner(
            organisation=other_organisation, category=theirs, name="Gedeelde Partner", shared=True
        ),
        actor=other_keeper,
    )
    hidden = partner_services.partner_save(
        partner=Partner(organisation=other_organisation, category=theirs, name="Verborgen"),
        actor=other_keeper,
    )
    return shared, hidden


def csv_rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_export_csv_holds_what_one_may_see(keeper_client, make_partner, shared_elsewhere):
    make_partner("Café Zuid", "Amsterdam", priority=Priority.HIGH, website="https://zuid.nl")
    make_partner('=HYPERLINK("x")', "Diemen")
    response = keeper_client.get(url("partner_export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows[0]) == 10
    names = [row[0] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("x")', "Café Zuid", "Gedeelde Partner"]
    cafe = rows[2]
    assert cafe[:7] == ["Café Zuid", "Amsterdam", "", "Gemeente", "1", "", "https://zuid.nl"]
    assert cafe[7] == "Amstelzorg"


def test_export_follows_the_list_filters(keeper_client, make_partner, partner_category):
    make_partner("Wijkteam Oost", "Amsterdam", priority=Priority.HIGH)
    make_partner("Wijkteam West", "Zaandam", priority=Priority.LOW)
    other = Category.objects.create(organisation=partner_category.organisation, name="Zorg")
    make_partner("Huisarts", "Zaandam", category=other, priority=Priority.HIGH)

    def names(**query):
        response = keeper_client.get(url("partner_export_csv"), query)
        return [row[0] for row in csv_rows(response)[1:]]

    assert names(q="wijkteam") == ["Wijkteam Oost", "Wijkteam West"]
    assert names(q="zaandam") == ["Huisarts", "Wijkteam West"]
    assert names(categorie=other.pk) == ["Huisarts"]
    assert names(prioriteit=1) == ["Huisarts", "Wijkteam Oost"]
    assert names(prioriteit=1, categorie=partner_category.pk) == ["Wijkteam Oost"]


def test_export_xlsx(keeper_client, make_partner, shared_elsewhere):
    make_partner("Café Zuid", "Amsterdam", priority=Priority.HIGH)
    make_partner("=1+1", "Diemen")
    response = keeper_client.get(url("partner_export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in rows[1:]] == ["=1+1", "Café Zuid", "Gedeelde Partner"]
    assert sheet["A2"].data_type == "s"  # text, never a formula
    assert rows[2][:5] == ["Café Zuid", "Amsterdam", None, "Gemeente", 1]


def test_an_export_can_be_imported_again(keeper_client, make_partner, other_organisation):
    make_partner("Wijkteam Oost", "Amsterdam", priority=Priority.HIGH)
    exported = keeper_client.get(url("partner_export_csv")).content
    Partner.objects.all().delete()
    import_file(keeper_client, exported, "partners.csv")
    partner = Partner.objects.get()
    assert (partner.name, partner.place, partner.priority) == ("Wijkteam Oost", "Amsterdam", 1)
    assert partner.category.name == "Gemeente"


@pytest.mark.parametrize("who", ["coordinator", "keeper"])
@pytest.mark.parametrize("name", ["partner_export_csv", "partner_export_xlsx"])
def test_export_runs_a_fixed_number_of_queries(
    request, client_for, make_partner, django_assert_max_num_queries, name, who
):
    # Session, user, roles, (organisations,) the category filter, the partners.
    client = client_for(request.getfixturevalue(who))
    make_partner("Eerste", "Amsterdam")
    query = {"q": "e", "prioriteit": 2}
    with django_assert_max_num_queries(6) as one:
        response = client.get(url(name), query)
    assert response.status_code == 200
    for n in range(59):
        make_partner(f"Partner {n}", "Utrecht")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url(name), query)
    assert response.status_code == 200
    exported = csv_rows(response) if name.endswith("csv") else None
    if exported is not None:
        assert len(exported) == 61


# --- Contact moments ---


@pytest.fixture
def moments(make_partner, keeper, coordinator, other_organisation):
    mine = make_partner("Wijkteam Oost")
    ContactMoment.objects.create(
        partner=mine, kind=ContactKind.CALL, summary="Gebeld over de winter", logged_by=keeper
    )
    elsewhere = make_partner(
        "Andermans partner",
        organisation=other_organisation,
        category=Category.objects.create(organisation=other_organisation, name="Zorg"),
        actor=coordinator,
    )
    ContactMoment.objects.create(
        partner=elsewhere, kind=ContactKind.VISIT, summary="Geheim bezoek", logged_by=keeper
    )
    return mine, elsewhere


def test_contact_export_has_only_the_partners_one_may_see(client_for, keeper, moments):
    response = client_for(keeper).get(reverse("relatiebeheer:contact_export"), {"format": "csv"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gebeld over de winter" in body
    assert "Geheim bezoek" not in body


def test_contact_export_is_refused_outside_relationship_management(client_for, employee, moments):
    response = client_for(employee).get(reverse("relatiebeheer:contact_export"))
    assert response.status_code == 403


def test_contact_export_in_excel(client_for, coordinator, moments):
    response = client_for(coordinator).get(
        reverse("relatiebeheer:contact_export"), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert {row[1] for row in rows[1:]} == {"Wijkteam Oost", "Andermans partner"}
