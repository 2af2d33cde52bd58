"""One search box for the whole coalition, fed by each app through a small registry.

An app registers a provider in its AppConfig.ready():

    search.register(search.Provider("decisions", _("Decisions"), find_decisions, order=20))

A provider's `find(user, terms, limit)` returns at most `limit` SearchHit objects, and only
what `user` may see: it starts from its app's permission chokepoint (`cases_visible_to`,
`partners_visible_to`, ...), never from `Model.objects`. It runs a fixed number of queries.

A hit on a confidential record (a case) carries the record in `record`: the search page
writes one access-log line for each such hit it shows, like any list of those records.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db.models import Q

MIN_LENGTH = 2
MAX_TERMS = 6
LIMIT = 8

_providers = []


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    detail: str = ""
    record: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    find: Callable
    order: int = 100


@dataclass
class Result:
    provider: Provider
    hits: list
    more: bool


def register(provider):
    if all(p.key != provider.key for p in _providers):
        _providers.append(provider)
        _providers.sort(key=lambda p: p.order)
    return provider


def terms_of(query):
    """The words of a query that are long enough to search for, at most MAX_TERMS."""
    words = [w for w in (query or "").split() if len(w) >= MIN_LENGTH]
    return words[:MAX_TERMS]


def matching(fields, terms):
    """A Q that holds when every term occurs in at least one of `fields`, in any case."""
    return reduce(
        and_,
        (reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": t}) for f in fields)) for t in terms),
    )


def search(user, query, *, limit=LIMIT):
    """[Result] for every provider with a hit, in order. One more row than shown is fetched,
    so the page can say there is more without counting."""
    terms = terms_of(query)
    if not terms:
        return []
    results = []
    for provider in _providers:
        hits = list(provider.find(user, terms, limit + 1))
        if hits:
            results.append(Result(provider, hits[:limit], len(hits) > limit))
    return results
