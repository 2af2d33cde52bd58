"""The partner fields an import fills, and which column of a file goes to which field."""

from django.utils.translation import gettext_lazy

from ...models import normalise_name

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


def _normal_header(text):
    return normalise_name(text.replace("_", " ").replace("-", " ")).strip()


def field_for_header(header):
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
        field_name = field_for_header(header)
        if field_name and mapping[field_name] is None:
            mapping[field_name] = index
    return mapping
