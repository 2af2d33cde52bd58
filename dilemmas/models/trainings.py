"""Trainings, their sessions, enrolments and a person's calendar feed."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.urlpaths import object_path

from .dates import add_months
from .groups import WorkingGroup

# --- Trainings ---


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    TEAM_LEADS = "team_leads", _("Team leads")


class TrainingType(models.Model):
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="training_types",
        verbose_name=_("working group"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience.choices, default=Audience.ALL_STAFF
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a training that is followed once."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("training type")
        verbose_name_plural = _("training types")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="dilemmas_training_type_name")
        ]

    def __str__(self):
        return self.name

    # New staff get this long to follow a mandatory training for the first time.
    FIRST_TIME_MONTHS = 3

    def next_due(self, last_attended, joined):
        """When someone is due: `FIRST_TIME_MONTHS` after joining when they never attended,
        `repeat_months` after the last time when it repeats, never (date.max) otherwise."""
        if last_attended is None:
            return add_months(joined, self.FIRST_TIME_MONTHS)
        if not self.repeat_months:
            return date.max
        return add_months(last_attended, self.repeat_months)


class FacilitatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal expert")
    EXTERNAL = "external", _("External facilitator")


class TrainingSession(models.Model):
    training = models.ForeignKey(
        TrainingType, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("training")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link for online participation"), blank=True)
    facilitator_kind = models.CharField(
        _("given by"), max_length=10, choices=FacilitatorKind.choices
    )
    internal_expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("internal expert"),
    )
    external_facilitator = models.CharField(_("external facilitator"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    # RFC 5545: raised on every change, so calendar programs update the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["training", "starts_at"], name="dilemmas_training_date")]

    def __str__(self):
        return _("%(training)s, %(date)s") % {
            "training": self.training.name,
            "date": date_format(timezone.localtime(self.starts_at), "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return object_path("dilemmas:training_session_detail", self.pk)

    def touch(self, now=None):
        """Mark a change of a stored session for calendar programs (SEQUENCE, LAST-MODIFIED)."""
        if self.pk:
            self.sequence += 1
        self.changed_at = now or timezone.now()

    def places_left(self, enrolled):
        """Free places with `enrolled` people enrolled (none, never fewer, when more were
        enrolled than there are places now)."""
        return max(self.capacity - enrolled, 0)

    @property
    def facilitator(self):
        if self.facilitator_kind == FacilitatorKind.INTERNAL and self.internal_expert:
            return str(self.internal_expert.get_full_name() or self.internal_expert)
        return self.external_facilitator


class Enrolment(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "user__last_name", "user__first_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dilemmas_enrolment_once")
        ]
        indexes = [models.Index(fields=["user", "attended"], name="dilemmas_enrolment_user")]

    def __str__(self):
        return f"{self.user} – {self.session}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: calendar clients fetch it without a session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dilemma_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)
