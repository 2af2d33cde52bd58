"""Import of partners from a social-map export (CSV or Excel), its undo, and the export.

An import runs in steps that each can be repeated without losing anything: read the file
(read_table: encoding and delimiter detected, or as the user says), map its columns to
partner fields (guess_mapping), look at what each row would do (plan_import: a new partner,
a likely duplicate, or an error with its line number), and then import (import_partners):
the good rows become partners in one ImportBatch, rows with an error are left out and
reported, likely duplicates are left out unless the user asked for them. A category the
organisation does not have yet is made with the default rhythm, or mapped to an existing
one. batch_undo deletes what a batch made, except partners that already have contact
moments.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..duplicates import DuplicateFinder, with_scores
from ..models import Category, ImportBatch, Partner, Priority, normalise_name
from ..permissions import keeper_organisation_ids
from . import partners as partner_services

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# The partner fields an import fills, in the order the mapping form shows them.
FIELDS = ("name", "place", "sector", "category", "priority", "region", "website")
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "place": gettext_lazy("Place"),
    "sector": gettext_lazy("Sector or branch"),
    "category": gettext_lazy("Category"),
    "priority": gettext_lazy("Priority"),
    "region": gettext_lazy("Region"),
    "website": gettext_lazy("Website"),
}
MAX_LENGTHS = {"name": 200, "place": 100, "sector": 100, "category": 100, "region": 100}

# Header names seen in social-map exports, Dutch and English, compared in normalised form.
HEADER_ALIASES = {
    "name": [
        "naam",
        "name",
        "organisatie",
        "organisation",
        "organization",
        "naam organisatie",
        "organisatienaam",
        "partner",
        "instelling",
        "aanbieder",
    ],
    "place": [
        "plaats",
        "place",
        "woonplaats",
        "vestigingsplaats",
        "city",
        "town",
        "gemeente",
        "stad",
        "plaatsnaam",
    ],
    "sector": [
        "sector",
        "branche",
        "branch",
        "sector branche",
        "sector of branche",
        "sector or branch",
        "domein",
    ],
    "category": ["rubriek", "category", "categorie", "rubrieken", "soort", "type"],
    "priority": ["prioriteit", "priority", "prio"],
    "region": ["regio", "region", "werkgebied", "provincie"],
    "website": ["website", "web", "url", "site", "internet", "webadres", "homepage"],
}

PRIORITY_WORDS = {
    "1": Priority.HIGH, "hoog": Priority.HIGH, "high": Priority.HIGH, "h": Priority.HIGH,
    "2": Priority.MEDIUM, "midden": Priority.MEDIUM, "middel": Priority.MEDIUM,
    "gemiddeld": Priority.MEDIUM, "normaal": Priority.MEDIUM, "medium": Priority.MEDIUM,
    "m": Priority.MEDIUM,
    "3": Priority.LOW, "laag": Priority.LOW, "low": Priority.LOW, "l": Priority.LOW,
}  # fmt: skip

ENCODINGS = {
    "utf-8": gettext_lazy("Unicode (UTF-8)"),
    "cp1252": gettext_lazy("Windows (Western European, cp1252)"),
    "utf-16": gettext_lazy("Unicode (UTF-16)"),
    "latin-1": gettext_lazy("ISO-8859-1 (Latin-1)"),
    "mac_roman": gettext_lazy("Mac OS Roman"),
}
DELIMITERS = {
    ";": gettext_lazy("semicolon (;)"),
    ",": gettext_lazy("comma (,)"),
    "\t": gettext_lazy("tab"),
    "|": gettext_lazy("vertical bar (|)"),
}
# Formula characters: a cell that starts with one is made text in an export, so a partner
# called "=HYPERLINK(...)" cannot run anything in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass
class Table:
    headers: list
    rows: list  # [(line number in the file, [cell text, ...])]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""

    @property
    def encoding_label(self):
        return ENCODINGS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self):
        return DELIMITERS.get(self.delimiter, self.delimiter)


# --- Reading the file ---


def read_table(content, file_name, *, encoding=None, delimiter=None):
    """A Table from an uploaded file's bytes. CSV (or text) is decoded with `encoding` or
    the one detected, split with `delimiter` or the one detected; .xlsx is read from its
    first sheet. Raises ImportFileError with a message for the user."""
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    lower = file_name.lower()
    if content.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    if lower.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload that.")
        )
    text, encoding = _decode(content, encoding)
    return _read_csv(text, encoding, delimiter)


def _decode(content, encoding):
    if encoding:
        try:
            return content.decode("utf-8-sig" if encoding == "utf-8" else encoding), encoding
        except (UnicodeDecodeError, LookupError):
            raise ImportFileError(
                _("The file cannot be read as %(encoding)s. Choose another character set.")
                % {"encoding": ENCODINGS.get(encoding, encoding)}
            ) from None
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This is not a CSV or Excel file. Upload a .csv or .xlsx file."))
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: most likely a Dutch Windows export. Let charset-normalizer choose among
    # the single-byte sets such a file can be in, rather than among every one it knows.
    best = from_bytes(content, cp_isolation=["cp1252", "latin_1", "mac_roman"]).best()
    name = _encoding_name(best.encoding) if best else "cp1252"
    try:
        return content.decode(name), name
    except UnicodeDecodeError:
        return content.decode("latin-1"), "latin-1"


def _encoding_name(found):
    return {"latin_1": "latin-1", "iso8859_1": "latin-1"}.get(found, found)


def _header_score(cells):
    return sum(1 for cell in cells if _field_for_header(cell))


def _choose_delimiter(text):
    lines = [line for line in text.splitlines() if line.strip()][:20]
    if not lines:
        return ","
    sniffed = None
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        pass

    def score(delimiter):
        rows = list(csv.reader(lines, delimiter=delimiter))
        widths = [len(row) for row in rows]
        consistent = sum(1 for width in widths if width == widths[0])
        return (_header_score(rows[0]), widths[0] > 1 and consistent, delimiter == sniffed)

    # Known header names weigh most: the sniffer alone is misled by commas inside names.
    return max(DELIMITERS, key=score)


def _read_csv(text, encoding, delimiter):
    delimiter = delimiter or _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows, line = [], 1
    try:
        for record in reader:
            rows.append((line, [_squash(cell) for cell in record]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)s cannot be read: %(error)s") % {"line": line, "error": exc}
        ) from None
    return _table(rows, "csv", encoding=encoding, delimiter=delimiter)


def _squash(text):
    # Line breaks and runs of spaces inside a cell (a name over two lines) become one space.
    return " ".join(text.split())


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _squash(str(value))


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportFileError(
            _("This file cannot be read as an Excel workbook. Save it again as .xlsx or CSV.")
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(v) for v in values]))
            if len(rows) > MAX_ROWS + 1000:
                break
    finally:
        book.close()
    return _table(rows, "xlsx")


def _table(rows, kind, **kwargs):
    rows = [(line, cells) for line, cells in rows if any(cells)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    (_line, header_cells), data = rows[0], rows[1:]
    width = max(len(cells) for _line, cells in rows)
    while width and not any(len(c) >= width and c[width - 1] for _l, c in rows):
        width -= 1
    headers = [
        (header_cells[i] if i < len(header_cells) else "") or _("Column %(n)s") % {"n": i + 1}
        for i in range(width)
    ]
    if not data:
        raise ImportFileError(
            _("The file has a header line but no rows below it. Add the partners, one a line.")
        )
    if len(data) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    data = [(line, (cells + [""] * width)[:width]) for line, cells in data]
    return Table(headers=headers, rows=data, kind=kind, **kwargs)


# --- Mapping columns to fields ---


def _normal_header(text):
    return normalise_name(text.replace("_", " ").replace("-", " ")).strip()


def _field_for_header(header):
    wanted = _normal_header(header)
    if not wanted:
        return None
    for field_name in FIELDS:
        names = HEADER_ALIASES[field_name] + [str(FIELD_LABELS[field_name])]
        if wanted in {_normal_header(n) for n in names}:
            return field_name
    return None


def guess_mapping(headers):
    """{field: column index or None}: each field on the first column whose header is one of
    its Dutch or English names."""
    mapping = dict.fromkeys(FIELDS)
    for index, header in enumerate(headers):
        field_name = _field_for_header(header)
        if field_name and mapping[field_name] is None:
            mapping[field_name] = index
    return mapping


# --- The dry run ---


NEW, DUPLICATE, ERROR = "new", "duplicate", "error"


@dataclass
class RowPlan:
    line: int
    values: dict
    status: str = NEW
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)  # Partner objects with `similarity`
    same_as_line: int | None = None  # a row higher up in the same file
    category_key: str = ""
    priority: int = Priority.MEDIUM
    website: str = ""


@dataclass
class Plan:
    rows: list
    new_categories: list  # names of categories the organisation does not have yet

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self):
        return self.count(NEW)

    @property
    def duplicate_count(self):
        return self.count(DUPLICATE)

    @property
    def error_count(self):
        return self.count(ERROR)


def _priority(text, default):
    if not text:
        return default, None
    value = PRIORITY_WORDS.get(text.strip().lower().rstrip("."))
    if value is None:
        return None, _("priority “%(value)s” is not 1, 2 or 3 (or high, medium, low)") % {
            "value": text
        }
    return int(value), None


def _website(text):
    if not text:
        return "", None
    url = text if "://" in text else f"https://{text}"
    try:
        URLValidator()(url)
    except ValidationError:
        return "", _("website “%(value)s” is not a web address") % {"value": text}
    if len(url) > 200:
        return "", _("the website is longer than 200 characters")
    return url, None


def _unquote(text):
    # An export of ours makes formulas text with a leading apostrophe; take it off again.
    if text.startswith("'") and text[1:2] in FORMULA_START:
        return text[1:]
    return text


def plan_import(*, organisation, table, mapping, default_category=None, default_priority=None):
    """What the import would do with each row, without writing anything. A few queries:
    the organisation's categories and partners are read once."""
    default_priority = int(default_priority or Priority.MEDIUM)
    categories = {c.name.casefold(): c for c in Category.objects.filter(organisation=organisation)}
    finder = DuplicateFinder(organisation.pk)
    seen, new_categories, rows = {}, {}, []
    for line, cells in table.rows:
        values = {}
        for name in FIELDS:
            index = mapping.get(name)
            values[name] = (
                _unquote(cells[index]) if index is not None and index < len(cells) else ""
            )
        row = RowPlan(line=line, values=values)
        if not values["name"]:
            row.errors.append(_("the name is missing"))
        for name, limit in MAX_LENGTHS.items():
            if len(values.get(name, "")) > limit:
                row.errors.append(
                    _("%(field)s is longer than %(max)s characters")
                    % {"field": FIELD_LABELS[name], "max": limit}
                )
        row.priority, error = _priority(values["priority"], default_priority)
        if error:
            row.errors.append(error)
        row.website, error = _website(values["website"])
        if error:
            row.errors.append(error)
        category_name = values["category"] or (default_category.name if default_category else "")
        if not category_name:
            row.errors.append(
                _("there is no category; fill in the column or choose a default category")
            )
        elif len(category_name) <= MAX_LENGTHS["category"]:
            row.category_key = category_name.casefold()
            if row.category_key not in categories:
                new_categories.setdefault(row.category_key, category_name)
        if row.errors:
            row.status = ERROR
        elif values["name"]:
            key = normalise_name(values["name"], values["place"])
            scores = finder.scores(values["name"], values["place"], limit=3)
            if scores:
                row.status = DUPLICATE
                row.duplicates = scores  # made into partners below, in one query
            elif key in seen:
                row.status = DUPLICATE
                row.same_as_line = seen[key]
            seen.setdefault(key, line)
        rows.append(row)
    _attach_partners(rows)
    # A new category only used by rows with an error is not offered.
    used = {row.category_key for row in rows if row.status != ERROR}
    return Plan(rows=rows, new_categories=[n for k, n in new_categories.items() if k in used])


