"""The crisis log: crises with their events, the decisions taken and who was told."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.urlpaths import object_path

from .groups import Domain, SteeringGroup
from .members import Circle, Stakeholder
from .scenarios import Scenario


class Crisis(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="crises")
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("start"))
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crises",
        verbose_name=_("scenario followed"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("regiegroep:crisis_detail", self.pk)

    @property
    def is_open(self):
        return self.closed_on is None


class CrisisEvent(models.Model):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, related_name="events")
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("event"))
    measures = models.TextField(_("measures to prepare"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.description[:60]


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Decision.Status.PUBLISHED)

    def waiting(self):
        """Drafts to publish, and published decisions no circle has been told of."""
        return self.filter(
            models.Q(status=Decision.Status.DRAFT)
            | models.Q(status=Decision.Status.PUBLISHED, communicated_at__isnull=True)
        )


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="decisions")
    crisis = models.ForeignKey(
        Crisis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("crisis"),
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("scenario"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"))
    within_mandate = models.BooleanField(_("within the mandate"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    circles = models.JSONField(_("circles to inform"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    communicated_at = models.DateTimeField(_("communicated at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            models.Index(fields=["group", "status", "communicated_at"], name="regiegroep_dec_wait")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("regiegroep:decision_detail", self.pk)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Communication(models.Model):
    """One stakeholder informed of one decision: who, how and when."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("E-mail")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="communications")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.SET_NULL, null=True, related_name="communications"
    )
    name = models.CharField(_("name"), max_length=200)
    circle = models.PositiveSmallIntegerField(_("circle"), choices=Circle.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    informed_at = models.DateTimeField(_("informed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["circle", "name", "pk"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "stakeholder"], name="regiegroep_communication_once"
            )
        ]

    def __str__(self):
        return f"{self.decision} → {self.name}"
