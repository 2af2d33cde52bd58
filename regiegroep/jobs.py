"""The work behind the background tasks: storing the PDF of a playbook version, the yearly
review reminder, and the member rights that follow the seats' dates.

These functions take objects, like the services, and the services package re-exports them.
They live apart from it because the services enqueue the tasks: tasks.py imports this
module and never the services, so no two modules import each other.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from coalition.services import notify

from . import playbook
from .models import PlaybookPdf, PlaybookVersion

MEMBER_PERMS = ("view_steeringgroup", "change_steeringgroup")


def playbook_pdf(*, version, language):
    """The stored PDF of a version in a language, rendered and stored now if it is missing.

    Rendering takes seconds, so it runs outside any transaction; only storing the result is
    atomic, and a PDF that another worker stored meanwhile wins."""
    existing = version.pdfs.filter(language=language).first()
    if existing and existing.file and existing.file.storage.exists(existing.file.name):
        return existing
    started = time.monotonic()
    with translation.override(language):
        content = playbook.render_playbook(version)
    seconds = time.monotonic() - started
    try:
        with transaction.atomic():
            if existing is None:
                existing = PlaybookPdf(version=version, language=language)
            existing.render_seconds = seconds
            existing.rendered_at = timezone.now()
            existing.file.save(f"v{version.number}-{language}.pdf", ContentFile(content), save=True)
    except IntegrityError:
        # A worker stored it at the same moment: keep theirs.
        return version.pdfs.get(language=language)
    return existing


def send_review_reminders(*, today=None):
    """Remind the steering members of each group whose last playbook version is a year old
    or more; once per version and year overdue, however often this runs. One transaction
    per group, so the mail of one group leaves when that group's reminders are stored."""
    today = today or timezone.localdate()
    sent = 0
    latest_by_group = {}
    for version in PlaybookVersion.objects.select_related("group").order_by("group", "-number"):
        latest_by_group.setdefault(version.group_id, version)
    for version in latest_by_group.values():
        published = timezone.localtime(version.published_at).date()
        years = _years_between(published, today)
        if years < 1:
            continue
        members = get_users_with_perms(
            version.group, only_with_perms_in=["change_steeringgroup"], with_group_users=False
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Yearly review of the playbook of %(group)s") % {
                "group": version.group.name
            }
            body = _(
                "Version %(number)s of the playbook was published on %(date)s. "
                "Review it with the steering group and publish a new version."
            ) % {"number": version.number, "date": date_format(published, "DATE_FORMAT")}
        with transaction.atomic():
            sent += len(
                notify(
                    subject=subject,
                    body=body,
                    url=reverse("regiegroep:playbook_list", args=[version.group_id]),
                    recipients=list(members),
                    key=f"regiegroep:review:{version.group_id}:v{version.number}:y{years}",
                )
            )
    return sent


def _years_between(start, end):
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


@transaction.atomic
def sync_member_permissions(*, group, today=None):
    """Give the holders of current seats the steering member's object permissions on the
    group, and take them from people whose seats have ended."""
    today = today or timezone.localdate()
    User = get_user_model()
    current = set(
        group.seats.not_ended(today).filter(start_date__lte=today).values_list("person", flat=True)
    )
    holders = get_users_with_perms(
        group, only_with_perms_in=["change_steeringgroup"], with_group_users=False
    )
    held = set(holders.values_list("pk", flat=True))
    for user in User.objects.filter(pk__in=current - held):
        for perm in MEMBER_PERMS:
            assign_perm(perm, user, group)
    for user in User.objects.filter(pk__in=held - current):
        for perm in MEMBER_PERMS:
            remove_perm(perm, user, group)
