"""Standard crisis scenarios with their step plans and risks."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

from .groups import SteeringGroup


class Scenario(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="scenarios")
    title = models.CharField(_("title"), max_length=200)
    trigger = models.TextField(_("trigger"))
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("regiegroep:scenario_detail", self.pk)


class Moment(models.TextChoices):
    # A context of their own: the core's history page translates "Before"/"After" differently.
    BEFORE = "before", pgettext_lazy("scenario moment", "Before")
    START = "start", pgettext_lazy("scenario moment", "At the start")
    DURING = "during", pgettext_lazy("scenario moment", "During")
    AFTER = "after", pgettext_lazy("scenario moment", "After")


class Step(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("position"), default=0)
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    action = models.CharField(_("step"), max_length=300)
    responsible_role = models.CharField(_("responsible role"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        indexes = [models.Index(fields=["scenario", "position"], name="regiegroep_step_pos")]

    def __str__(self):
        return self.action


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="risks")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Leave empty for a risk to the coalition as a whole."),
    )
    description = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE)
    mitigation = models.TextField(_("mitigation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-likelihood", "-impact", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(impact__gte=1, impact__lte=5),
                name="regiegroep_risk_scale",
                violation_error_message=_("Likelihood and impact run from 1 to 5."),
            )
        ]

    def __str__(self):
        return self.description

    @property
    def score(self):
        return self.likelihood * self.impact
