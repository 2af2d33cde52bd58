"""The properties every form and import must hold, whatever is typed:

- never a server error;
- accepted: what was typed is what is stored (after Django's documented normalisation of a
  text field: leading and trailing white space stripped), it fits its column, and a page
  that shows it shows it as text, never as markup;
- refused: the page comes back with an error next to a field, and every value that was
  typed is still in the form.
"""

import csv
import io
import re
import traceback

from django.utils.html import escape
from hypothesis import event, settings
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .strategies import MARKUP_PROBES


def fewer_examples(share):
    """For a test that costs more per example: a share of the profile's examples."""
    return settings(max_examples=max(5, round(settings.default.max_examples * share)))


def details(response):
    """What went wrong in a response, for an assertion message."""
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        return "".join(traceback.format_exception(*exc_info))
    return response.content[:3000].decode("utf-8", "replace")


def no_server_error(response):
    assert response.status_code < 500, details(response)
    return response


def post(client, url, data, **extra):
    return no_server_error(client.post(url, data, **extra))


def get(client, url):
    response = no_server_error(client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return response


def page_text(response):
    return response.content.decode()


def typed(value):
    """A text field's value as Django keeps it: stripped of white space at both ends."""
    return value.strip()


def no_raw_markup(body):
    lowered = body.lower()
    for probe in MARKUP_PROBES:
        assert probe.lower() not in lowered, f"{probe!r} appears as markup"


def shown_as_text(body, value):
    """`value` is on the page, escaped; line by line, as line breaks may become <br>."""
    for line in re.split(r"\r\n|\r|\n", value):
        assert escape(line) in body, f"{line[:200]!r} is not shown as text"


def fits_its_column(obj, *names):
    """A stored text is no longer than its column: PostgreSQL would refuse it."""
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.max_length and isinstance(value, str):
            assert len(value) <= field.max_length, f"{name}: {len(value)} > {field.max_length}"


def accepted(response):
    """Whether the form was accepted (a redirect); counted in Hypothesis' statistics."""
    done = response.status_code == 302
    event("accepted" if done else "refused")
    return done


ERROR_SIGNS = ("field-invalid", 'class="form-errors"', "errorlist")


def refused_with_input_kept(response, data, fields, *, signs=ERROR_SIGNS):
    """The form came back with an error next to a field (or on top of the form: one of
    `signs`) and every text in `fields` as it was typed."""
    assert response.status_code in (200, 400), details(response)
    body = page_text(response)
    assert any(sign in body for sign in signs), "no error shown"
    for name in fields:
        assert escape(data[name]) in body, f"{name}: {data[name][:200]!r} was lost"
    no_raw_markup(body)


def exported_cells(response):
    """Every cell of an exported file (CSV or .xlsx), as text."""
    content = response.content
    if content.startswith(b"PK"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = [
            "" if value is None else str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        ]
        book.close()
        return cells
    text = content.decode("utf-8-sig")
    return [
        cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
    ]


def exported(client, url, *texts):
    """The export at `url` holds each of `texts` in a cell of its own: as typed, or with
    what a spreadsheet cannot hold left out (control characters in a worksheet) or made
    text (an apostrophe before what would run as a formula)."""
    response = no_server_error(client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    cells = set(exported_cells(response))
    for text in texts:
        if not text:
            continue
        readable = ILLEGAL_CHARACTERS_RE.sub("", text)
        # XML reads a carriage return as a line feed.
        forms = {text, readable, re.sub(r"\r\n?", "\n", readable)}
        assert (forms | {"'" + form for form in forms}) & cells, f"{text[:200]!r} not exported"
