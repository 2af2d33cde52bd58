"""The yearly plan of a relationship manager: what they want to reach with which partner
this year, each with a date, so they see whether they are on schedule."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .partners import Partner


class PlanItem(models.Model):
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_items"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("partner")
    )
    aim = models.CharField(_("what you want to reach"), max_length=300)
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "due_on", "pk"]
        verbose_name = _("item of a yearly plan")
        verbose_name_plural = _("items of yearly plans")
        indexes = [models.Index(fields=["manager", "year"], name="relatiebeheer_plan_manager")]

    def __str__(self):
        return self.aim

    def is_behind(self, today):
        return self.done_on is None and self.due_on < today
