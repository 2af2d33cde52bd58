"""The case form: numbered versions of ordered questions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .groups import WorkingGroup

# --- The case form ---


class CaseFormVersion(models.Model):
    """One version of the case form. The version without a group is the default form that
    ships with the app; a working group's draft is the version it has not yet published.
    Published versions never change, so a case always shows the questions it answered."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="form_versions",
        null=True,
        blank=True,
        verbose_name=_("group"),
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-number"]
        verbose_name = _("case form version")
        verbose_name_plural = _("case form versions")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="dilemmas_form_number"),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(published_at__isnull=True),
                name="dilemmas_form_one_draft",
            ),
        ]

    def __str__(self):
        return _("Case form, version %(number)s") % {"number": self.number}

    @property
    def is_published(self):
        return self.published_at is not None


class CaseQuestion(models.Model):
    version = models.ForeignKey(CaseFormVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title
