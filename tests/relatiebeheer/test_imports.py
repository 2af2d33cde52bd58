"""Import of partners (CSV in any encoding and delimiter, Excel), its preview with errors by
line and likely duplicates, and undo. The export is in test_export."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import Workbook

from relatiebeheer.models import Category, ContactKind, ImportBatch, Partner, Priority
from relatiebeheer.services import imports as import_services
from relatiebeheer.services import partners as partner_services
from relatiebeheer.views.imports import SESSION_KEY
from tests.relatiebeheer.importing import (
    HEADER,
    guessed_mapping,
    import_file,
    token_of,
    upload,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper_client(client_for, keeper):
    return client_for(keeper)


@pytest.fixture
def other_keeper(make_person, other_organisation):
    return make_person("relationship_manager", other_organisation, username="other-keeper")


# --- Who may do what ---

# (url name, coordinator, keeper, employee without the role, outsider)
PAGES = [
    ("import_list", 200, 200, 403, 403),
    ("import_start", 200, 200, 403, 403),
    ("import_sample", 200, 200, 403, 403),
    ("partner_export_csv", 200, 200, 403, 403),
    ("partner_export_xlsx", 200, 200, 403, 403),
]
PEOPLE = ["coordinator", "keeper", "employee", "outsider"]


@pytest.mark.parametrize(
    "name, who, status",
    [
        (name, who, status)
        for name, *statuses in PAGES
        for who, status in zip(PEOPLE, statuses, strict=True)
    ],
)
def test_pages_by_person(request, client_for, name, who, status):
    user = request.getfixturevalue(who)
    assert client_for(user).get(url(name)).status_code == status


def test_another_organisation_cannot_see_or_undo_our_import(
    keeper_client, client_for, other_keeper, outsider, partner_category
):
    import_file(keeper_client, HEADER + "Wijkteam Oost,Amsterdam,,Gemeente,1,,\n")
    batch = ImportBatch.objects.get()
    assert client_for(other_keeper).get(url("import_batch", batch.pk)).status_code == 404
    assert client_for(other_keeper).post(url("import_undo", batch.pk)).status_code == 404
    assert client_for(outsider).post(url("import_undo", batch.pk)).status_code == 403
    assert Partner.objects.filter(import_batch=batch).count() == 1
    assert batch.pk not in [
        b.pk for b in client_for(other_keeper).get(url("import_list")).context["page"]
    ]


def test_an_import_in_progress_belongs_to_its_session(keeper_client, client_for, keeper):
    token = token_of(upload(keeper_client, HEADER + "A,B,,C,1,,\n"))
    assert client_for(keeper).get(url("import_mapping", token)).status_code == 404
    assert client_for(keeper).post(url("import_run", token)).status_code == 404


def test_steps_that_change_something_accept_post_only(keeper_client, partner_category):
    token = token_of(upload(keeper_client, HEADER + "A,B,,Gemeente,1,,\n"))
    assert keeper_client.get(url("import_run", token)).status_code == 405
    assert keeper_client.get(url("import_cancel", token)).status_code == 405
    import_file(keeper_client, HEADER + "A,B,,Gemeente,1,,\n")
    batch = ImportBatch.objects.get()
    assert keeper_client.get(url("import_undo", batch.pk)).status_code == 405


# --- Reading files ---


def test_utf8_comma_csv_is_imported_as_one_batch(keeper_client, keeper, organisation):
    content = (
        HEADER + "Wijkteam Oost,Amsterdam,Sociaal domein,Gemeente,1,Amstelland,www.example.nl\n"
        '"Huisartsen ""De Linde""",Diemen,Eerstelijn,Zorgaanbieder,laag,,\n'
    )
    response = import_file(keeper_client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("import_batch", batch.pk)
    assert (batch.organisation, batch.imported_by, batch.created_count) == (organisation, keeper, 2)
    oost = Partner.objects.get(name="Wijkteam Oost")
    assert oost.import_batch == batch
    assert (oost.place, oost.sector, oost.region) == ("Amsterdam", "Sociaal domein", "Amstelland")
    assert oost.priority == Priority.HIGH
    assert oost.website == "https://www.example.nl"
    assert oost.normalised_name == "wijkteam oost amsterdam"
    linde = Partner.objects.get(name='Huisartsen "De Linde"')
    assert linde.priority == Priority.LOW
    # Categories the organisation did not have are made with the default rhythm.
    made = Category.objects.get(organisation=organisation, name="Zorgaanbieder")
    assert (made.target_days, made.max_days) == (28, 42)
    page = keeper_client.get(response["Location"])
    assert "Wijkteam Oost" in page.content.decode()


def test_cp1252_semicolon_csv_with_accents(keeper_client, organisation):
    content = "naam;plaats;rubriek;prioriteit\r\nCafé De Zon, Oost;Utrecht;Horeca;hoog\r\n"
    token = token_of(upload(keeper_client, content.encode("cp1252")))
    state = keeper_client.session[SESSION_KEY][token]
    assert (state["encoding"], state["delimiter"]) == ("cp1252", ";")
    page = keeper_client.get(url("import_mapping", token))
    assert "Café De Zon, Oost" in page.content.decode()
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    keeper_client.post(url("import_run", token))
    partner = Partner.objects.get()
    assert (partner.name, partner.place, partner.priority) == ("Café De Zon, Oost", "Utrecht", 1)
    assert partner.category.name == "Horeca"


def test_excel_workbook(keeper_client, partner_category):
    book = Workbook()
    sheet = book.active
    sheet.append(["Naam", "Plaats", "Rubriek", "Prioriteit", "Website"])
    sheet.append(["Voedselbank Zuidoost", "Amsterdam", "Gemeente", 3, None])
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    sheet.append(["GGZ Centraal", "Amersfoort", None, 2.0, "https://ggzcentraal.example.nl"])
    out = io.BytesIO()
    book.save(out)
    response = import_file(
        keeper_client, out.getvalue(), "kaart.xlsx", category=partner_category.pk
    )
    assert response.status_code == 302
    assert ImportBatch.objects.get().file_name == "kaart.xlsx"
    ggz = Partner.objects.get(name="GGZ Centraal")
    assert ggz.category == partner_category  # the default for rows without a category
    assert ggz.priority == Priority.MEDIUM
    assert Partner.objects.get(name="Voedselbank Zuidoost").priority == Priority.LOW


@pytest.mark.parametrize(
    "content, file_name",
    [
        (b"", "leeg.csv"),
        (b"\n\n  \n", "leeg.csv"),
        (b"naam;plaats\n", "alleen-kop.csv"),
        (b"%PDF-1.4\n%\x00\x01\x02binary\x00", "brief.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "oud.xls"),
        (b"PK\x03\x04not really a workbook", "kapot.xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_the_choices_kept(
    keeper_client, partner_category, content, file_name
):
    response = upload(
        keeper_client, content, file_name, category=partner_category.pk, priority=Priority.LOW
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["file"]
    html = response.content.decode()
    assert re.search(rf'<option value="{partner_category.pk}" selected>', html)
    assert re.search(rf'<option value="{Priority.LOW}" selected>', html)
    assert not ImportBatch.objects.exists()


def test_the_user_can_say_how_to_read_the_file(keeper_client):
    token = token_of(upload(keeper_client, "naam;plaats\nDe Zon;Utrecht\n"))
    data = guessed_mapping(keeper_client, token)
    response = keeper_client.post(url("import_mapping", token), {**data, "delimiter": ","})
    assert response.status_code == 302
    assert response["Location"] == url("import_mapping", token)
    page = keeper_client.get(url("import_mapping", token))
    assert page.context["table"].headers == ["naam;plaats"]
    # And back: the columns are guessed again.
    keeper_client.post(url("import_mapping", token), {**data, "delimiter": ";"})
    assert keeper_client.get(url("import_mapping", token)).context["table"].headers == [
        "naam",
        "plaats",
    ]


def test_a_file_that_is_not_in_the_chosen_encoding_keeps_the_mapping(keeper_client):
    content = "naam;plaats\nDe Zon;Utrecht\nÉén;Zwolle\n".encode("cp1252")
    token = token_of(upload(keeper_client, content))
    data = guessed_mapping(keeper_client, token)
    response = keeper_client.post(url("import_mapping", token), {**data, "encoding": "utf-8"})
    assert response.status_code == 400
    assert response.context["form"].errors["encoding"]
    assert keeper_client.session[SESSION_KEY][token]["encoding"] == "cp1252"


def test_the_name_column_is_required_and_a_column_is_used_once(keeper_client):
    token = token_of(upload(keeper_client, "kolom a;kolom b\nDe Zon;Utrecht\n"))
    response = keeper_client.post(
        url("import_mapping", token),
        {"encoding": "utf-8", "delimiter": ";", "name": "", "place": "1", "region": "1"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "name" in errors and "region" in errors
    html = response.content.decode()
    assert html.count('<option value="1" selected>') == 2  # what was chosen stays chosen
    assert keeper_client.get(url("import_preview", token)).status_code == 302


# --- The preview and the import ---


def test_bad_rows_are_reported_by_line_and_good_rows_kept(keeper_client, partner_category):
    content = (
        HEADER
        + "Goed Een,Amsterdam,,Gemeente,1,,\n"  # line 2
        + ",Amsterdam,,Gemeente,1,,\n"  # line 3: no name
        + "Slecht Twee,Amsterdam,,Gemeente,urgent,,\n"  # line 4: wrong priority
        + "\n"  # line 5: empty, skipped
        + '"Goed\nDrie",Zaandam,,Gemeente,2,,\n'  # lines 6-7: a name over two lines
        + "Slecht Vier,Amsterdam,,Gemeente,2,,niet een adres\n"  # line 8: bad website
        + "Goed Vijf,Amsterdam,,,3,,\n"  # line 9: no category and no default
    )
    token = token_of(upload(keeper_client, content))
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    preview = keeper_client.get(url("import_preview", token))
    statuses = {row.line: row.status for row in preview.context["plan"].rows}
    assert statuses == {2: "new", 3: "error", 4: "error", 6: "new", 8: "error", 9: "error"}
    html = preview.content.decode()
    assert 'id="line-4" data-status="error"' in html
    assert "urgent" in html and "niet een adres" in html
    assert not Partner.objects.exists()  # the preview saves nothing

    response = keeper_client.post(url("import_run", token))
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["Goed Drie", "Goed Een"]
    report = keeper_client.get(response["Location"])
    lines = re.findall(r'<li data-line="(\d+)"', report.content.decode())
    assert lines == ["3", "4", "8", "9"]


def test_a_default_category_and_priority_fill_empty_cells(keeper_client, partner_category):
    import_file(
        keeper_client,
        "naam\nZonder Rubriek\n",
        category=partner_category.pk,
        priority=Priority.HIGH,
    )
    partner = Partner.objects.get()
    assert (partner.category, partner.priority) == (partner_category, Priority.HIGH)


def test_duplicates_are_flagged_and_skipped_unless_ticked(keeper_client, some_partners):
    brug = some_partners[0]
    content = (
        "naam;plaats;rubriek\n"
        "De Brug;Amsterdam;Gemeente\n"  # line 2: like an existing partner
        "Nieuw Huis;Amsterdam;Gemeente\n"  # line 3
        "nieuw huis;amsterdam;Gemeente\n"  # line 4: the same as line 3
    )
    token = token_of(upload(keeper_client, content))
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    preview = keeper_client.get(url("import_preview", token))
    rows = {row.line: row for row in preview.context["plan"].rows}
    assert [rows[n].status for n in (2, 3, 4)] == ["duplicate", "new", "duplicate"]
    assert [p.pk for p in rows[2].duplicates] == [brug.pk]
    assert rows[4].same_as_line == 3
    html = preview.content.decode()
    assert url("partner_detail", brug.pk) in html and "Stichting De Brug" in html

    keeper_client.post(url("import_run", token))
    assert set(
        Partner.objects.filter(import_batch__isnull=False).values_list("name", flat=True)
    ) == {"Nieuw Huis"}

    # Ticked, a duplicate is imported after all.
    content = "naam;plaats;rubriek\nDe Brug;Amsterdam;Gemeente\n"
    response = import_file(keeper_client, content, include=[2])
    assert response.status_code == 302, response.content[:2000]
    assert Partner.objects.filter(name="De Brug", import_batch__isnull=False).exists()


def test_nothing_to_import_keeps_the_choices(keeper_client, some_partners):
    token = token_of(
        upload(keeper_client, "naam;plaats;rubriek\nDe Brug;Amsterdam;Gemeente\n,x,y\n")
    )
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    response = keeper_client.post(url("import_run", token), {"include": []})
    assert response.status_code == 302
    assert response["Location"] == url("import_preview", token)
    assert not ImportBatch.objects.exists()
    assert keeper_client.get(url("import_preview", token)).status_code == 200
    # A tick that does not fit comes back with the page, status 400.
    response = keeper_client.post(url("import_run", token), {"include": ["99"]})
    assert response.status_code == 400


def test_a_new_category_can_go_into_an_existing_one(keeper_client, partner_category):
    token = token_of(upload(keeper_client, "naam;rubriek\nWijkteam Noord;Gemeentes\n"))
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    preview = keeper_client.get(url("import_preview", token))
    assert preview.context["plan"].new_categories == ["Gemeentes"]
    keeper_client.post(url("import_run", token), {"category_0": partner_category.pk})
    assert Partner.objects.get().category == partner_category
    assert not Category.objects.filter(name="Gemeentes").exists()


def test_a_category_of_another_organisation_cannot_be_chosen(
    keeper_client, other_organisation, partner_category
):
    theirs = Category.objects.create(organisation=other_organisation, name="Theirs")
    token = token_of(upload(keeper_client, "naam;rubriek\nWijkteam Noord;Gemeentes\n"))
    keeper_client.post(url("import_mapping", token), guessed_mapping(keeper_client, token))
    response = keeper_client.post(url("import_run", token), {"category_0": theirs.pk})
    assert response.status_code == 400
    assert not Partner.objects.exists()
    response = upload(keeper_client, "naam\nX\n", category=theirs.pk)
    assert response.status_code == 400


def test_cancel_removes_the_file(keeper_client, settings):
    token = token_of(upload(keeper_client, "naam\nX\n"))
    pending = settings.MEDIA_ROOT / "imports" / "pending"
    assert len(list(pending.iterdir())) == 1
    assert keeper_client.post(url("import_cancel", token)).status_code == 302
    assert list(pending.iterdir()) == []
    assert keeper_client.get(url("import_mapping", token)).status_code == 404


def test_sample_file_is_imported_as_it_is(keeper_client):
    sample = keeper_client.get(url("import_sample"))
    assert sample["Content-Type"].startswith("text/csv")
    token = token_of(upload(keeper_client, sample.content, "voorbeeld.csv"))
    data = guessed_mapping(keeper_client, token)
    assert [data[f] for f in import_services.FIELDS] == [0, 1, 2, 3, 4, 5, 6]
    keeper_client.post(url("import_mapping", token), data)
    keeper_client.post(url("import_run", token))
    assert Partner.objects.count() == 3


# --- Undo ---


def test_undo_deletes_what_has_no_contacts_and_keeps_the_rest(keeper_client, keeper):
    import_file(keeper_client, "naam;rubriek\nEen;Gemeente\nTwee;Gemeente\nDrie;Gemeente\n")
    batch = ImportBatch.objects.get()
    twee = Partner.objects.get(name="Twee")
    partner_services.contact_log(
        partner=twee,
        on=timezone.localdate(),
        kind=ContactKind.CALL,
        summary="Kennismaking",
        follow_up="",
        person=None,
        actor=keeper,
    )
    listing = keeper_client.get(url("import_list"))
    assert [(b.pk, b.created_count, b.remaining) for b in listing.context["page"]] == [
        (batch.pk, 3, 3)
    ]
    assert 'data-confirm="' in listing.content.decode()

    response = keeper_client.post(url("import_undo", batch.pk))
    assert response.status_code == 302
    assert list(Partner.objects.values_list("name", flat=True)) == ["Twee"]
    batch.refresh_from_db()
    assert batch.undone_at is not None
    page = keeper_client.get(response["Location"])
    assert "Twee" in page.content.decode()
    assert [p.name for p in page.context["partners"]] == ["Twee"]

    # Once undone stays undone: a second undo deletes nothing.
    keeper_client.post(url("import_undo", batch.pk))
    assert Partner.objects.filter(name="Twee").exists()


def test_a_file_left_for_a_day_is_removed_at_the_next_upload(keeper_client, settings):
    """Through the storage API: the same holds on an S3 store, where there is no folder."""
    import os
    import time

    upload(keeper_client, "naam\nX\n")
    pending = settings.MEDIA_ROOT / "imports" / "pending"
    (left,) = pending.iterdir()
    day_ago = time.time() - 24 * 60 * 60 - 60
    os.utime(left, (day_ago, day_ago))
    upload(keeper_client, "naam\nY\n")
    remaining = list(pending.iterdir())
    assert left not in remaining
    assert len(remaining) == 1
