"""Services of the core that every app calls: notifications, the access log and its monthly
report."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q, Value
from django.db.models.functions import Concat, ExtractHour, TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import facts
from .models import AccessLogEntry, Notification, Organisation, Profile, local_midnight
from .roles import PRIVACY_OFFICER, role_names
from .sanitize import one_line

logger = logging.getLogger(__name__)

# A subject is one line that fits its column, whatever text went into it (a decision's
# title of 200 characters after the group's name, a title with a line break).
SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length


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

    subject = one_line(subject, SUBJECT_LENGTH)
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


def notify_each(messages, *, send_email=True, emails=()):
    """Many notifications at once, each `(recipient, key, subject, body, url)`: what a beat
    sweep sends to many people about many things. A fixed number of queries however many
    messages (profiles, keys already used, one bulk insert); the mail of each goes through
    the same task as `notify`, after commit, and each person's choice holds the same way.

    `emails` are messages to addresses rather than people, each `(address, key, subject,
    body, url)`: like `notify(emails=...)` they always get their mail (one more query for
    the keys those addresses used already).

    Like `notify`, a (recipient, key) or (address, key) pair that exists already is skipped,
    so a second run creates nothing. Callers claim their rows first (a conditional update or
    a row lock), so no two runs insert the same pair at once. Returns the notifications
    created."""
    from .tasks import MAIL_BATCH, send_notification_emails

    messages = [m for m in messages if m[0] is not None]
    addressed = [
        (address.strip().lower(), *rest) for address, *rest in emails if address and address.strip()
    ]
    if not messages and not addressed:
        return []
    rows = _rows_for_people(messages, send_email) + _rows_for_addresses(addressed)
    created = Notification.objects.bulk_create([row for row, _choice in rows])
    mail = [
        notification.pk
        for notification, (_row, choice) in zip(created, rows, strict=True)
        if notification.send_email and choice != Profile.NotificationMail.DIGEST
    ]
    # One task message per MAIL_BATCH mails, each mail still claimed and sent on its own.
    for start in range(0, len(mail), MAIL_BATCH):
        send_notification_emails.delay_on_commit(mail[start : start + MAIL_BATCH])
    return created


def _rows_for_people(messages, send_email):
    """The new notifications of `notify_each` to people, each with the person's mail choice."""
    if not messages:
        return []
    user_ids = {recipient.pk for recipient, *_rest in messages}
    keys = {key for _recipient, key, *_rest in messages}
    choices = {}
    if send_email:
        choices = dict(
            Profile.objects.filter(user__in=user_ids).values_list("user_id", "notification_mail")
        )
    taken = set(
        Notification.objects.filter(recipient__in=user_ids, key__in=keys).values_list(
            "recipient_id", "key"
        )
    )
    rows, subjects = [], {}
    for recipient, key, subject, body, url in messages:
        if (recipient.pk, key) in taken:
            continue
        taken.add((recipient.pk, key))
        choice = choices.get(recipient.pk)
        if subject not in subjects:  # a sweep tells many people the same thing
            subjects[subject] = one_line(subject, SUBJECT_LENGTH)
        row = Notification(
            recipient=recipient,
            key=key,
            subject=subjects[subject],
            body=body,
            url=url,
            send_email=send_email
            and bool(recipient.email)
            and choice != Profile.NotificationMail.IN_APP,
        )
        rows.append((row, choice))
    return rows


def _rows_for_addresses(addressed):
    """The new notifications of `notify_each` to addresses outside the app: always mailed."""
    if not addressed:
        return []
    taken = set(
        Notification.objects.filter(
            recipient__isnull=True,
            email__in={address for address, *_rest in addressed},
            key__in={key for _address, key, *_rest in addressed},
        ).values_list("email", "key")
    )
    rows = []
    for address, key, subject, body, url in addressed:
        if (address, key) in taken:
            continue
        taken.add((address, key))
        row = Notification(
            email=address,
            key=key,
            subject=one_line(subject, SUBJECT_LENGTH),
            body=body,
            url=url,
            send_email=True,
        )
        rows.append((row, None))
    return rows


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


# --- The access log ---


def log_access(
    *,
    request,
    obj,
    outcome=AccessLogEntry.Outcome.VIEWED,
    object_type=None,
    action=AccessLogEntry.Action.VIEWED,
    organisation_id=None,
    client_id=None,
):
    """Write one access-log entry for a confidential record: `obj` is the record, or its pk
    with `object_type` (a refused read of a record the person may not know of).

    The record's organisation and client are read from the record (`organisation_id`, and
    the record itself or its `client_id`); `organisation_id` and `client_id` give them where
    the record does not carry them (an intake's organisation is its client's)."""
    return _write(
        request,
        [_Record.of(obj, object_type, organisation_id, client_id)],
        outcome=outcome,
        action=action,
    )[0]


