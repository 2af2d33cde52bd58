"""What the coalition search finds in the digital part: the services of the menu, which
every signed-in member of staff may read. Clients are never searched from here."""

from django.utils.translation import gettext as _

from coalition.search import Provider, SearchHit, matching

from .permissions import services_visible_to


def find_services(user, terms, limit):
    services = (
        services_visible_to(user)
        .filter(matching(["name", "provider_name", "description"], terms))
        .select_related("provider")
        .order_by("name", "pk")[:limit]
    )
    return [
        SearchHit(title=s.name, url=s.get_absolute_url(), detail=str(s.provider or s.provider_name))
        for s in services
    ]


def providers():
    return [Provider("services", _("Digital services"), find_services, order=50)]
