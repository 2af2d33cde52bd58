"""The help pages: one per part of the app, in plain Dutch, and the link to the right one.

Each page is a template, `help/<part>.html`. The help link in the header of every page leads
to the help of the part the person is in (the namespace of the page's URL)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# part: (title, URL namespaces whose pages it explains)
PARTS = {
    "start": (_("Getting started"), ("coalition",)),
    "regiegroep": (_("Steering group"), ("regiegroep",)),
    "dilemmas": (_("Moral dilemmas"), ("dilemmas",)),
    "digital": (_("Digital services"), ("digital",)),
    "relatiebeheer": (_("Relationship management"), ("relatiebeheer",)),
}


def part_for(view_name):
    """The help part that explains the page `view_name` ("namespace:name")."""
    namespace = (view_name or "").split(":")[0]
    for part, (_title, namespaces) in PARTS.items():
        if namespace in namespaces:
            return part
    return "start"


def url_for(view_name):
    part = part_for(view_name)
    return (
        reverse("coalition:help", args=[part])
        if part != "start"
        else reverse("coalition:help_index")
    )
