"""The daily digest: for people who chose it, one e-mail a day with the notifications that
wait for them instead of one mail each. The beat task (coalition.tasks.send_daily_digests)
makes the digests here and sends their mail through the notification mail task.

A digest is itself a notification to the person's address. Its body lists the items as text
lines, "- subject" with the item's path on the next line; `mail_context` reads them back so
the mail shows the list with real links."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .mail import absolute_url
from .models import Notification, Profile

DIGEST_MAX_ITEMS = 50
# People whose digests are made in one transaction, in a fixed number of queries.
DIGEST_BATCH = 500
KEY_PREFIX = "coalition-daily-digest-"
_ITEM, _PATH = "- ", "  "


def make_daily_digests(*, today=None):
    """One digest per person who chose it, with what waits for them: run daily. Returns
    the digest notifications made now; the caller sends their mail.

    People are taken in batches in the order of their pk, each batch in a fixed number of
    queries however many people and notifications it holds (`_make_digests`)."""
    today = today or timezone.localdate()
    made, after = [], 0
    while True:
        people = _digest_people(after)
        if not people:
            return made
        made += _make_digests(people, today)
        after = people[-1]


def _waiting_for_a_digest():
    """The pks of people on the daily digest who have mail waiting, as a subquery."""
    return (
        Notification.objects.mail_pending()
        .filter(recipient__profile__notification_mail=Profile.NotificationMail.DIGEST)
        .values("recipient_id")
    )


def _digest_people(after):
    """The next DIGEST_BATCH active people after pk `after` with mail waiting for a digest."""
    return list(
        get_user_model()
        .objects.filter(pk__gt=after, pk__in=_waiting_for_a_digest(), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:DIGEST_BATCH]
    )


@transaction.atomic
def _make_digests(user_ids, today):
    """The digests of these people, in a fixed number of queries.

    Each person is locked for the transaction (a second worker skips them), and the digest
    is itself a notification to the address, keyed by person and date, so a second run on
    the same day creates nothing; the notifications it lists are then claimed
    (`email_sent_at`), so no later digest lists them again. Those read in the app meanwhile
    are not mailed at all. Returns the digest notifications (their mail still to send)."""
    people = dict(
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .select_for_update(skip_locked=True)
        .values_list("pk", "email")
    )
    if not people:
        return []
    pending = Notification.objects.mail_pending().filter(recipient__in=list(people))
    pending.filter(read_at__isnull=False).update(send_email=False)
    items = {}
    for notification in (
        pending.filter(read_at__isnull=True)
        .only("pk", "recipient_id", "subject", "url")
        .order_by("recipient_id", "created_at", "pk")
    ):
        items.setdefault(notification.recipient_id, []).append(notification)
    keys = {pk: f"{KEY_PREFIX}{pk}-{today.isoformat()}" for pk in people}
    # Keyed by person as well as address: a new address the same day gets no second digest.
    taken = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    digests, listed = [], []
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("coalition:notifications")
        for pk in sorted(items):
            if not people[pk] or keys[pk] in taken:
                continue
            digests.append(
                Notification(
                    key=keys[pk],
                    email=people[pk],
                    subject=_subject(items[pk]),
                    body=_body(items[pk]),
                    url=url,
                    send_email=True,
                )
            )
            listed += [notification.pk for notification in items[pk]]
    digests = Notification.objects.bulk_create(digests)
    if listed:
        Notification.objects.filter(pk__in=listed, email_sent_at__isnull=True).update(
            email_sent_at=timezone.now()
        )
    return digests


def _subject(items):
    return ngettext(
        "%(count)s new notification in Coalition",
        "%(count)s new notifications in Coalition",
        len(items),
    ) % {"count": len(items)}


def _body(items):
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
    return "\n".join(lines)


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
