"""Care-plan goals, attempts with a service and the "three strikes" switch to analog."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.urlpaths import object_path

from .clients import Client
from .menu import Service

STRIKES = 3  # failures of the same service before the client switches to its alternative


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("working on it")
    REACHED = "reached", _("reached")
    ANALOG = "analog", _("switched to the analog alternative")
    STOPPED = "stopped", _("stopped")


class Goal(models.Model):
    """A digital goal in the client's care plan. Every client has one standing basic goal;
    further goals follow the client's wishes, each with a service from the menu."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="goals")
    is_basic = models.BooleanField(_("standing basic goal"), default=False)
    title = models.CharField(_("goal"), max_length=200)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("service"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    due_on = models.DateField(_("aim to reach it by"), null=True, blank=True)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    switched_at = models.DateTimeField(_("switched to analog at"), null=True, blank=True)
    # Failures count from here: the goal's start, or the moment a switch was undone.
    strikes_since = models.DateTimeField(default=timezone.now)
    undo_reason = models.CharField(_("why the switch was undone"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_basic", "status", "due_on", "pk"]
        verbose_name = _("digital goal")
        verbose_name_plural = _("digital goals")
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(is_basic=True),
                name="digital_one_basic_goal",
            ),
            models.CheckConstraint(
                condition=models.Q(is_basic=True) | models.Q(service__isnull=False),
                name="digital_goal_has_service",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="digital_goal_due")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("digital:client_detail", self.client_id) + f"#doel-{self.pk}"

    def is_overdue(self, today):
        return self.status == GoalStatus.ACTIVE and self.due_on is not None and self.due_on < today


class Attempt(models.Model):
    """A try with a service, logged by a care worker: it worked or it did not."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="attempts")
    worked = models.BooleanField(_("it worked"))
    note = models.CharField(_("short note"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-logged_at", "-pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["goal", "logged_at"], name="digital_attempt_goal")]

    def __str__(self):
        return f"{self.goal_id}: {'+' if self.worked else '-'}"
