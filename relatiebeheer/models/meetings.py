"""The RRO (RelatiebeheerRitmeOverleg): a short recurring internal meeting of an
organisation's relationship managers with one question, "what did you do and what will you
do in relationship management?".

A series holds the rhythm (an RFC 5545 recurrence: weekly or monthly, every n); each meeting
is one occurrence, kept as a row once it is planned, moved or cancelled. Per meeting the app
records attendance, each participant's answer, and decisions and action items; open action
items carry over until they are done."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

from .partners import Partner


def new_feed_token():
    return secrets.token_urlsafe(24)


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")


class MeetingSeries(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rro_series",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("name"), max_length=150, default="RRO")
    first_starts_at = models.DateTimeField(_("first meeting"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    frequency = models.CharField(
        _("repeats"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        _("every"), default=2, help_text=_("For example every 2 weeks.")
    )
    until = models.DateField(_("last date"), null=True, blank=True)
    location = models.CharField(_("place or link"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="rro_series",
        verbose_name=_("participants"),
    )
    feed_token = models.CharField(max_length=40, unique=True, default=new_feed_token)
    sequence = models.PositiveIntegerField(default=0)  # RFC 5545: raised on every change
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[members], excluded_fields=["feed_token"])

    class Meta:
        ordering = ["organisation__name", "title", "pk"]
        verbose_name = _("RRO series")
        verbose_name_plural = _("RRO series")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval__gte=1) & models.Q(duration_minutes__gte=5),
                name="relatiebeheer_series_rhythm",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("relatiebeheer:series_detail", self.pk)

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)


class Meeting(models.Model):
    """One occurrence of a series. `occurrence` is the start the rule gives (it identifies
    the occurrence in calendars); `starts_at` is when it really is, if moved."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    occurrence = models.DateTimeField()
    starts_at = models.DateTimeField(_("starts at"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    guests = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="rro_meetings",
        verbose_name=_("partners present"),
        help_text=_("A partner who joins the meeting counts as a contact moment."),
    )
    closed_at = models.DateTimeField(_("minutes final"), null=True, blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[guests])

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("RRO meeting")
        verbose_name_plural = _("RRO meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="relatiebeheer_meeting_occurrence"
            )
        ]
        indexes = [models.Index(fields=["series", "starts_at"], name="relatiebeheer_meeting_at")]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.series.title} {local:%d-%m-%Y %H:%M}"

    def get_absolute_url(self):
        return object_path("relatiebeheer:meeting_detail", self.pk)

    @property
    def ends_at(self):
        return self.starts_at + self.series.duration


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent without notice")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rro_attendance"
    )
    status = models.CharField(
        _("attendance"), max_length=8, choices=Status.choices, default=Status.INVITED
    )
    did = models.TextField(_("what I did"), blank=True)
    will_do = models.TextField(_("what I will do"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name", "person__first_name"]
        verbose_name = _("participant of a meeting")
        verbose_name_plural = _("participants of meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="relatiebeheer_attendance_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class Outcome(models.Model):
    """A decision or an action item of a meeting. Action items have an owner and a due date
    and stay on every next agenda of the series until they are done or dropped."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action item")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ACTION)
    text = models.TextField(_("what"))
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rro_outcomes",
        verbose_name=_("partner"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rro_actions",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    closed_in = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed_outcomes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision or action item")
        verbose_name_plural = _("decisions and action items")
        indexes = [
            models.Index(fields=["kind", "status"], name="relatiebeheer_outcome_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="action") | models.Q(status="open"),
                name="relatiebeheer_decision_has_no_status",
            )
        ]

    def __str__(self):
        return self.text[:80]


class PartnerMerge(models.Model):
    """Two partners made one: `survivor` kept, the other removed. `snapshot` holds what undo
    needs (the removed partner's fields, the survivor's fields before, the ids of what moved)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    survivor = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="merges")
    absorbed_pk = models.PositiveIntegerField()
    absorbed_name = models.CharField(_("merged partner"), max_length=200)
    snapshot = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge of partners")
        verbose_name_plural = _("merges of partners")

    def __str__(self):
        return f"{self.absorbed_name} → {self.survivor}"
