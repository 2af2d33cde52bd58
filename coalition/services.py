"""Services of the core that every app calls: notifications and the access log."""

import logging

from django.db import IntegrityError, transaction

from .models import AccessLogEntry, Notification

logger = logging.getLogger(__name__)


def notify(*, subject, body="", url="", recipients=(), emails=(), key="", send_email=True):
    """Notify people in the app (users) and by e-mail (users with an address, plus `emails`).

    With a `key`, each addressee gets at most one notification for it, however often this
    runs: that is what makes reminders idempotent. Mail goes out through a Celery task that
    is enqueued only after the surrounding transaction commits, so a rollback sends nothing.
    Returns the notifications created now.
    """
    from .tasks import send_notification_email

    created = []
    for user in {u.pk: u for u in recipients}.values():
        created += _create(
            key,
            recipient=user,
            subject=subject,
            body=body,
            url=url,
            send_email=send_email and bool(user.email),
        )
    for address in dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()):
        created += _create(key, email=address, subject=subject, body=body, url=url)
    for notification in created:
        if notification.send_email:
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
    from django.utils import timezone

    qs = Notification.objects.unread_for(user)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def mark_read_at(*, user, path):
    """Mark read the user's unread notifications that point to `path`: opening the thing a
    notification is about is reading it. A link may end in an anchor on that page
    ("/sessies/4/#minder-alleen"). One UPDATE."""
    from django.db.models import Q
    from django.utils import timezone

    return (
        Notification.objects.unread_for(user)
        .filter(Q(url=path) | Q(url__startswith=f"{path}#"))
        .update(read_at=timezone.now())
    )


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
