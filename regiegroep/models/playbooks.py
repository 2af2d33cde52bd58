"""Published versions of the playbook and their rendered PDFs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.urlpaths import object_path

from .groups import SteeringGroup


def playbook_upload_to(instance, filename):
    return f"regiegroep/draaiboek/{instance.version.group_id}/{filename}"


class PlaybookVersion(models.Model):
    """A published, immutable version of the playbook: the content at publish time."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="playbooks")
    number = models.PositiveIntegerField(_("version"))
    change_note = models.CharField(_("change note"), max_length=500)
    snapshot = models.JSONField(editable=False)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("playbook version")
        verbose_name_plural = _("playbook versions")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="regiegroep_playbook_number")
        ]

    def __str__(self):
        return f"v{self.number}"

    def get_absolute_url(self):
        return object_path("regiegroep:playbook_detail", self.pk)


class PlaybookPdf(models.Model):
    """The PDF of a playbook version in one language: one row per version and language,
    made when its rendering is asked of a worker; `file` stays empty until the worker
    stores it, and then it is kept."""

    version = models.ForeignKey(PlaybookVersion, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8)
    file = models.FileField(upload_to=playbook_upload_to, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("playbook PDF")
        verbose_name_plural = _("playbook PDFs")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="regiegroep_pdf_once")
        ]

    def __str__(self):
        return f"{self.version} ({self.language})"

    def is_stored(self):
        """Whether the file is in the storage (asks the storage: a file can go missing)."""
        return bool(self.file) and self.file.storage.exists(self.file.name)
