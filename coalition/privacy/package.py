"""A copy of everything the app holds about one person, as JSON and as a readable PDF.

A copy is a list of sections, each a titled list of records (coalition.privacy.collect) or
of plain lines; the JSON and the PDF show the same sections, the PDF for reading and the
JSON for taking elsewhere (AVG articles 15 and 20)."""

import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..pdf import render_pdf
from .collect import text


@dataclass
class Section:
    title: str
    records: list = field(default_factory=list)  # collect.Record
    lines: list = field(default_factory=list)  # plain sentences
    note: str = ""
    # The records whose content the section shows, as model instances (for the access log).
    objects: list = field(default_factory=list)

    def as_dict(self):
        return {
            "title": self.title,
            "note": self.note,
            "lines": self.lines,
            "records": [record.as_dict() for record in self.records],
        }


@dataclass
class Copy:
    subject: str  # "client 1042 of Zorggroep Noord"
    sections: list
    made_by: str
    made_at: object = field(default_factory=timezone.now)
    reference: str = ""

    def as_dict(self):
        return {
            "subject": self.subject,
            "made_at": self.made_at.isoformat(),
            "made_by": self.made_by,
            "reference": self.reference,
            "language": get_language(),
            "sections": [section.as_dict() for section in self.sections],
        }

    def as_json(self):
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")

    def as_pdf(self):
        return render_pdf(
            "coalition/privacy_copy_pdf.html",
            {"copy": self, "made_at": text(self.made_at)},
        )


def count_line(label, number):
    """'Dilemma case: 3' — a count of records named without their content."""
    return _("%(kind)s: %(count)s") % {"kind": label, "count": number}
