"""What the app knows of the signed-in person on every page, read in one query.

Every page asks some of it: the person's roles (the navigation, most checks), the
organisations and teams they work in, and what the apps register (the working groups they
are a member of). Each was its own query; `fact(user, name)` reads them all in one, once
per request, and keeps them on the user object, as each did before. The query is built and
compiled once (coalition.prepared).

A part registers a fact with `register(name, build)`: `build(user_id)` returns a queryset
with one text column named `value`, the person's values of that fact.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from .prepared import PreparedQuery

_sources = {}
_prepared = None


def register(name, build):
    global _prepared
    _sources[name] = build
    _prepared = None  # built again with the new fact


def as_text(field):
    """An id column as text, for a fact of ids."""
    return Cast(field, output_field=CharField())


def _query(user_id):
    parts = [
        build(user_id)
        .annotate(fact=Value(name, output_field=CharField()))
        .values_list("fact", "value")
        .order_by()
        for name, build in sorted(_sources.items())
    ]
    return parts[0].union(*parts[1:], all=True)


def _read(user):
    global _prepared
    if _prepared is None:
        _prepared = PreparedQuery(_query, ["user_id"])
    found = {name: set() for name in _sources}
    for name, value in _prepared.rows(user_id=user.pk):
        found[name].add(value)
    return {name: frozenset(values) for name, values in found.items()}


def fact(user, name):
    """The person's values of one fact (text), read with all the others once per request."""
    known = getattr(user, "_coalition_facts", None)
    if known is None or name not in known:
        known = user._coalition_facts = _read(user)
    return known[name]


def ids(user, name):
    """A fact of ids, as numbers (the id before a "|", where a value carries more)."""
    return frozenset(int(value.split("|", 1)[0]) for value in fact(user, name))


def _pairs(user, name):
    return (value.split("|", 1) for value in fact(user, name))


def organisation_names(user):
    """{id: name} of the organisations the person works for."""
    return {int(pk): name for pk, name in _pairs(user, ORGANISATIONS)}


def team_organisation_ids(user):
    """The organisations of the person's teams."""
    return frozenset(int(organisation) for _team, organisation in _pairs(user, TEAMS))


def _roles(user_id):
    from django.contrib.auth.models import Group

    return Group.objects.filter(user=user_id).annotate(value=Cast("name", CharField()))


def _profile_model():
    from django.apps import apps

    return apps.get_model("coalition", "Profile")


def _organisations(user_id):
    """Each organisation as "id|name"."""
    return (
        _profile_model()
        .organisations.through.objects.filter(profile__user=user_id)
        .annotate(value=Concat(as_text("organisation_id"), Value("|"), "organisation__name"))
    )


def _teams(user_id):
    """Each team as "id|organisation id"."""
    return (
        _profile_model()
        .teams.through.objects.filter(profile__user=user_id)
        .annotate(value=Concat(as_text("team_id"), Value("|"), as_text("team__organisation_id")))
    )


ROLES, ORGANISATIONS, TEAMS = "role", "organisation", "team"
register(ROLES, _roles)
register(ORGANISATIONS, _organisations)
register(TEAMS, _teams)
