"""The partner import (CSV in any encoding and with any delimiter, or .xlsx) with generated
files: random bytes, random Unicode cells, cells that look like formulas, very long cells,
NUL and control characters, the wrong encoding. Never a server error: either a clear
message, or every data line accounted for — imported as a partner equal to its cells (in
the import's documented reading: white space within a cell made one space, the apostrophe
our own export puts before a formula taken off, a formula kept as text), or reported with
its line number as an error or a likely duplicate."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from coalition.exports import FORMULA_START
from relatiebeheer.models import Category, ImportBatch, Partner, Priority
from relatiebeheer.views.imports import REPORT_KEY

from .checks import (
    details,
    exported_cells,
    fewer_examples,
    get,
    no_raw_markup,
    page_text,
    post,
)
from .strategies import MARKUP, any_char, controls, field_text, gentle_text, long_text

HEADER = ["naam", "plaats", "sector", "rubriek", "prioriteit", "regio", "website"]
FORMULAS = [
    "=1+2",
    '=HYPERLINK("http://example.org","klik")',
    "+31 20 123 45 67",
    "-3",
    "@SUM(A1:A2)",
    "'=1+2",
    "'+31",
    "=cmd|' /C calc'!A0",
]


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


@pytest.fixture
def keeper(make_person, organisation):
    return make_person("relationship_manager", organisation, username="keeper")


@pytest.fixture
def default_category(organisation):
    return Category.objects.create(organisation=organisation, name="Gemeente")


wild_cells = st.one_of(
    st.text(any_char, max_size=15),
    field_text,
    st.sampled_from(FORMULAS),
    st.sampled_from(MARKUP),
    long_text,
    controls,
)
gentle_cells = st.one_of(
    st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=20),
    gentle_text.map(lambda value: value[:100]),
    st.sampled_from(FORMULAS),
    st.sampled_from(MARKUP),
)
priorities = st.sampled_from(["", "1", "2", "3", "hoog", "laag", "Midden."])
websites = st.sampled_from(["", "www.example.nl", "https://example.org/pad?a=1", "geen site"])


def _gentle_row(cells):
    name, place, sector, category, priority, region, website = cells
    return [name, place, sector, category[:100], priority, region, website]


#: Rows a social-map export could hold: most cells fit their field (gentle), or any cells
#: at all, of any number (wild).
rows = st.one_of(
    st.lists(
        st.tuples(
            gentle_cells,
            gentle_cells,
            gentle_cells,
            st.one_of(st.just(""), gentle_cells),
            priorities,
            gentle_cells,
            websites,
        ).map(_gentle_row),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.lists(wild_cells, max_size=8), min_size=1, max_size=6),
)


def csv_bytes(table, delimiter, encoding):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(table)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(table):
    book = Workbook()
    sheet = book.active
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(client, content, file_name, *, include_duplicates, category):
    """Every step of the import as a person would take them, each answer checked for a
    server error. Returns the finished batch, or None when the import stopped with a
    message (which it then shows)."""
    upload = {
        "file": SimpleUploadedFile(file_name, content),
        "priority": Priority.MEDIUM,
        "category": category.pk,
    }
    response = post(client, url("import_start"), upload)
    if response.status_code != 302:
        assert response.status_code == 400, details(response)
        body = page_text(response)
        assert "field-invalid" in body, body[:3000]
        no_raw_markup(body)
        event("refused at upload")
        return None
    token = re.search(r"/import/([0-9a-f-]{36})/", response["Location"]).group(1)
    response = get(client, url("import_mapping", token))
    no_raw_markup(page_text(response))
    form = response.context["form"]
    mapping = {name: form.initial.get(name) for name in form.fields}
    mapping = {name: "" if value is None else value for name, value in mapping.items()}
    response = post(client, url("import_mapping", token), mapping)
    if response.status_code != 302:
        # No column for the name: the page says so next to the field.
        assert response.status_code == 400
        assert "field-invalid" in page_text(response)
        event("no column for the name")
        return None
    response = get(client, url("import_preview", token))
    body = page_text(response)
    no_raw_markup(body)
    include = []
    if include_duplicates:
        include = [value for value, _label in response.context["form"].fields["include"].choices]
    response = post(client, url("import_run", token), {"include": include})
    assert response.status_code == 302, details(response)
    if "/controle/" in response["Location"]:
        # Nothing to import: the preview says why, with every line.
        no_raw_markup(page_text(get(client, response["Location"])))
        event("nothing to import")
        return None
    batch = ImportBatch.objects.latest("pk")
    no_raw_markup(page_text(get(client, url("import_batch", batch.pk))))
    event("imported")
    return batch


def read_as_import_does(cell):
    """A cell as the import documents reading it: white space within it made one space,
    the apostrophe our export puts before a formula taken off."""
    text = " ".join(cell.split())
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def assert_every_line_accounted_for(client, batch, table, lines):
    """Each data line is a partner equal to its cells, or in the report with its number."""
    report = client.session[REPORT_KEY][str(batch.pk)]
    reported = {row["line"] for row in report["errors"]} | {
        row["line"] for row in report["skipped"]
    }
    made = [
        (p.name, p.place, p.sector, p.region, p.category.name.casefold())
        for p in batch.partners.select_related("category")
    ]
    expected = []
    for line, row in zip(lines, table[1:], strict=True):
        if line in reported:
            continue
        values = [read_as_import_does(cell) for cell in (row + [""] * 7)[:7]]
        name, place, sector, category, _priority, region, _website = values
        if not any(values) and not any(cell.strip() for cell in row):
            continue  # an empty line is no row
        expected.append((name, place, sector, region, (category or "Gemeente").casefold()))
    event("every line accounted for")
    assert sorted(made) == sorted(expected)
    assert batch.created_count == len(made)
    for partner in batch.partners.all():
        for field in ("name", "place", "sector", "region", "website"):
            limit = Partner._meta.get_field(field).max_length
            assert len(getattr(partner, field)) <= limit
    # A formula stays text on the way out too: the export puts the apostrophe back.
    cells = set(exported_cells(get(client, url("partner_export_csv"))))
    for partner in batch.partners.all():
        if partner.name.startswith(FORMULA_START):
            assert "'" + partner.name in cells and partner.name not in cells
        else:
            assert partner.name in cells


def data_lines(table):
    """The line number of each data row of `table` as written (a cell with a line break
    takes more than one line of the file)."""
    numbers, line = [], 1
    for index, row in enumerate(table):
        if index:
            numbers.append(line)
        line += 1 + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in row)
    return numbers


@given(
    table=rows,
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    include_duplicates=st.booleans(),
)
@example(
    table=[
        ["Wijkteam =1+2", "Amsterdam"],
        ['=HYPERLINK("http://example.org")', ""],
        ["'=1+2", "x"],
    ],
    delimiter=";",
    encoding="utf-8",
    include_duplicates=True,
)
@example(
    table=[["<script>alert('x')</script>", "<b>vet</b>", "", "<img src=x onerror=alert(1)>"]],
    delimiter=",",
    encoding="utf-8",
    include_duplicates=False,
)
def test_csv_import(
    browser_for, keeper, default_category, table, delimiter, encoding, include_duplicates
):
    client = browser_for(keeper)
    table = [HEADER, *table]
    content = csv_bytes(table, delimiter, encoding)
    batch = run_import(
        client,
        content,
        "sociale-kaart.csv",
        include_duplicates=include_duplicates,
        category=default_category,
    )
    if batch is None:
        return
    faithful = encoding in ("utf-8", "utf-8-sig", "utf-16") and all(
        "\x00" not in cell and "\r" not in cell for row in table for cell in row
    )
    if faithful:
        assert_every_line_accounted_for(client, batch, table, data_lines(table))


@fewer_examples(0.6)
@given(table=rows, include_duplicates=st.booleans())
@example(
    table=[["=1+2", "Diemen", "", "", "hoog"], ["Voedselbank", "", "", "Nieuw"]],
    include_duplicates=False,
)
def test_xlsx_import(browser_for, keeper, default_category, table, include_duplicates):
    client = browser_for(keeper)
    table = [HEADER, *[[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in table]]
    batch = run_import(
        client,
        xlsx_bytes(table),
        "sociale-kaart.xlsx",
        include_duplicates=include_duplicates,
        category=default_category,
    )
    if batch is not None:
        assert_every_line_accounted_for(client, batch, table, list(range(2, len(table) + 1)))


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def _workbook_parts():
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ["Wijkteam", "Oost"]]))) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


WORKBOOK_PARTS = _workbook_parts()


def spoilt_workbook(part, content=None):
    """A real workbook with one part replaced by `content`, or cut short."""
    return _zip(
        [
            (name, (original[:-20] if content is None else content) if name == part else original)
            for name, original in WORKBOOK_PARTS
        ]
    )


broken_workbooks = st.one_of(
    st.builds(
        spoilt_workbook,
        st.sampled_from([name for name, _content in WORKBOOK_PARTS]),
        st.one_of(st.none(), st.binary(max_size=200)),
    ),
    st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "[Content_Types].xml",
                    "xl/workbook.xml",
                    "xl/worksheets/sheet1.xml",
                    "_rels/.rels",
                    "x",
                ]
            ),
            st.binary(max_size=200),
        ),
        max_size=4,
        unique_by=lambda member: member[0],
    ).map(_zip),
)


@given(
    content=st.one_of(st.binary(min_size=0, max_size=600), broken_workbooks),
    file_name=st.one_of(
        st.sampled_from(["kaart.csv", "kaart.xlsx", "kaart.xls", "kaart.txt", "kaart"]),
        field_text.map(lambda name: name[:80] + ".csv"),
    ),
)
@example(content=b"\xd0\xcf\x11\xe0" + b"\x00" * 40, file_name="oud.xls")
@example(content=spoilt_workbook("[Content_Types].xml", b""), file_name="kaart.xlsx")
@example(content=spoilt_workbook("xl/worksheets/sheet1.xml"), file_name="kaart.xlsx")
@example(content=b"naam;plaats\r\n" + b"x" * 5000 + b"\x00;y\r\n", file_name="nul.csv")
def test_any_file_gets_a_clear_answer(browser_for, keeper, default_category, content, file_name):
    client = browser_for(keeper)
    run_import(client, content, file_name, include_duplicates=True, category=default_category)
