"""Reading an uploaded file as a table: CSV in whatever encoding and with whatever delimiter
it came (detected, or as the user says), or the first sheet of an .xlsx workbook."""

import csv
import io
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import field_for_header

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

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
    return sum(1 for cell in cells if field_for_header(cell))


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

    # openpyxl reads the parts of the workbook as it goes, and a spoilt part (broken XML,
    # a zip with a part missing or packed in a way it does not know) raises whatever error
    # the layer below it raises, while the book opens or while its rows are read. None of
    # them is for the user: each is a workbook that cannot be read.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append((number, [_cell_text(v) for v in values]))
                if len(rows) > MAX_ROWS + 1000:
                    break
        finally:
            book.close()
    except Exception:
        raise ImportFileError(
            _("This file cannot be read as an Excel workbook. Save it again as .xlsx or CSV.")
        ) from None
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