def _attach_partners(rows):
    scores = [score for row in rows for score in row.duplicates]
    partners = {p.pk: p for p in with_scores(scores)}
    for row in rows:
        found = []
        for pk, score in row.duplicates:
            if pk in partners:
                partner = Partner(pk=pk, name=partners[pk].name, place=partners[pk].place)
                partner.similarity = score
                found.append(partner)
        row.duplicates = found


# --- The import ---


def _require_keeper(user, organisation_id):
    keepers = keeper_organisation_ids(user)
    if keepers is not None and organisation_id not in keepers:
        raise PermissionDenied


@transaction.atomic
def import_partners(
    *,
    organisation,
    table,
    mapping,
    file_name,
    actor,
    default_category=None,
    default_priority=None,
    include_lines=(),
    category_choices=None,
):
    """Import the good rows of `table` as one ImportBatch. Rows with an error are left out;
    likely duplicates too, unless their line is in `include_lines`. `category_choices` maps
    a new category's name (case-insensitive) to an existing Category of the organisation;
    a new name without a choice becomes a category with the default rhythm.
    Returns (batch, plan); batch is None when no row could be imported."""
    _require_keeper(actor, organisation.pk)
    if default_category is not None and default_category.organisation_id != organisation.pk:
        raise ValidationError({"category": _("Choose a category of the same organisation.")})
    plan = plan_import(
        organisation=organisation,
        table=table,
        mapping=mapping,
        default_category=default_category,
        default_priority=default_priority,
    )
    include_lines = set(include_lines)
    chosen = [
        row
        for row in plan.rows
        if row.status == NEW or (row.status == DUPLICATE and row.line in include_lines)
    ]
    if not chosen:
        return None, plan

    categories = {c.name.casefold(): c for c in Category.objects.filter(organisation=organisation)}
    for key, category in (category_choices or {}).items():
        if category is not None:
            if category.organisation_id != organisation.pk:
                raise ValidationError(
                    {"category": _("Choose a category of the same organisation.")}
                )
            categories.setdefault(key.casefold(), category)
    batch = ImportBatch.objects.create(
        organisation=organisation, file_name=file_name[:200], imported_by=actor
    )
    for row in chosen:
        category = categories.get(row.category_key)
        if category is None:
            name = row.values["category"] or default_category.name
            category = partner_services.category_save(
                category=Category(organisation=organisation, name=name.strip()), actor=actor
            )
            categories[row.category_key] = category
        partner = Partner(
            organisation=organisation,
            name=row.values["name"],
            place=row.values["place"],
            sector=row.values["sector"],
            region=row.values["region"],
            website=row.website,
            priority=row.priority,
            category=category,
            import_batch=batch,
        )
        partner._history_user = actor
        partner_services.partner_save(partner=partner, actor=actor)
    batch.created_count = len(chosen)
    batch.save(update_fields=["created_count"])
    return batch, plan


