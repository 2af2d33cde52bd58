"""The dashboard, "what needs me today", fed by each app through a small registry.

An app registers a provider in its AppConfig.ready():

    dashboard.register(my_items)

A provider takes (user, today) and returns DashboardItem objects for that user only; it
must itself apply the permission rules of its app (never show what the user may not see)
and run a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date

_providers = []


@dataclass(frozen=True)
class DashboardItem:
    section: str  # a heading, e.g. "Overdue contacts"
    title: str
    url: str = ""
    detail: str = ""
    due: date | None = None
    urgent: bool = False
    order: int = field(default=100, compare=False)
    # A confidential record whose title the item shows: the dashboard logs it as read.
    record: object = field(default=None, compare=False)


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user, today):
    items = []
    for provider in _providers:
        items.extend(provider(user, today))
    items.sort(key=lambda i: (i.order, str(i.section), not i.urgent, i.due or date.max))
    return items


def grouped_items_for(user, today):
    """Items grouped by section, in order, as [(section, [items])]."""
    groups = {}
    for item in items_for(user, today):
        groups.setdefault(str(item.section), []).append(item)
    return list(groups.items())
