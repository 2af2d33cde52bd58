"""Dilemma cases and their guardian object-permission tables (direct foreign keys)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coalition.models import Organisation, Team
from coalition.urlpaths import object_path

from .case_forms import CaseFormVersion
from .groups import Theme

# --- Dilemma cases ---


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DISCUSSED = "discussed", _("Discussed")
    CLOSED = "closed", _("Closed")


class DilemmaCase(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dilemma_cases",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dilemma_cases",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        # A team with cases stays: deleting it would leave its leads' access to the cases
        # behind (guardian rows are not rebuilt on a cascade).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dilemma_cases",
        verbose_name=_("discuss in team"),
        help_text=_(
            "The team lead of this team may see the case once you submit it, to plan it "
            "in a session. Leave empty to bring it to the working group only."
        ),
    )
    form_version = models.ForeignKey(
        CaseFormVersion, on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(
        _("short title"),
        max_length=200,
        help_text=_("A few words about the dilemma, without names of clients."),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="cases", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Set when the case's text was anonymised after the retention period (coalition.privacy).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["created_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dilemma case")
        verbose_name_plural = _("dilemma cases")
        permissions = [
            ("close_dilemmacase", "Can close a dilemma case"),
            ("tag_dilemmacase", "Can set the themes of a dilemma case"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="dilemmas_case_org_status"),
            models.Index(fields=["team", "status"], name="dilemmas_case_team_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_path("dilemmas:case_detail", self.pk)

    def answered_questions(self):
        """(question, answer) pairs in the order of the form version the case was written in."""
        return [(q, self.answers.get(str(q.pk), "")) for q in self.form_version.questions.all()]


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(DilemmaCase, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(DilemmaCase, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
