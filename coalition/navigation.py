"""The main navigation: each app registers its entry and who may see it.

    navigation.register(NavEntry("regiegroep:index", _("Steering group"), roles=None, order=20))

`roles=None` shows the entry to every signed-in user; a tuple limits it to those roles.
"""

from dataclasses import dataclass

from .roles import role_names
from .urlpaths import object_path

_entries = []


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    roles: tuple | None = None
    order: int = 100

    def visible_to(self, user):
        if not user.is_authenticated:
            return False
        if self.roles is None or user.is_superuser:
            return True
        return bool(role_names(user).intersection(self.roles))


def register(entry):
    if all(e.url_name != entry.url_name for e in _entries):
        _entries.append(entry)
        _entries.sort(key=lambda e: e.order)


def entries_for(user, current_view=""):
    """`current_view` is the resolved "namespace:name" of the page being shown: an app's
    entry is current anywhere in its namespace, a core entry only on its own page."""
    namespace = current_view.split(":")[0]

    def is_current(entry):
        entry_namespace = entry.url_name.split(":")[0]
        if entry_namespace == "coalition":
            return entry.url_name == current_view
        return entry_namespace == namespace

    return [
        {"url": object_path(e.url_name), "label": e.label, "current": is_current(e)}
        for e in _entries
        if e.visible_to(user)
    ]
