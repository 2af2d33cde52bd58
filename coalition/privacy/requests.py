"""Requests of the people in the app (AVG): a copy of their data, or its erasure.

A privacy officer asks; the request is an access request (coalition.access) that the
organisations whose data it is confirm through a second person, as anything that opens
confidential data. Confirmed, a copy may be downloaded by the officer who asked for
PRIVACY_COPY_DAYS days, each download written to the access log; an erasure is carried out
at the moment of the last confirmation and written to the access log, naming the record by
kind and number only.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access
from ..models import AccessGrant, AccessLogEntry
from ..services import log_access, log_access_many, log_event
from .package import Copy
from .registry import subject_kind

KIND = "privacy_request"
COPY, ERASURE = "copy", "erasure"
REQUESTS = {COPY: gettext_lazy("a copy of all data"), ERASURE: gettext_lazy("erasure")}


def _subject(grant):
    kind = subject_kind(grant.payload.get("subject"))
    subject = access.preloaded(
        grant, "privacy_subject", lambda: kind.get(grant.payload["id"]) if kind else None
    )
    return kind, subject


def _preload(grants):
    """The subjects of a list of requests, one query per kind of subject."""
    wanted = {}
    for grant in grants:
        kind = subject_kind(grant.payload.get("subject"))
        if kind is not None and kind.get_many is not None:
            wanted.setdefault(kind.name, (kind, set()))[1].add(grant.payload["id"])
    found = {name: kind.get_many(list(pks)) for name, (kind, pks) in wanted.items()}
    for grant in grants:
        subjects = found.get(grant.payload.get("subject"))
        if subjects is not None:
            grant.preloaded["privacy_subject"] = subjects.get(grant.payload["id"])


def _describe(grant):
    kind, subject = _subject(grant)
    what = subject_description = _("(removed)")
    if subject is not None:
        subject_description = kind.describe(subject)
    if grant.payload.get("request") == ERASURE:
        what = _("%(officer)s asks to erase the data of %(subject)s")
    else:
        what = _("%(officer)s asks for a copy of all data of %(subject)s")
    text = what % {
        "officer": access.person_name(grant.requested_by),
        "subject": subject_description,
    }
    reference = grant.payload.get("reference")
    if reference:
        text += " " + _("(privacy request %(reference)s)") % {"reference": reference}
    return text


def _organisations(grant):
    kind, subject = _subject(grant)
    if subject is None:
        return set()
    return set(kind.organisations(subject))


def _beneficiaries(grant):
    # Whoever asked gains sight of the copy; an erasure shows nobody anything, but the one
    # who asked for it never confirms it either.
    return {grant.requested_by_id} - {None}


def _warning(grant):
    if grant.payload.get("request") == ERASURE:
        return _(
            "Confirming erases this person's data at once, in every earlier version too. "
            "This cannot be undone."
        )
    return ""


def _apply(grant):
    if grant.payload.get("request") != ERASURE:
        return  # the confirmed request is the key to the copy
    kind, subject = _subject(grant)
    if subject is None:
        return
    record = kind.log_record(subject)
    counts = kind.erase(subject)
    log_event(
        user=grant.requested_by,
        path=reverse("coalition:privacy_request_detail", args=[grant.pk]),
        obj=record,
        action=AccessLogEntry.Action.ERASED,
    )
    # What was erased, counted: the request keeps it, without any of the erased data.
    grant.payload = {**grant.payload, "erased": {str(k): v for k, v in counts.items()}}
    grant.save(update_fields=["payload"])


access.register_kind(
    access.GrantKind(
        name=KIND,
        describe=_describe,
        preload=_preload,
        organisations=_organisations,
        beneficiaries=_beneficiaries,
        apply=_apply,
        warning=_warning,
    )
)


@transaction.atomic
def privacy_request(*, actor, subject_name, subject, request, reference, note=""):
    """Ask for a copy or erasure of the data of `subject` (a client, a staff member)."""
    if request not in REQUESTS:
        raise ValidationError({"request": _("Choose a copy or erasure.")})
    kind = subject_kind(subject_name)
    if kind is None or subject is None:
        raise ValidationError(_("Choose whose data it is."))
    if request == ERASURE and subject == actor:
        raise ValidationError(_("Another privacy officer handles a request about yourself."))
    payload = {
        "subject": subject_name,
        "id": subject.pk,
        "request": request,
        "reference": reference.strip(),
    }
    if kind.organisations(subject):
        return access.grant_request(kind=KIND, payload=payload, actor=actor, note=note)
    # No organisation holds this person's data (a staff member of none): there is nobody
    # to confirm for, and nothing confidential to open. Kept like any decided request.
    grant = AccessGrant.objects.create(
        kind=KIND,
        payload=payload,
        requested_by=actor,
        note=note,
        status=AccessGrant.Status.APPROVED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    _apply(grant)
    return grant


def privacy_requests():
    return AccessGrant.objects.filter(kind=KIND).select_related("requested_by", "decided_by")


def copy_available_until(grant):
    if grant.decided_at is None:
        return None
    return grant.decided_at + timedelta(days=settings.PRIVACY_COPY_DAYS)


def may_download(user, grant):
    return (
        grant.kind == KIND
        and grant.payload.get("request") == COPY
        and grant.status == AccessGrant.Status.APPROVED
        and grant.requested_by_id == user.pk
        and timezone.now() < copy_available_until(grant)
    )


def copy_for(*, request, grant):
    """The copy a confirmed request opens, for the officer who asked; written to the
    access log as an export of the subject's record."""
    if not may_download(request.user, grant):
        raise PermissionDenied
    kind, subject = _subject(grant)
    if subject is None:
        raise PermissionDenied
    copy = Copy(
        subject=kind.describe(subject),
        sections=kind.collect(subject, own=False),
        made_by=access.person_name(request.user),
        reference=grant.payload.get("reference", ""),
    )
    log_access(request=request, obj=kind.log_record(subject), action=AccessLogEntry.Action.EXPORTED)
    return copy


def own_copy(*, request):
    """A staff member's copy of their own data, with the content of the confidential
    records they wrote; each of those is written to the access log as exported."""
    from .own_copy import own_copy_of
    from .person import PERSON

    copy, shown = own_copy_of(PERSON.get(request.user.pk))
    log_access_many(request=request, objects=shown, action=AccessLogEntry.Action.EXPORTED)
    return copy


def own_copy_pdf_ask(*, user, language):
    """Ask a worker for the person's copy as PDF: a copy asked or made before is replaced."""
    from ..models import OwnCopyPdf
    from .own_copy import forget_person, make_own_copy_pdf

    with transaction.atomic():
        forget_person(user)
        copy = OwnCopyPdf.objects.create(user=user, language=language, requested_at=timezone.now())
        make_own_copy_pdf.delay_on_commit(copy.pk)
    return copy
