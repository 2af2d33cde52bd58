"""A person's copy of their own data as PDF, made by a worker and kept for a day.

A copy of someone who wrote for years runs to hundreds of pages: laying it out takes longer
than a page may wait. The person asks for it on their profile (`requests.own_copy_pdf_ask`),
a worker makes it (`make`, through the task `make_own_copy_pdf` here) and the profile then
offers it for OWN_COPY_HOURS. The night's retention run deletes what is older
(`forget_expired`); erasing the person deletes it at once (`forget_person`). The JSON copy is
small and is still made at the moment of download."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from .. import access
from ..models import AccessLogEntry, OwnCopyPdf
from ..services import log_access_many_as
from .package import Copy
from .person import PERSON, confidential_shown
from .registry import PersonPart, register_person_part


def own_copy_of(user):
    """The person's own copy, with the content of the confidential records they wrote, and
    those records: the access log gets each of them as exported, whoever makes the file."""
    sections = PERSON.collect(user, own=True)
    copy = Copy(subject=PERSON.describe(user), sections=sections, made_by=access.person_name(user))
    return copy, confidential_shown(sections)


def current(user):
    """The person's copy: asked for, made, or None."""
    return OwnCopyPdf.objects.filter(user=user).first()


@shared_task(bind=True, max_retries=3)
def make_own_copy_pdf(self, copy_id):
    """Make and store a person's copy of their own data as PDF; a copy made already, or
    asked away, is left alone. (A task here, not in coalition.tasks: making the copy writes
    the access log through the services, which import coalition.tasks to send mail.)"""
    copy = OwnCopyPdf.objects.select_related("user").filter(pk=copy_id, made_at=None).first()
    if copy is None:
        return False
    try:
        make(copy)
    except OSError as exc:  # storage trouble: try again later
        raise self.retry(exc=exc, countdown=60 * (self.request.retries + 1)) from exc
    return True


def make(copy):
    """Collect the person's data, write the confidential records it shows to the access log
    as exported (by the person, from their profile), lay out the PDF and store it."""
    user = copy.user
    with translation.override(copy.language):
        data, shown = own_copy_of(user)
        pdf = data.as_pdf()
    with transaction.atomic():
        locked = OwnCopyPdf.objects.select_for_update().filter(pk=copy.pk).first()
        if locked is None:  # asked away (the person was erased) while it was being made
            return None
        old = locked.file.name if locked.file else ""
        locked.file.save("copy.pdf", ContentFile(pdf), save=False)
        locked.made_at = timezone.now()
        locked.save(update_fields=["file", "made_at"])
        log_access_many_as(
            user=user,
            path=reverse("coalition:profile"),
            objects=shown,
            action=AccessLogEntry.Action.EXPORTED,
        )
    if old:
        transaction.on_commit(lambda: locked.file.storage.delete(old))
    return locked


def _delete(copies):
    """Delete the rows now and their files once that is committed: a transaction that rolls
    back keeps the rows and the files they point to."""
    names = [copy.file.name for copy in copies if copy.file]
    OwnCopyPdf.objects.filter(pk__in=[copy.pk for copy in copies]).delete()
    storage = OwnCopyPdf._meta.get_field("file").storage

    def delete_files():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete_files)
    return len(copies)


def forget_expired(now=None):
    """Delete the copies made, or asked for, longer than OWN_COPY_HOURS ago."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.OWN_COPY_HOURS)
    return _delete(
        list(
            OwnCopyPdf.objects.filter(
                Q(made_at__lte=cutoff) | Q(made_at__isnull=True, requested_at__lte=cutoff)
            )
        )
    )


def forget_person(user):
    """Delete the person's copy (when they ask again, and when their data is erased)."""
    return _delete(list(OwnCopyPdf.objects.filter(user=user)))


def _erase(user):
    return {translation.gettext("copies of own data"): forget_person(user)}


# Erasing a person deletes their copy with the rest; the copy holds nothing of its own to
# put in a copy.
PERSON_PART = register_person_part(PersonPart(collect=lambda user, *, own: [], erase=_erase))