def log_access_many(
    *,
    request,
    objects,
    outcome=AccessLogEntry.Outcome.VIEWED,
    action=AccessLogEntry.Action.VIEWED,
):
    """One access-log entry per record shown on a page (a list, a session, search hits), in
    a fixed number of queries whatever their number."""
    return _write(request, [_Record.of(obj) for obj in objects], outcome=outcome, action=action)


def log_access_many_as(*, user, path, objects, action=AccessLogEntry.Action.VIEWED):
    """`log_access_many` outside a page request: what a worker shows `user` on their behalf
    (their own copy as PDF, say); `path` is the page they asked it from."""
    return _write_as(
        user,
        path,
        [_Record.of(obj) for obj in objects],
        outcome=AccessLogEntry.Outcome.VIEWED,
        action=action,
    )


def log_event(*, user, path, obj, action, organisation_id=None, client_id=None):
    """One access-log entry written outside a page request: a record erased when a second
    person confirms the request for it, say. `user` is who asked for it; `path` the page of
    that request."""
    return _write_as(
        user,
        path,
        [_Record.of(obj, None, organisation_id, client_id)],
        outcome=AccessLogEntry.Outcome.VIEWED,
        action=action,
    )[0]


@dataclass(frozen=True)
class _Record:
    object_type: str
    object_id: str
    organisation_id: int | None
    client_id: int | None

    @classmethod
    def of(cls, obj, object_type=None, organisation_id=None, client_id=None):
        if not hasattr(obj, "_meta"):
            return cls(object_type, str(obj), organisation_id, client_id)
        label = obj._meta.label_lower
        if client_id is None and label == AccessLogEntry.CLIENT_KIND:
            client_id = obj.pk
        elif client_id is None:
            client_id = getattr(obj, "client_id", None)
        if organisation_id is None:
            organisation_id = getattr(obj, "organisation_id", None)
        return cls(object_type or label, str(obj.pk), organisation_id, client_id)


def _write(request, records, *, outcome, action):
    """The entries of `records` read by the request's user, in at most three queries: the
    person's roles and organisations (coalition.facts, often known already this request),
    the names of the records' other organisations, and one insert."""
    user = request.user if request.user.is_authenticated else None
    # The path without its query: a search term or filter can itself name a record.
    return _write_as(user, request.path, records, outcome=outcome, action=action)


def _write_as(user, path, records, *, outcome, action):
    if not records:
        return []
    who = _who(user)
    wanted = {r.organisation_id for r in records if r.organisation_id is not None}
    names = dict(who.organisations)
    missing = wanted - names.keys()
    if missing:
        names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
    path = path[:500]
    now = timezone.now()
    return AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                user=user,
                username=user.get_username() if user else "",
                roles=who.roles,
                organisations=who.organisation_names,
                at=now,
                action=action,
                outcome=outcome,
                object_type=record.object_type,
                object_id=record.object_id,
                record_organisation=names.get(record.organisation_id, "")[:200],
                outside_organisation=(
                    None
                    if record.organisation_id is None or user is None
                    else record.organisation_id not in who.organisations
                ),
                client_id=record.client_id,
                path=path,
            )
            for record in records
        ]
    )


@dataclass(frozen=True)
class _Who:
    roles: str
    organisations: dict  # pk -> name

    @property
    def organisation_names(self):
        return "; ".join(sorted(self.organisations.values()))[:500]


def _who(user):
    """The roles and organisations of the person at this moment, as the entry keeps them."""
    if user is None:
        return _Who("", {})
    held = sorted(role_names(user))
    if user.is_superuser:
        held.insert(0, AccessLogEntry.SUPERUSER)
    return _Who(",".join(held)[:300], facts.organisation_names(user))


# --- The monthly report of unusual patterns in the access log ---

# More distinct records than this read by one person in one day stands out. Every record a
# list page shows counts as read, and a page shows up to 50 (coalition.paging.PER_PAGE): a
# day of ordinary work (a caseload of a few dozen clients, a list page or two) stays under
# 100; paging through all the clients of an organisation does not. Set
# ACCESS_LOG_MANY_RECORDS_PER_DAY in the settings to change it.
MANY_RECORDS_PER_DAY = 100
# Refused reads one after the other, without an allowed read between them, that stand out:
# one or two are a stale link; three are someone trying numbers. Set
# ACCESS_LOG_REFUSALS_IN_A_ROW to change it.
REFUSALS_IN_A_ROW = 3
# Reads from 22:00 up to 06:00 local time are reads at night.
NIGHT_FROM, NIGHT_UNTIL = 22, 6


@dataclass
class AccessReport:
    """The unusual patterns of one month of the access log. Each pattern is a list of rows
    (dicts) naming the person, with counts and moments: never a record's content."""

    month: date  # its first day
    many_records: list
    outside: list
    at_night: list
    refusals: list
    many_records_limit: int
    refusals_limit: int

    @property
    def count(self):
        return len(self.many_records) + len(self.outside) + len(self.at_night) + len(self.refusals)

    @property
    def key(self):
        return f"{self.month:%Y-%m}"


