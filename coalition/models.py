import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .urlpaths import object_path


class Sector(models.TextChoices):
    DISABILITY = "disability", _("Disability care")
    ELDERLY = "elderly", _("Elderly care")
    SOCIAL = "social", _("Social work")
    YOUTH = "youth", _("Youth care")
    MENTAL_HEALTH = "mental_health", _("Mental health care")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # Held per organisation (guardian object permission), never as a global permission:
        # written by coalition.sight from the facts (role, organisation) of each person.
        permissions = [
            ("see_clients", "Can see the client records of the organisation"),
            ("keep_partners", "Can see and keep the network partners of the organisation"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("coalition:organisation_detail", self.pk)


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"


class Profile(models.Model):
    """A person: the data the product keeps beside Django's user."""

    class NotificationMail(models.TextChoices):
        INSTANT = "instant", _("An e-mail for each notification")
        DIGEST = "digest", _("One e-mail a day with what is new")
        IN_APP = "in_app", _("Only in the app, no e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="people", blank=True, verbose_name=_("organisations")
    )
    teams = models.ManyToManyField(
        Team, related_name="members", blank=True, verbose_name=_("teams")
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    # Empty until the person chooses: until then the language switch alone decides.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    notification_mail = models.CharField(
        _("notifications by e-mail"),
        max_length=10,
        choices=NotificationMail.choices,
        default=NotificationMail.INSTANT,
    )
    # A text field for the reason: an e-mail change names both addresses there, since the
    # address lives on Django's user, which keeps no history of its own.
    history = HistoricalRecords(
        m2m_fields=[organisations, teams],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class NotificationQuerySet(models.QuerySet):
    def unread_for(self, user):
        return self.filter(recipient=user, read_at__isnull=True)

    def mail_pending(self):
        return self.filter(send_email=True, email_sent_at__isnull=True)


class Notification(models.Model):
    """One message to one person: in the app when there is a user, by e-mail when asked.

    `key` makes a reminder idempotent: one recipient gets one notification per key.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["send_email", "email_sent_at"], name="notification_mail_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key="") & models.Q(recipient__isnull=False),
                name="notification_unique_user_key",
            ),
            models.UniqueConstraint(
                fields=["email", "key"],
                condition=~models.Q(key="") & models.Q(recipient__isnull=True),
                name="notification_unique_email_key",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""),
                name="notification_has_addressee",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def safe_url(self):
        """The link, only when it points inside the app: a stored link to another site is
        dropped, never shown or mailed."""
        url = self.url or ""
        if url.startswith("/") and not url.startswith(("//", "/\\")):
            return url
        return ""

    @property
    def address(self):
        if self.recipient_id:
            return self.recipient.email
        return self.email


def local_midnight(day):
    """The start of `day` in the app's time zone, as an aware datetime: what a period of
    days is compared with, so a filter on days never casts the column to a date."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access-log entry."""


class AccessLogQuerySet(models.QuerySet):
    """The access log is append-only: rows are added, never changed or deleted, by anyone.

    The database holds the same rule (a trigger on PostgreSQL, migration 0007) and the
    production role has no UPDATE, DELETE or TRUNCATE right on the table (docs/access-log.md).
    """

    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only: entries are never changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The access log is append-only: entries are never changed.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only: entries are never deleted.")

    def between(self, start, end):
        """Entries from `start` up to (not including) `end`, two aware datetimes. The column is
        compared as it is, never cast to a date, so the indexes on `at` serve the filter."""
        return self.filter(at__gte=start, at__lt=end)

    def allowed(self):
        return self.filter(outcome=AccessLogEntry.Outcome.VIEWED)

    def refused(self):
        return self.filter(outcome=AccessLogEntry.Outcome.DENIED)


class AccessLogEntry(models.Model):
    """One read (or refused read) of a confidential record, in the spirit of NEN 7513: who,
    in which role and organisation, did what with which record about which client, when, and
    whether it was allowed.

    What the person and the record were at that moment is kept as text, so a later change of
    roles, organisations or names never rewrites the past. Records are named by kind and
    number only: a title can itself be confidential. The user is kept as a plain number (no
    database constraint, nothing happens to the entry when the account goes): the log outlives
    the account, and erasure elsewhere is recorded as a new entry, never by touching old ones.
    """

    class Outcome(models.TextChoices):
        # The stored values are those of the log's first version: old entries keep their
        # meaning, and an append-only table cannot be rewritten to new ones.
        VIEWED = "viewed", _("allowed")
        DENIED = "denied", _("refused")

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        EXPORTED = "exported", _("exported")
        PRINTED = "printed", _("printed")
        SEARCHED = "searched", _("found by a search")
        # A record erased or anonymised at the request of the person it is about (AVG).
        ERASED = "erased", _("erased on request")

    # The kind of record that is a client record: an entry about one names its client.
    CLIENT_KIND = "digital.client"
    # The kinds of record the app writes to the log (app_label.model_name), for the filter.
    RECORD_KINDS = (
        CLIENT_KIND,
        "digital.intake",
        "dilemmas.dilemmacase",
        "dilemmas.consultation",
    )
    # Written in `roles` before the role names when the person was a superuser.
    SUPERUSER = "superuser"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # The index on (user, at) serves every look-up by person.
        db_index=False,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    username = models.CharField(_("user name"), max_length=150)
    roles = models.CharField(_("roles"), max_length=300, blank=True)
    organisations = models.CharField(_("organisations of the person"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(
        _("action"), max_length=10, choices=Action.choices, default=Action.VIEWED
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    object_type = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record number"), max_length=64)
    record_organisation = models.CharField(
        _("organisation of the record"), max_length=200, blank=True
    )
    # Whether the record's organisation was none of the person's at that moment (unknown when
    # the record names no organisation): the monthly report looks for these.
    outside_organisation = models.BooleanField(_("outside the person's organisations"), null=True)
    # The client the record is about (a client record, an intake); a case has none. A number
    # without a constraint, like `user`: the entry stays when the client record goes.
    client_id = models.PositiveBigIntegerField(_("client number in the app"), null=True)
    path = models.CharField(_("page"), max_length=500)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="accesslog_object_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_at_idx"),
            models.Index(fields=["client_id", "at"], name="accesslog_client_at_idx"),
        ]

    def __str__(self):
        return f"{self.username} {self.action} {self.outcome} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only: entries are never deleted.")

    @property
    def allowed(self):
        return self.outcome == self.Outcome.VIEWED

    @property
    def role_labels(self):
        """The roles held at that moment, as people read them (a role the app no longer
        has by its stored name)."""
        from .roles import ROLE_LABELS

        labels = {**ROLE_LABELS, self.SUPERUSER: _("superuser")}
        return [labels.get(role, role) for role in self.roles.split(",") if role]

    @property
    def kind_label(self):
        """The record's kind as people read it ("dilemma case"), or the stored name of a kind
        the app no longer has."""
        from django.apps import apps

        try:
            return apps.get_model(self.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return self.object_type


class AccessGrant(models.Model):
    """A change that would widen someone's sight of confidential records, waiting for a
    second person of every organisation whose records become visible (coalition.access).

    `kind` names a registered GrantKind, which knows what `payload` means, which
    organisations must confirm, who gains sight, and how to apply the change."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        APPROVED = "approved", _("confirmed and applied")
        REJECTED = "rejected", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    kind = models.CharField(_("kind"), max_length=50)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_grants",
        verbose_name=_("person"),
    )
    payload = models.JSONField(default=dict)
    organisations = models.ManyToManyField(
        Organisation,
        through="AccessGrantConfirmation",
        related_name="access_grants",
        verbose_name=_("organisations"),
    )
    note = models.TextField(_("reason for the request"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the refusal"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        indexes = [models.Index(fields=["status", "requested_at"], name="accessgrant_status_idx")]

    def __str__(self):
        # The readable description lives with the kinds (coalition.access.describe).
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self):
        return object_path("coalition:grant_detail", self.pk)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class AccessGrantConfirmation(models.Model):
    """One organisation's confirmation of an access request: empty until a second person of
    that organisation confirms."""

    grant = models.ForeignKey(AccessGrant, on_delete=models.CASCADE, related_name="confirmations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "organisation"], name="accessgrant_one_confirmation_per_org"
            )
        ]

    def __str__(self):
        return f"{self.grant_id} / {self.organisation_id}"


def own_copy_upload_to(instance, filename):
    """A name nobody can guess: the file holds everything the app knows about a person."""
    return f"privacy/own-copies/{uuid.uuid4().hex}.pdf"


class OwnCopyPdf(models.Model):
    """A person's copy of their own data as PDF. A worker makes it (a long copy takes
    longer than a page may wait); it is kept OWN_COPY_HOURS after it is made, then the
    night's retention run deletes it. Asking again replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="own_copy_pdf",
        verbose_name=_("person"),
    )
    language = models.CharField(_("language"), max_length=8)
    requested_at = models.DateTimeField(_("asked at"))
    made_at = models.DateTimeField(_("made at"), null=True, blank=True, db_index=True)
    file = models.FileField(_("file"), upload_to=own_copy_upload_to, blank=True)

    class Meta:
        verbose_name = _("copy of own data")
        verbose_name_plural = _("copies of own data")

    def __str__(self):
        return f"{self.user_id} ({self.language})"

    def expires_at(self):
        if self.made_at is None:
            return None
        return self.made_at + timedelta(hours=settings.OWN_COPY_HOURS)

    def is_ready(self, now=None):
        """Made, stored and not yet expired."""
        return (
            bool(self.file)
            and self.made_at is not None
            and (now or timezone.now()) < (self.expires_at())
        )
