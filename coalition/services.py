"""Services of the core that every app calls: notifications and the access log."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessLogEntry, Notification, Profile

logger = logging.getLogger(__name__)


def notify(*, subject, body="", url="", recipients=(), emails=(), key="", send_email=True):
    """Notify people in the app (users) and by e-mail (users with an address, plus `emails`).

    With a `key`, each addressee gets at most one notification for it, however often this
    runs: that is what makes reminders idempotent. Mail goes out through a Celery task that
    is enqueued only after the surrounding transaction commits, so a rollback sends nothing.

    Each user's choice on their profile holds: "in the app only" gets no mail; "daily digest"
    gets none now, the row waits (mail pending) for the daily digest (coalition.digest).
    Addresses in `emails` are not people of the app and always get their mail.
    Returns the notifications created now.
    """
    from .tasks import send_notification_email

    people = {u.pk: u for u in recipients}
    choices = {}
    if people and send_email:
        choices = dict(
            Profile.objects.filter(user__in=list(people)).values_list(
                "user_id", "notification_mail"
            )
        )
    created = []
    for user in people.values():
        created += _create(
            key,
            recipient=user,
            subject=subject,
            body=body,
            url=url,
            send_email=send_email
            and bool(user.email)
            and choices.get(user.pk) != Profile.NotificationMail.IN_APP,
        )
    for address in dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()):
        created += _create(key, email=address, subject=subject, body=body, url=url)
    for notification in created:
        digest = choices.get(notification.recipient_id) == Profile.NotificationMail.DIGEST
        if notification.send_email and not digest:
            send_notification_email.delay_on_commit(notification.pk)
    return created


def _create(key, **fields):
    if key:
        lookup = {"key": key}
        if fields.get("recipient") is not None:
            lookup["recipient"] = fields["recipient"]
        else:
            lookup["email"] = fields["email"]
            lookup["recipient"] = None
        if Notification.objects.filter(**lookup).exists():
            return []
        try:
            # The savepoint keeps a concurrent duplicate from breaking the caller's transaction.
            with transaction.atomic():
                return [Notification.objects.create(key=key, **fields)]
        except IntegrityError:
            return []
    return [Notification.objects.create(**fields)]


def mark_read(*, user, notification_ids=None):

    qs = Notification.objects.unread_for(user)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def log_access(*, request, obj, outcome=AccessLogEntry.Outcome.VIEWED, object_type=None):
    """Write one access-log line for a confidential record (`obj` may be a model or a pk)."""
    user = request.user if request.user.is_authenticated else None
    if hasattr(obj, "_meta"):
        object_type = object_type or obj._meta.label_lower
        object_id = str(obj.pk)
    else:
        object_id = str(obj)
    return AccessLogEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        outcome=outcome,
        object_type=object_type,
        object_id=object_id,
        path=request.path[:500],
    )


def log_access_many(*, request, objects, outcome=AccessLogEntry.Outcome.VIEWED):
    """One access-log line per record shown on a page (a list, a session), in one query."""
    user = request.user if request.user.is_authenticated else None
    # The path without its query: a search term or filter can itself name a record.
    path = request.path[:500]
    return AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=user,
                username=user.get_username() if user else "",
                outcome=outcome,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                path=path,
            )
            for obj in objects
        ]
    )


# --- A person's own profile ---


@transaction.atomic
def profile_save(*, user, first_name, last_name, email, language, notification_mail):
    """A person changes their own name, address and preferences. An e-mail address is
    theirs alone: one someone else has is refused. The change of address is written in the
    profile's history, since Django's user keeps none."""
    email = email.strip()
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Someone else already uses this e-mail address.")})
    old_email = user.email
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = Profile.objects.get_or_create(user=user)
    was = profile.notification_mail
    changed = (profile.language, was) != (language, notification_mail)
    profile.language, profile.notification_mail = language, notification_mail
    if email != old_email:
        # Both addresses as they are: the same in every language.
        profile._change_reason = f"e-mail: {old_email or '—'} → {email}"
        changed = True
    if changed:
        profile.save()
    if was == Profile.NotificationMail.DIGEST and notification_mail != was:
        pending = Notification.objects.mail_pending().filter(recipient=user)
        if notification_mail == Profile.NotificationMail.IN_APP:
            pending.update(send_email=False)
        # Back to a mail each: the sweep (send_pending_notification_emails) sends what waited.
    return profile
