"""The export of partners (CSV for Dutch Excel, and .xlsx, through coalition.exports, which
writes a cell that could run as a formula as text) and the sample file for an import."""

import csv
import io

from django.utils.translation import gettext as _

from coalition import exports

from .columns import FIELD_LABELS

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


def export_csv(partners):
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens as it is."""
    header, *rows = export_rows(partners)
    return exports.to_csv(header, rows)


def export_xlsx(partners):
    header, *rows = export_rows(partners)
    return exports.to_xlsx(
        header, rows, sheet_name=_("Partners"), widths=(40, 20, 24, 24, 10, 20, 36, 28, 12, 14)
    )


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
