"""The work behind the background tasks: rendering the PDF of a playbook version, the yearly
review reminder, and the member rights that follow the seats' dates.

These functions take objects, like the services, and the services package re-exports them.
They live apart from it because the services enqueue the tasks: tasks.py imports this
module and never the services, so no two modules import each other.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from coalition.models import local_midnight
from coalition.services import notify_each

from . import playbook
from .models import (
    PlaybookPdf,
    PlaybookVersion,
    SteeringGroup,
    SteeringGroupUserObjectPermission,
)

MEMBER_PERMS = ("view_steeringgroup", "change_steeringgroup")


def playbook_pdf_render(*, version, language):
    """Render and store the PDF of a version in a language, unless it is stored already;
    returns the stored `PlaybookPdf`. Running it again, or in two workers at once, stores
    one file.

    Rendering takes seconds, so it runs outside any transaction, and the file goes into
    the storage under a name of its own first. Only then is the row locked: when another
    worker stored a PDF meanwhile, theirs is kept and this file is deleted again."""
    existing = version.pdfs.filter(language=language).first()
    if existing is not None and existing.is_stored():
        return existing
    started = time.monotonic()
    content = playbook.render_playbook(version, language)
    seconds = time.monotonic() - started
    field = PlaybookPdf._meta.get_field("file")
    # A name no other render uses, also where the storage overwrites a name that exists
    # (S3's default): deleting a losing file never deletes the winner's.
    filename = f"v{version.number}-{language}-{get_random_string(8).lower()}.pdf"
    name = field.generate_filename(PlaybookPdf(version=version, language=language), filename)
    name = field.storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            pdf, _created = PlaybookPdf.objects.select_for_update().get_or_create(
                version=version, language=language
            )
            if pdf.is_stored():
                stored = False  # a worker stored it at the same moment: keep theirs
            else:
                pdf.file.name = name
                pdf.rendered_at = timezone.now()
                pdf.render_seconds = seconds
                pdf.save(update_fields=["file", "rendered_at", "render_seconds"])
                stored = True
    except BaseException:
        field.storage.delete(name)
        raise
    if not stored:
        field.storage.delete(name)
    return pdf


# Steering groups reminded in one transaction, in a fixed number of queries.
REVIEW_BATCH = 500


def send_review_reminders(*, today=None):
    """Remind the steering members of each group whose last playbook version is a year old
    or more; once per version and year overdue, however often this runs (the notification's
    key). Groups go in batches in the order of their pk, each batch in one transaction with
    a fixed number of queries, so the mail of a batch leaves when its reminders are stored.
    Returns the number of notifications made."""
    today = today or timezone.localdate()
    sent, after = 0, 0
    while after is not None:
        made, after = _remind_review_batch(today, after)
        sent += made
    return sent


@transaction.atomic
def _remind_review_batch(today, after):
    """Remind the groups of the next REVIEW_BATCH last versions, of groups after pk `after`,
    that may be a year old. Those versions are locked for the transaction: a second worker
    skips them, and the keys already used keep a later run from sending again. Returns
    (notifications made, the pk of the last group looked at, or None when none was left)."""
    later = PlaybookVersion.objects.filter(group=OuterRef("group"), number__gt=OuterRef("number"))
    # A year is 365 days or more, whatever the leap days: the exact count is made below.
    candidates = list(
        PlaybookVersion.objects.filter(
            ~Exists(later),
            group_id__gt=after,
            published_at__lt=local_midnight(today - timedelta(days=364)),
        )
        .select_related("group")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("group_id")[:REVIEW_BATCH]
    )
    if not candidates:
        return 0, None
    due = []
    for version in candidates:
        published = timezone.localtime(version.published_at).date()
        years = _years_between(published, today)
        if years >= 1:
            due.append((version, published, years))
    members = _members_of([version.group_id for version, _published, _years in due])
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for version, published, years in due:
            subject = _("Yearly review of the playbook of %(group)s") % {
                "group": version.group.name
            }
            body = _(
                "Version %(number)s of the playbook was published on %(date)s. "
                "Review it with the steering group and publish a new version."
            ) % {"number": version.number, "date": date_format(published, "DATE_FORMAT")}
            url = reverse("regiegroep:playbook_list", args=[version.group_id])
            key = f"regiegroep:review:{version.group_id}:v{version.number}:y{years}"
            messages += [
                (member, key, subject, body, url) for member in members.get(version.group_id, ())
            ]
    return len(notify_each(messages)), candidates[-1].group_id


def _members_of(group_ids):
    """{group pk: its steering members}, in one query: the people holding the member's
    change right on the group itself, as `get_users_with_perms(group,
    only_with_perms_in=["change_steeringgroup"], with_group_users=False)` finds them."""
    rows = SteeringGroupUserObjectPermission.objects.filter(
        content_object_id__in=group_ids,
        permission__codename="change_steeringgroup",
        permission__content_type__app_label=SteeringGroup._meta.app_label,
        permission__content_type__model=SteeringGroup._meta.model_name,
    ).select_related("user")
    members = {}
    for row in rows:
        members.setdefault(row.content_object_id, []).append(row.user)
    return members


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
