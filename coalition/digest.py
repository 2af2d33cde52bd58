"""The daily digest: for people who chose it, one e-mail a day with the notifications that
wait for them instead of one mail each. The beat task (coalition.tasks.send_daily_digests)
makes the digests here and sends their mail through the notification mail task."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notification, Profile

DIGEST_MAX_ITEMS = 50


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
    key = f"coalition-daily-digest-{user.pk}-{today.isoformat()}"
    pending = Notification.objects.mail_pending().filter(recipient=user)
    pending.filter(read_at__isnull=False).update(send_email=False)
    items = list(pending.filter(read_at__isnull=True).order_by("created_at", "pk"))
    # Keyed by person as well as address: a new address the same day gets no second digest.
    if not items or not user.email or Notification.objects.filter(key=key).exists():
        return None
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        for notification in items[:DIGEST_MAX_ITEMS]:
            lines.append(f"- {notification.subject}")
            if notification.safe_url:
                lines.append(f"  {site}{notification.safe_url}")
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
