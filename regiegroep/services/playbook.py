"""Publishing the playbook: the content frozen as a numbered version, and its PDFs, which a
worker renders; a request never does."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PlaybookPdf, PlaybookVersion
from ..playbook import build_snapshot
from ..tasks import render_playbook_pdf
from .groups import lock_group

# A render asked for this long ago and still not stored is taken as lost (a broker that was
# down, a worker that stopped) and asked for again. A 70-page playbook renders in ~10 s.
PDF_REQUEST_EXPIRES = timedelta(minutes=2)


@transaction.atomic
def playbook_publish(*, group, actor, change_note, render=True):
    """Freeze the current content as the next numbered version, published by `actor`; its
    PDFs render in a worker after commit (`render=False` leaves them to the first download).
    """
    if not change_note.strip():
        raise ValidationError(
            {"change_note": _("Write a short note on what changed in this version.")}
        )
    group = lock_group(group)
    last = group.playbooks.aggregate(m=Max("number"))["m"] or 0
    version = PlaybookVersion.objects.create(
        group=group,
        number=last + 1,
        change_note=change_note.strip(),
        snapshot=build_snapshot(group),
        published_by=actor,
    )
    if render:
        for language, _name in settings.LANGUAGES:
            playbook_pdf_request(version=version, language=language)
    return version


@transaction.atomic
def playbook_pdf_request(*, version, language):
    """Ask a worker, after commit, to render the PDF of `version` in `language`, unless it is
    stored or was asked for less than `PDF_REQUEST_EXPIRES` ago. True when it asked.

    The row (one per version and language) is the claim: of two requests at the same
    moment, one creates it or moves its `requested_at`, and only that one enqueues."""
    now = timezone.now()
    pdf, created = PlaybookPdf.objects.get_or_create(
        version=version, language=language, defaults={"requested_at": now}
    )
    if not created:
        if pdf.is_stored():
            return False
        expired = Q(requested_at=None) | Q(requested_at__lt=now - PDF_REQUEST_EXPIRES)
        if not PlaybookPdf.objects.filter(expired, pk=pdf.pk).update(requested_at=now):
            return False
    render_playbook_pdf.delay_on_commit(version.pk, language)
    return True


def playbook_pdf_for_download(*, version, language):
    """The stored PDF of `version` in `language`, or None while it is being prepared; then
    its rendering is asked for when no one asked for it yet (a version published before
    PDFs were rendered on publishing, a file that went missing, a render that was lost)."""
    pdf = version.pdfs.filter(language=language).first()
    if pdf is not None and pdf.is_stored():
        return pdf
    playbook_pdf_request(version=version, language=language)
    return None


def playbook_pdf_language(language_code):
    """The language of the PDF for a user's language: one of the product's languages."""
    codes = [code for code, _name in settings.LANGUAGES]
    base = (language_code or "").split("-")[0]
    return base if base in codes else settings.LANGUAGE_CODE
