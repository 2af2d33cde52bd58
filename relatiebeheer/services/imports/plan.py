"""The dry run: what an import would do with each row (a new partner, a likely duplicate, or
an error with its line number), without writing anything."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from coalition.exports import FORMULA_START

from ...duplicates import DuplicateFinder, with_scores
from ...models import Category, Partner, Priority, normalise_name
from .columns import FIELD_LABELS, FIELDS, MAX_LENGTHS

PRIORITY_WORDS = {
    "1": Priority.HIGH, "hoog": Priority.HIGH, "high": Priority.HIGH, "h": Priority.HIGH,
    "2": Priority.MEDIUM, "midden": Priority.MEDIUM, "middel": Priority.MEDIUM,
    "gemiddeld": Priority.MEDIUM, "normaal": Priority.MEDIUM, "medium": Priority.MEDIUM,
    "m": Priority.MEDIUM,
    "3": Priority.LOW, "laag": Priority.LOW, "low": Priority.LOW, "l": Priority.LOW,
}  # fmt: skip

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
