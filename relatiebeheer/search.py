"""What the coalition search finds in relationship management: partners, for those who work
on it (the same partners their partner list shows them)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from coalition.search import Provider, SearchHit, matching

from .permissions import partners_visible_to


def find_partners(user, terms, limit):
    try:
        visible = partners_visible_to(user)
    except PermissionDenied:
        return []
    partners = (
        visible.filter(matching(["name", "sector", "place"], terms))
        .select_related("organisation")
        .order_by("name", "pk")[:limit]
    )
    return [
        SearchHit(
            title=p.name,
            url=p.get_absolute_url(),
            detail=" · ".join(str(x) for x in (p.organisation, p.place) if x),
        )
        for p in partners
    ]


def providers():
    return [Provider("partners", _("Network partners"), find_partners, order=60)]
