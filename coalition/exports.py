"""Lists as files a coordinator reports from: CSV that Dutch Excel opens as it is, and .xlsx.

One shape for every export: a name, a header row and rows of plain values (str, int, date,
datetime, bool or None), made from rows the caller fetched through its permission chokepoint
in a fixed number of queries. A cell that could run as a formula in a spreadsheet is written
as text in both formats."""

import csv
import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

# A cell that starts with one of these is made text: a name like "=HYPERLINK(...)" must not
# run in the spreadsheet of whoever opens the export.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def plain(value):
    """A value as a cell shows it: dates in ISO form, local time, yes/no, never None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    return str(value)


def safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(headers, rows):
    """UTF-8 with a byte order mark and semicolons: what Dutch Excel opens as it is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(str(h)) for h in headers])
    for row in rows:
        writer.writerow([safe_text(plain(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(headers, rows, *, sheet_name, widths=()):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(sheet_name)[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            value = plain(value)
            if isinstance(value, str):
                # A worksheet is XML, which cannot hold control characters; a name typed
                # with one (invisible anyway) must not stop the whole export.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(*, name, headers, rows, file_format, widths=()):
    """The export as a download, `name` and today's date in the file name."""
    if file_format not in FORMATS:
        file_format = "csv"
    rows = list(rows)
    if file_format == "xlsx":
        content = to_xlsx(headers, rows, sheet_name=name, widths=widths)
    else:
        content = to_csv(headers, rows)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
