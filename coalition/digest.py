"""The daily digest: for people who chose it, one e-mail a day with the notifications that
wait for them instead of one mail each. The beat task (coalition.tasks.send_daily_digests)
makes the digests here and sends their mail through the notification mail task.

A digest is itself a notification to the person's address. Its body lists the items as text
lines, "- subject" with the item's path on the next line; `mail_context` reads them back so
the mail shows the list with real links."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .mail import absolute_url
from .models import Notification, Profile

DIGEST_MAX_ITEMS = 50
KEY_PREFIX = "coalition-daily-digest-"
_ITEM, _PATH = "- ", "  "


def make_daily_digests(*, today=None):
    """One digest per person who chose it, with what waits for them: run daily. Returns
    the digest notifications made now; the caller sends their mail."""
    today = today or timezone.localdate()
    waiting = (
        Notification.objects.mail_pending()
        .filter(recipient__profile__notification_mail=Profile.NotificationMail.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    people = get_user_model().objects.filter(pk__in=waiting, is_active=True).order_by("pk")
    made = (make_daily_digest(user=user, today=today) for user in people)
    return [digest for digest in made if digest is not None]


@transaction.atomic
def make_daily_digest(*, user, today):
    """The digest of `user`'s unread notifications that wait for the digest (those of the last
    day, or since the last digest if one was missed), at most one digest per day.

    The digest is itself a notification to the address, keyed by person and date, so a
    second run on the same day (or a second worker) creates nothing; the notifications it
    lists are then claimed (`email_sent_at`), so no later digest lists them again. Those read
    in the app meanwhile are not mailed at all. Returns the digest notification (its mail
    still to send) or None.
    """
    key = f"{KEY_PREFIX}{user.pk}-{today.isoformat()}"
    pending = Notification.objects.mail_pending().filter(recipient=user)
    pending.filter(read_at__isnull=False).update(send_email=False)
    items = list(pending.filter(read_at__isnull=True).order_by("created_at", "pk"))
    # Keyed by person as well as address: a new address the same day gets no second digest.
    if not items or not user.email or Notification.objects.filter(key=key).exists():
        return None
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        for notification in items[:DIGEST_MAX_ITEMS]:
            # One line each, whatever the subject holds: the lines are read back for the mail.
            lines.append(_ITEM + " ".join(notification.subject.split()))
            if notification.safe_url:
                lines.append(_PATH + notification.safe_url)
        if len(items) > DIGEST_MAX_ITEMS:
            lines.append(
                _("… and %(count)s more in the app.") % {"count": len(items) - DIGEST_MAX_ITEMS}
            )
        subject = ngettext(
            "%(count)s new notification in Coalition",
            "%(count)s new notifications in Coalition",
            len(items),
        ) % {"count": len(items)}
        try:
            # The savepoint keeps a concurrent duplicate from breaking the transaction.
            with transaction.atomic():
                digest = Notification.objects.create(
                    key=key,
                    email=user.email,
                    subject=subject,
                    body="\n".join(lines),
                    url=reverse("coalition:notifications"),
                    send_email=True,
                )
        except IntegrityError:
            return None
    Notification.objects.filter(pk__in=[n.pk for n in items], email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    return digest


@dataclass(frozen=True)
class DigestEntry:
    subject: str
    url: str  # the item's full address, or "" when it has no page


def is_digest(notification):
    return notification.recipient_id is None and notification.key.startswith(KEY_PREFIX)


def mail_context(notification):
    """What the digest mail shows: its items, each with its address on the site (when it has
    a page), any closing note ("… and 3 more in the app."), and the link to all
    notifications."""
    entries, notes = [], []
    for line in notification.body.splitlines():
        if line.startswith(_ITEM):
            entries.append(DigestEntry(subject=line[len(_ITEM) :].strip(), url=""))
        elif line.startswith(_PATH) and entries and not entries[-1].url:
            path = Notification(url=line.strip()).safe_url
            if path:
                entries[-1] = DigestEntry(subject=entries[-1].subject, url=absolute_url(path))
        elif line.strip():
            notes.append(line.strip())
    link = absolute_url(notification.safe_url) if notification.safe_url else ""
    return {"entries": entries, "notes": notes, "link": link}
