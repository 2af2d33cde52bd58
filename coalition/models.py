from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
        return reverse("coalition:organisation_detail", args=[self.pk])


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


class AccessLogEntry(models.Model):
    """Who looked at (or was refused) which confidential record, and when.

    Records are named by kind and number only: a title can itself be confidential.
    """

    class Outcome(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        DENIED = "denied", _("denied")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    path = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object_idx")]

    def __str__(self):
        return f"{self.username} {self.outcome} {self.object_type}#{self.object_id}"


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
        return reverse("coalition:grant_detail", args=[self.pk])

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
