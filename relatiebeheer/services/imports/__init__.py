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

Modules: files (reading the file), columns (the fields and the column mapping), plan (the
dry run), batches (the import and its undo), export (the export and the sample file).
Import from the package: `from relatiebeheer.services import imports`.
"""

from .batches import batch_undo, import_partners
from .columns import FIELD_LABELS, FIELDS, HEADER_ALIASES, MAX_LENGTHS, guess_mapping
from .export import (
    EXPORT_FIELDS,
    export_csv,
    export_rows,
    export_xlsx,
    sample_csv,
)
from .files import DELIMITERS, ENCODINGS, MAX_BYTES, MAX_ROWS, ImportFileError, Table, read_table
from .plan import DUPLICATE, ERROR, NEW, PRIORITY_WORDS, Plan, RowPlan, plan_import

__all__ = [
    "DELIMITERS",
    "DUPLICATE",
    "ENCODINGS",
    "ERROR",
    "EXPORT_FIELDS",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_ALIASES",
    "MAX_BYTES",
    "MAX_LENGTHS",
    "MAX_ROWS",
    "NEW",
    "PRIORITY_WORDS",
    "ImportFileError",
    "Plan",
    "RowPlan",
    "Table",
    "batch_undo",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "guess_mapping",
    "import_partners",
    "plan_import",
    "read_table",
    "sample_csv",
]
