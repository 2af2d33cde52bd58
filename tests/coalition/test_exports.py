"""Lists a coordinator reports from, as CSV and Excel: the same rows the list shows, only
for who may see the list, safe to open in a spreadsheet, in a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalition import exports


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Dutch Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- People ---


def test_people_export_has_the_people_with_their_roles(client_for, coordinator, employee):
    employee.first_name, employee.last_name = "Jan", "de Vries"
    employee.save()
    response = client_for(coordinator).get(reverse("coalition:person_export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Achternaam", "Voornaam", "Gebruikersnaam"]
    jan = next(r for r in rows if r[2] == employee.username)
    assert jan[:2] == ["de Vries", "Jan"]
    assert "Medewerker" in jan[6] or "medewerker" in jan[6].lower()


def test_people_export_keeps_the_list_filters_and_opens_in_excel(
    client_for, coordinator, employee, care_worker
):
    response = client_for(coordinator).get(
        reverse("coalition:person_export"), {"format": "xlsx", "role": "care_worker"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response)
    usernames = [row[2] for row in rows[1:]]
    assert usernames == [care_worker.username]


@pytest.mark.parametrize("who", ["employee", "team_lead", "steering_member"])
def test_only_coordinators_export_people(client_for, request, who):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("coalition:person_export")).status_code == 403


def test_people_export_runs_a_fixed_number_of_queries(
    client_for, coordinator, make_person, organisation, django_assert_max_num_queries
):
    c = client_for(coordinator)
    c.get(reverse("coalition:person_export"))
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("coalition:person_export"), {"format": "xlsx"})
    for n in range(25):
        make_person("employee", organisation, username=f"extra{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("coalition:person_export"), {"format": "xlsx"})


def test_a_cell_never_runs_as_a_formula():
    rows = [['=HYPERLINK("http://evil")', "+31 20", "-", "@SUM(A1)", "gewoon"]]
    csv_rows = list(
        csv.reader(io.StringIO(exports.to_csv(["a"] * 5, rows).decode()[1:]), delimiter=";")
    )
    assert csv_rows[1] == ['\'=HYPERLINK("http://evil")', "'+31 20", "'-", "'@SUM(A1)", "gewoon"]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(["a"] * 5, rows, sheet_name="t"))).active
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert all(cell.data_type == "s" for cell in cells)
    assert cells[0].value == '=HYPERLINK("http://evil")'


def test_values_are_written_as_people_read_them():
    from datetime import date

    assert exports.plain(None) == ""
    assert exports.plain(date(2026, 3, 1)) == "2026-03-01"
    assert exports.plain(7) == 7
    assert exports.plain(True) in ("ja", "yes")
