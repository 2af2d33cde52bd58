"""The registries of the rights of the people in the app, filled by the apps."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubjectKind:
    """A kind of person the app holds data about, who may ask for a copy or erasure."""

    name: str  # "client", "person": stored in the request
    label: Callable  # () -> the kind as people read it
    get: Callable  # (pk) -> the subject, or None when it is gone
    describe: Callable  # (subject) -> "client 1042 of Zorggroep Noord"
    organisations: Callable  # (subject) -> ids of the organisations whose data it is
    collect: Callable  # (subject, *, own) -> list of package.Section
    erase: Callable  # (subject) -> {what: how many}, in the active transaction
    # (subject) -> the record the access log names for the subject (kind, number, client)
    log_record: Callable
    # (**what the request form asks) -> the subject, or None: a client by organisation and
    # number, say. None when the form picks the subject itself (a staff member).
    find: Callable | None = None
    # (pks) -> {pk: subject} of those that still exist: a list of requests names its
    # subjects in one query. Without it, each is read with `get`.
    get_many: Callable | None = None


@dataclass(frozen=True)
class PersonPart:
    """What one app holds about a staff member: sections of their copy, and how to erase or
    anonymise it when they ask."""

    collect: Callable  # (user, *, own) -> list of package.Section
    erase: Callable  # (user) -> {what: how many}


@dataclass(frozen=True)
class RetentionKind:
    """Records anonymised when they are older than a period.

    `due(cutoff)` is a queryset of the records not yet anonymised whose moment lies on or
    before `cutoff`, ordered by pk; `anonymise(records)` anonymises a batch of them (history
    rows included) and marks them, so that they are never due again."""

    name: str  # app_label.model_name, the key of RETENTION_DAYS
    label: Callable  # () -> plural, as people read it
    due: Callable
    anonymise: Callable
    rule: Callable  # () -> when a record of this kind counts as old, in plain words


_subjects = {}
_person_parts = []
_retention = {}


def register_subject(kind):
    _subjects[kind.name] = kind
    return kind


def subject_kind(name):
    return _subjects.get(name)


def subject_kinds():
    return dict(_subjects)


def register_person_part(part):
    if part not in _person_parts:
        _person_parts.append(part)
    return part


def person_parts():
    return tuple(_person_parts)


def register_retention(kind):
    _retention[kind.name] = kind
    return kind


def retention_kinds():
    return dict(_retention)
