"""The network picture: the partners a user may see, drawn around one organisation and
grouped by category, with the same partners in a table as its accessible alternative.

The picture's data goes into the page as a json_script element (the CSP runs no inline
script; JSON is not executed) and static/relatiebeheer/network.js draws it with cytoscape.
Node positions are computed here, so the picture is the same on every load and on every
screen, and the page runs a fixed number of queries whatever the number of partners.
"""

import math
from itertools import groupby

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from coalition.permissions import organisations_visible_to, user_organisation_ids

from ..models import Health, Priority
from ..permissions import can_use_app, partners_visible_to

# Picture units; the browser scales the whole picture to its box.
CATEGORY_RADIUS = 170
FIRST_RING = 330
RING_STEP = 110
NODE_SPACING = 80
SIZE_BY_PRIORITY = {Priority.HIGH: 46, Priority.MEDIUM: 34, Priority.LOW: 24}
LABEL_LENGTH = 26
HEALTH_TAGS = {Health.GREEN: "tag-ok", Health.AMBER: "tag-warning", Health.RED: "tag-danger"}


def _short(text):
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def _centre_for(request):
    """The organisation in the middle: `?organisatie=<pk>` among those the user may look at,
    else the first one they work for."""
    user = request.user
    organisations = list(organisations_visible_to(user).order_by("name"))
    chosen = request.GET.get("organisatie", "")
    if chosen:
        centre = next((o for o in organisations if str(o.pk) == chosen), None)
        if centre is None:
            raise Http404
        return centre, organisations
    own = user_organisation_ids(user)
    centre = next((o for o in organisations if o.pk in own), None)
    return centre or (organisations[0] if organisations else None), organisations


def network_rows(user, centre, today):
    """The partners of the picture and the table: those `centre` keeps and those shared with
    the whole coalition, as far as the user may see them, ordered by category, priority and
    name, each with its health. One query."""
    partners = (
        partners_visible_to(user)
        .filter(Q(organisation=centre) | Q(shared=True))
        .select_related("category", "organisation")
        .order_by("category__name", "priority", "name", "pk")
    )
    rows = []
    for partner in partners:
        partner.health_now = Health(partner.health(today))
        partner.health_tag = HEALTH_TAGS[partner.health_now]
        partner.from_elsewhere = partner.organisation_id != centre.pk
        rows.append(partner)
    return rows


def network_picture(centre, rows):
    """Nodes and edges with fixed positions: the organisation in the middle, a hub per
    category around it, each category's partners in rings in the category's own slice."""
    nodes = [
        {
            "data": {"id": "centre", "label": _short(centre.name), "kind": "centre"},
            "position": {"x": 0, "y": 0},
        }
    ]
    edges = []
    groups = [(name, list(members)) for name, members in groupby(rows, lambda p: p.category.name)]
    total = sum(len(members) for _name, members in groups) or 1
    angle = -math.pi / 2
    for index, (name, members) in enumerate(groups):
        slice_ = 2 * math.pi * len(members) / total
        middle = angle + slice_ / 2
        hub = f"category-{index}"
        nodes.append(
            {
                "data": {"id": hub, "label": _short(name), "kind": "category"},
                "position": _point(CATEGORY_RADIUS, middle),
            }
        )
        edges.append({"data": {"id": f"edge-{hub}", "source": "centre", "target": hub}})
        for partner, position in zip(members, _slots(len(members), angle, slice_), strict=True):
            node = f"partner-{partner.pk}"
            nodes.append(
                {
                    "data": {
                        "id": node,
                        "label": _short(partner.name),
                        "kind": "partner",
                        "health": partner.health_now.value,
                        "size": SIZE_BY_PRIORITY.get(partner.priority, 34),
                        "shared": partner.from_elsewhere,
                        "url": reverse("relatiebeheer:partner_detail", args=[partner.pk]),
                    },
                    "position": position,
                }
            )
            edges.append({"data": {"id": f"edge-{node}", "source": hub, "target": node}})
        angle += slice_
    return {"nodes": nodes, "edges": edges}


def _slots(count, start, slice_):
    """`count` positions spread over the slice, filling rings outward as each fills up."""
    slots = []
    ring = 0
    while len(slots) < count:
        radius = FIRST_RING + ring * RING_STEP
        capacity = max(1, int(slice_ * radius / NODE_SPACING))
        here = min(capacity, count - len(slots))
        for i in range(here):
            slots.append(_point(radius, start + slice_ * (i + 0.5) / here))
        ring += 1
    return slots


def _point(radius, angle):
    return {"x": round(radius * math.cos(angle), 1), "y": round(radius * math.sin(angle), 1)}


def network(request):
    user = request.user
    can_use_app(user)
    centre, organisations = _centre_for(request)
    rows = network_rows(user, centre, timezone.localdate()) if centre else []
    categories = {p.category.name for p in rows}
    return render(
        request,
        "relatiebeheer/network.html",
        {
            "centre": centre,
            "organisations": organisations if len(organisations) > 1 else [],
            "rows": rows,
            "category_count": len(categories),
            "picture": network_picture(centre, rows) if centre and rows else None,
        },
    )
