"""The decision framework: lessons learned and the guiding principles drawn from them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .groups import Domain, SteeringGroup


class Lesson(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="lessons")
    crisis = models.ForeignKey(
        "Crisis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("crisis"),
    )
    title = models.CharField(_("lesson"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self):
        return self.title


class Principle(models.Model):
    """A short guiding principle of the decision framework, on one domain."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="principles")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    text = models.CharField(_("principle"), max_length=300)
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="principles",
        verbose_name=_("drawn from lesson"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "pk"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self):
        return self.text