def month_bounds(month):
    """(start, end) of the month that holds the date `month`: local midnights."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return local_midnight(first), local_midnight(following)


def access_report(month):
    """The report of the month that holds the date `month`, computed from the log in a fixed
    number of queries. The log is append-only, so a month asked again gives the same report
    (nothing is stored: see docs/access-log.md)."""
    many_limit = getattr(settings, "ACCESS_LOG_MANY_RECORDS_PER_DAY", MANY_RECORDS_PER_DAY)
    refusals_limit = getattr(settings, "ACCESS_LOG_REFUSALS_IN_A_ROW", REFUSALS_IN_A_ROW)
    zone = timezone.get_default_timezone()
    start, end = month_bounds(month)
    entries = AccessLogEntry.objects.between(start, end).order_by()
    allowed = entries.allowed()
    records = Count(Concat("object_type", Value("#"), "object_id"), distinct=True)
    many_records = list(
        allowed.annotate(day=TruncDate("at", tzinfo=zone))
        .values("user_id", "username", "day")
        .annotate(records=records)
        .filter(records__gt=many_limit)
        .order_by("day", "username")
    )
    spread = {"reads": Count("pk"), "records": records, "first": Min("at"), "last": Max("at")}
    outside = list(
        allowed.filter(outside_organisation=True)
        .values("user_id", "username", "record_organisation")
        .annotate(organisations=Max("organisations"), **spread)
        .order_by("username", "record_organisation")
    )
    hour = ExtractHour("at", tzinfo=zone)
    at_night = list(
        allowed.annotate(hour=hour)
        .filter(Q(hour__gte=NIGHT_FROM) | Q(hour__lt=NIGHT_UNTIL))
        .values("user_id", "username")
        .annotate(**spread)
        .order_by("username")
    )
    report = AccessReport(
        month=month.replace(day=1),
        many_records=many_records,
        outside=outside,
        at_night=at_night,
        refusals=_refusals_in_a_row(entries, refusals_limit),
        many_records_limit=many_limit,
        refusals_limit=refusals_limit,
    )
    _add_names(report)
    return report


def _refusals_in_a_row(entries, limit):
    """Per person, their longest run of refused reads with no allowed read between, where it
    reaches `limit`. Only the entries of people with that many refusals are read."""
    suspects = (
        entries.refused()
        .values("user_id")
        .annotate(refused=Count("pk"))
        .filter(refused__gte=limit)
        .values("user_id")
    )
    rows = entries.filter(user_id__in=suspects).order_by("user_id", "at", "pk")
    longest = {}
    run = None
    for user_id, username, outcome, at in rows.values_list("user_id", "username", "outcome", "at"):
        if outcome != AccessLogEntry.Outcome.DENIED:
            run = None
            continue
        if run is None or run["user_id"] != user_id:
            run = {"user_id": user_id, "username": username, "refused": 0, "first": at}
        run["refused"] += 1
        run["last"] = at
        best = longest.get(user_id)
        if run["refused"] >= limit and (best is None or run["refused"] > best["refused"]):
            longest[user_id] = dict(run)
    return sorted(longest.values(), key=lambda row: (row["username"], row["first"]))


def _add_names(report):
    """The person's name as it is now beside each row (the user name is the entry's own)."""
    rows = report.many_records + report.outside + report.at_night + report.refusals
    ids = {row["user_id"] for row in rows if row["user_id"] is not None}
    if not ids:
        return
    people = get_user_model().objects.in_bulk(ids)
    for row in rows:
        person = people.get(row["user_id"])
        row["name"] = person.get_full_name() if person else ""


def access_report_send(*, month):
    """Tell the privacy officers, in the app and by e-mail, that the report of the month that
    holds `month` is ready, with its counts and a link to it: never who or what. Once per
    month and person, however often this runs. Returns the notifications made now."""
    report = access_report(month)
    officers = list(
        get_user_model()
        .objects.filter(groups__name=PRIVACY_OFFICER, is_active=True)
        .distinct()
        .order_by("pk")
    )
    if not officers:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        name = date_format(report.month, "YEAR_MONTH_FORMAT")
        subject = ngettext(
            "Access log of %(month)s: %(count)s unusual pattern",
            "Access log of %(month)s: %(count)s unusual patterns",
            report.count,
        ) % {"month": name, "count": report.count}
        lines = [
            _("Many records in one day: %(count)s") % {"count": len(report.many_records)},
            _("Records outside the person's organisations: %(count)s")
            % {"count": len(report.outside)},
            _("Reads at night: %(count)s") % {"count": len(report.at_night)},
            _("Refusals in a row: %(count)s") % {"count": len(report.refusals)},
        ]
    return notify(
        subject=subject,
        body="\n".join(lines),
        url=f"{reverse('coalition:access_log_report')}?maand={report.key}",
        recipients=officers,
        key=f"access-log-report:{report.key}",
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
