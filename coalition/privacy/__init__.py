"""The rights of the people the app holds data about (AVG): a copy of everything the app
holds about one client or one staff member, and its erasure; and the retention periods after
which old records are anonymised on their own.

A copy or an erasure is asked by a privacy officer and is an access request like any other
(coalition.access): a second person of the organisation whose data it is confirms it before
anything is shown or erased, the request and its confirmation stay in history and are listed
on the organisation's access page. Staff download their own data from their profile.

Apps take part through registries filled in their AppConfig.ready():
- `register_subject(SubjectKind(...))`: a kind of person data is about (a client);
- `register_person_part(PersonPart(...))`: what an app holds about a staff member and how to
  erase it;
- `register_retention(RetentionKind(...))`: records anonymised after a period.

Modules: registry (the registries), collect (any record as readable rows, with its history),
package (the copy as JSON and PDF), person (the staff member as a subject), requests (asking,
confirming, downloading), retention (the nightly anonymiser), erase (history rows too).
"""

from .registry import (
    PersonPart,
    RetentionKind,
    SubjectKind,
    person_parts,
    register_person_part,
    register_retention,
    register_subject,
    retention_kinds,
    subject_kind,
    subject_kinds,
)

__all__ = [
    "PersonPart",
    "RetentionKind",
    "SubjectKind",
    "person_parts",
    "register_person_part",
    "register_retention",
    "register_subject",
    "retention_kinds",
    "subject_kind",
    "subject_kinds",
]
