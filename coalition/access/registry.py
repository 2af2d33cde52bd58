"""The two registries apps fill in their AppConfig.ready(): kinds of change that widen sight,
and who may confirm for an organisation. With what every list of requests needs from a
kind: its description, fetched for many requests at once."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GrantKind:
    name: str
    describe: Callable  # (grant) -> str in the active language
    organisations: Callable  # (grant) -> ids of organisations whose records become visible
    beneficiaries: Callable  # (grant) -> ids of the people who gain sight
    apply: Callable  # (grant) -> None: make the change
    # (grants) -> None: fetch what describe and beneficiaries need for many grants at once
    # and keep it in each grant's `preloaded` dict, so a list runs a fixed number of queries.
    preload: Callable | None = None
    # (grant) -> None: lock, inside the confirming transaction, the rows whose change could
    # widen what this grant opens (a working group), beside the person, which is always
    # locked. The code that changes those facts takes the same locks.
    lock: Callable | None = None
    # (grant) -> what confirming does beyond giving sight, when it cannot be undone (an
    # erasure), for the confirm button's question; "" or None when nothing.
    warning: Callable | None = None


@dataclass(frozen=True)
class ConfirmerSource:
    """Who may confirm for an organisation, asked both ways."""

    confirmers: Callable  # (organisation_id) -> ids of people who may confirm for it
    organisations: Callable  # (user) -> ids of organisations the user may confirm for


_kinds = {}
_confirmer_sources = []
_record_counters = []


def register_kind(kind):
    _kinds[kind.name] = kind
    return kind


def register_confirmers(source):
    if source not in _confirmer_sources:
        _confirmer_sources.append(source)
    return source


def register_record_counter(counter):
    """counter(organisation_id) -> how many confidential records the organisation holds."""
    if counter not in _record_counters:
        _record_counters.append(counter)
    return counter


def confirmer_sources():
    return tuple(_confirmer_sources)


def record_counters():
    return tuple(_record_counters)


def kind_of(grant):
    return _kinds[grant.kind]


def warning(grant):
    kind = _kinds.get(grant.kind)
    if kind is None or kind.warning is None:
        return ""
    return kind.warning(grant) or ""


def describe(grant):
    kind = _kinds.get(grant.kind)
    if kind is None:
        return grant.kind
    return kind.describe(grant)


def preload(grants):
    """Prepare a list of requests for `describe` and `may_decide` in a few queries."""
    grants = list(grants)
    by_kind = {}
    for grant in grants:
        if getattr(grant, "preloaded", None) is None:
            grant.preloaded = {}
            by_kind.setdefault(grant.kind, []).append(grant)
    for name, same in by_kind.items():
        kind = _kinds.get(name)
        if kind is not None and kind.preload is not None:
            kind.preload(same)
    return grants


def describe_all(grants):
    """The requests with `description` set, for a list page."""
    grants = preload(grants)
    for grant in grants:
        grant.description = describe(grant)
    return grants


def preloaded(grant, key, fetch):
    """A value `preload` fetched for this grant, or fetched now."""
    cache = getattr(grant, "preloaded", None)
    if cache is None:
        cache = grant.preloaded = {}
    if key not in cache:
        cache[key] = fetch()
    return cache[key]
