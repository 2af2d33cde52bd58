"""Mail of the core: notifications, digests and invitations. These tasks import no services
(the services enqueue them); the beat sweeps that call services are in coalition/sweeps.py."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import digest
from .mail import absolute_url, send_templated_mail
from .models import Notification, Profile

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


# Mail of many notifications goes out in messages of this many ids: a sweep over thousands
# of rows enqueues a few dozen messages, and a message still finishes in a minute or two.
MAIL_BATCH = 100


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_notification_email(self, notification_id):
    """Send the e-mail of one notification, once.

    The row is claimed with a conditional update before sending, so a second worker or a
    second run finds nothing to do. On a mail error the claim is released and the task
    retries with back-off; the beat sweep picks up whatever is still unsent later.
    """
    try:
        return _send_once(notification_id)
    except MailFailed as failure:
        exc = failure.__cause__
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_notification_emails(self, notification_ids):
    """Send the e-mail of each of these notifications, once each: one message for a batch
    of mail (the beat sweeps), where `send_notification_email` is one for one.

    Each mail stands alone, claimed just before it is sent as in `send_notification_email`:
    one that went out already (a second message, a second worker) is skipped, and one that
    fails is released and neither stops nor resends the others. The failed ones alone are
    retried with back-off. Returns how many mails went out."""
    sent, failed, error = 0, [], None
    for notification_id in notification_ids:
        try:
            sent += _send_once(notification_id)
        except MailFailed as failure:
            failed.append(notification_id)
            error = failure.__cause__
    if failed:
        raise self.retry(
            args=[failed], exc=error, countdown=_backoff(self.request.retries)
        ) from error
    return sent


class MailFailed(Exception):
    """The mail of one notification did not go out (its claim is released); the error of
    the mail backend is its cause. A database error is not one: it stops the task."""


def _send_once(notification_id):
    """Claim the notification's mail and send it: False when there is nothing to send (sent
    already, claimed by another worker, no address). On a mail error the claim is released
    and MailFailed raised, for the caller to retry."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, send_email=True, email_sent_at__isnull=True
    ).update(email_sent_at=now)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.address:
        return False
    try:
        deliver_notification_email(notification)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            email_sent_at=None, email_attempts=notification.email_attempts + 1
        )
        logger.warning("Mail for notification %s failed: %s", notification_id, exc)
        raise MailFailed(notification_id) from exc
    return True


def _backoff(retries):
    """30 s, 1 min, 2 min, ... capped at 10 minutes."""
    return min(600, 30 * 2**retries)


def deliver_notification_email(notification):
    """The mail of one notification, in the product's language. A notification without a
    link (one to an address outside the app, say) makes a mail without any link."""
    if digest.is_digest(notification):
        template, context = "coalition/email/digest.html", digest.mail_context(notification)
    else:
        link = absolute_url(notification.safe_url) if notification.safe_url else ""
        template, context = (
            "coalition/email/notification.html",
            {"notification": notification, "link": link},
        )
    send_templated_mail(
        template=template,
        context=context,
        to=[notification.address],
        subject=notification.subject,
        language=settings.LANGUAGE_CODE,
    )


@shared_task
def send_pending_notification_emails():
    """Beat sweep: enqueue mail for notifications whose e-mail did not go out, one message
    per MAIL_BATCH of them, in one query however many wait. Those that wait for a daily
    digest are left to `send_daily_digests`.

    The rows are not marked here: each mail is claimed by the worker just before it is sent
    (`_send_once`). A message lost with a broker or worker that is down then leaves its
    rows unsent, and the next sweep enqueues them again: the case this sweep is there for.
    Returns how many notifications were enqueued."""
    cutoff = timezone.now() - timezone.timedelta(minutes=10)
    pending = list(
        Notification.objects.mail_pending()
        .filter(created_at__lt=cutoff, email_attempts__lt=MAX_ATTEMPTS)
        .exclude(recipient__profile__notification_mail=Profile.NotificationMail.DIGEST)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(pending):
        send_notification_emails.delay(batch)
    return len(pending)


@shared_task
def send_daily_digests():
    """Beat: the daily digest e-mail of everyone who chose it; a second run sends nothing."""
    made = digest.make_daily_digests()
    for batch in _batches([notification.pk for notification in made]):
        send_notification_emails.delay_on_commit(batch)
    return len(made)


def _batches(ids):
    return (ids[start : start + MAIL_BATCH] for start in range(0, len(ids), MAIL_BATCH))


@shared_task
def send_invitation(user_id):
    """Invite a new person to choose their own password (nobody else ever sets it).

    The link is made here, in the worker, and goes only into the mail: it is never stored."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Your account for Coalition"))
    send_templated_mail(
        template="coalition/email/invitation.html",
        context={"user": user, "link": absolute_url(path)},
        to=[user.email],
        subject=subject,
        language=settings.LANGUAGE_CODE,
    )
    return True