@transaction.atomic
def batch_undo(*, batch, actor):
    """Delete the partners the batch made that have no contact moments yet; the others stay.
    Returns (number deleted, [partners kept])."""
    _require_keeper(actor, batch.organisation_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at is not None:
        raise ValidationError(_("This import has already been undone."))
    made = Partner.objects.filter(import_batch=batch).annotate(contact_count=Count("contacts"))
    kept = [p for p in made if p.contact_count]
    removable = Partner.objects.filter(import_batch=batch, contacts__isnull=True)
    deleted = 0
    for partner in removable:
        partner._history_user = actor
        partner.delete()
        deleted += 1
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return deleted, kept


# --- Export and the sample file ---

EXPORT_FIELDS = ("name", "place", "sector", "category", "priority", "region", "website")


def _export_headers():
    return [str(FIELD_LABELS[f]) for f in EXPORT_FIELDS] + [
        _("Kept by"),
        _("Shared with the coalition"),
        _("Last contact"),
    ]


def export_rows(partners):
    """The header and a row of plain values per partner (category and organisation must be
    selected with the partners: no query per row)."""
    yield _export_headers()
    for p in partners:
        yield [
            p.name,
            p.place,
            p.sector,
            p.category.name,
            p.priority,
            p.region,
            p.website,
            p.organisation.name,
            _("yes") if p.shared else _("no"),
            p.last_contact_on.isoformat() if p.last_contact_on else "",
        ]


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_csv(partners):
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens as it is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in export_rows(partners):
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(partners):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Partners")[:31])
    for index, width in enumerate((40, 20, 24, 24, 10, 20, 36, 28, 12, 14)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in export_rows(partners):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sample_csv():
    """A small example file in the shape the import reads best (UTF-8, semicolons)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["naam", "plaats", "sector", "rubriek", "prioriteit", "regio", "website"])
    writer.writerow(
        ["Wijkteam Oost", "Amsterdam", "Sociaal domein", "Gemeente", "1", "Amsterdam-Amstelland",
         "https://www.example.nl"]
    )  # fmt: skip
    writer.writerow(
        ["Huisartsenpraktijk De Linde", "Diemen", "Eerstelijnszorg", "Zorgaanbieder", "2",
         "Amsterdam-Amstelland", ""]
    )  # fmt: skip
    writer.writerow(
        ["Voedselbank Zuidoost", "Amsterdam", "Vrijwilligerswerk", "Maatschappelijk", "laag", "",
         "voedselbank.example.nl"]
    )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")
