"""The reminder sweeps of CELERY_BEAT_SCHEDULE, each with its due rows and a naive loop.

For every beat task that reminds people of rows that are due, `SWEEPS` says what one due row
is, how to make `n` of them (`make`), and how a straightforward loop would do the same work
one row at a time (`naive`: fetch each row, decide, one `notify()` per row), written here
with the app's models and rules. This module has the core's and the steering group's
sweeps, bench/sweeps_apps.py the other parts'; bench/sweep_run.py times each task against
its loop. Beat tasks without due rows to remind of are in NOT_REMINDERS with the reason."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_users_with_perms

from coalition import roles
from coalition.models import Notification, Organisation, Profile
from coalition.services import notify
from coalition.tasks import MAX_ATTEMPTS, send_notification_email

from .pool import make_people, unique

User = get_user_model()

NOT_REMINDERS = {
    "access-log-monthly-report": "one report a month per privacy officer, no due rows",
    "privacy-retention": "anonymises records past their retention period, reminds nobody",
    "regiegroep-sync-member-rights": "keeps rights in step with seat dates, reminds nobody",
    "relatiebeheer-plan-rro": "plans meetings of a few series, reminds nobody",
}


@dataclass(frozen=True)
class Sweep:
    beat: str  # the key in CELERY_BEAT_SCHEDULE
    due_row: str  # what one due row is
    make: Callable  # make(n): n new due rows
    naive: Callable  # naive(): the per-row loop; returns how many rows it handled


def _now():
    return timezone.now()


# --- notifications-retry-unsent-mail ---


def _make_unsent(n):
    people = list(User.objects.filter(is_active=True, profile__isnull=False).order_by("pk")[:500])
    created = _now() - timedelta(hours=1)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=people[i % len(people)],
                subject="Herinnering",
                url="/",
                created_at=created,
                send_email=True,
            )
            for i in range(n)
        ],
        batch_size=5000,
    )


def _naive_unsent():
    cutoff = _now() - timedelta(minutes=10)
    handled = 0
    for notification in Notification.objects.filter(
        send_email=True, email_sent_at__isnull=True
    ).order_by("pk"):
        if notification.created_at >= cutoff or notification.email_attempts >= MAX_ATTEMPTS:
            continue
        recipient = notification.recipient
        if recipient and recipient.profile.notification_mail == Profile.NotificationMail.DIGEST:
            continue
        send_notification_email.delay(notification.pk)
        handled += 1
    return handled


# --- notifications-daily-digest ---


def _make_digest_people(n):
    people = make_people(n, organisation=Organisation.objects.order_by("pk").first(), mail="digest")
    Notification.objects.bulk_create(
        [Notification(recipient=u, subject="Nieuw", url="/", send_email=True) for u in people],
        batch_size=5000,
    )


def _naive_digest():
    today = timezone.localdate()
    handled = 0
    for profile in Profile.objects.filter(
        notification_mail=Profile.NotificationMail.DIGEST
    ).order_by("pk"):
        user = profile.user
        if not user.is_active or not user.email:
            continue
        items = list(
            Notification.objects.filter(
                recipient=user, send_email=True, email_sent_at__isnull=True, read_at__isnull=True
            ).order_by("created_at", "pk")
        )
        key = f"coalition-daily-digest-{user.pk}-{today.isoformat()}"
        if not items or Notification.objects.filter(key=key).exists():
            continue
        digest = Notification.objects.create(
            key=key,
            email=user.email,
            subject=f"{len(items)} nieuwe meldingen",
            body="\n".join(f"- {n.subject}" for n in items),
            url=reverse("coalition:notifications"),
        )
        for item in items:
            item.email_sent_at = _now()
            item.save(update_fields=["email_sent_at"])
        send_notification_email.delay_on_commit(digest.pk)
        handled += 1
    return handled


# --- accounts-deactivate-inactive ---


def _make_inactive(n):
    make_people(
        n,
        organisation=Organisation.objects.order_by("pk").first(),
        last_login=_now() - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS + 30),
    )


def _naive_deactivate():
    cutoff = _now() - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
    handled = 0
    for user in User.objects.filter(is_active=True, is_superuser=False).order_by("pk"):
        last = user.last_login or user.date_joined
        if last > cutoff:
            continue
        user.is_active = False
        user.save()  # the sight follows (coalition.sight's post_save)
        key = f"coalition-account-deactivated-{user.pk}-{timezone.localdate().isoformat()}"
        notify(subject="Je account is uitgezet", emails=[user.email], key=key)
        coordinators = User.objects.filter(
            is_active=True,
            groups__name=roles.COORDINATOR,
            profile__organisations__people__user=user,
        ).distinct()
        notify(subject="Account uitgezet", recipients=list(coordinators), key=key)
        handled += 1
    return handled


# --- regiegroep-playbook-review ---


def _make_old_playbooks(n):
    from django.contrib.auth.models import Permission

    from regiegroep.models import PlaybookVersion, SteeringGroup, SteeringGroupUserObjectPermission

    organisation = Organisation.objects.order_by("pk").first()
    groups = SteeringGroup.objects.bulk_create(
        [SteeringGroup(name=unique("Regiegroep"), scope="sector", max_members=5) for _ in range(n)],
        batch_size=2000,
    )
    SteeringGroup.organisations.through.objects.bulk_create(
        [
            SteeringGroup.organisations.through(steeringgroup=g, organisation=organisation)
            for g in groups
        ],
        batch_size=5000,
    )
    published = _now() - timedelta(days=400)
    PlaybookVersion.objects.bulk_create(
        [
            PlaybookVersion(
                group=g, number=1, change_note="v1", snapshot={}, published_at=published
            )
            for g in groups
        ],
        batch_size=2000,
    )
    members = make_people(n, organisation=organisation, roles=[roles.STEERING_MEMBER])
    change = Permission.objects.get(codename="change_steeringgroup")
    SteeringGroupUserObjectPermission.objects.bulk_create(
        [
            SteeringGroupUserObjectPermission(user=u, permission=change, content_object=g)
            for u, g in zip(members, groups, strict=True)
        ],
        batch_size=5000,
    )


def _naive_playbook_review():
    from regiegroep.models import SteeringGroup

    today = timezone.localdate()
    handled = 0
    for group in SteeringGroup.objects.order_by("pk"):
        version = group.playbooks.order_by("-number").first()
        if version is None:
            continue
        published = timezone.localtime(version.published_at).date()
        years = (
            today.year
            - published.year
            - ((today.month, today.day) < (published.month, published.day))
        )
        if years < 1:
            continue
        members = get_users_with_perms(
            group, only_with_perms_in=["change_steeringgroup"], with_group_users=False
        )
        handled += bool(
            notify(
                subject=f"Jaarlijkse herziening van het draaiboek van {group.name}",
                url=reverse("regiegroep:playbook_list", args=[group.pk]),
                recipients=list(members),
                key=f"regiegroep:review:{group.pk}:v{version.number}:y{years}",
            )
        )
    return handled
