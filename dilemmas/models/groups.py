"""The working group, its members and the themes it keeps."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

# --- The working group ---


class Perspective(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    OTHER = "other", _("Other")


REQUIRED_PERSPECTIVES = (Perspective.MANAGER, Perspective.EMPLOYEE, Perspective.EXPERIENCE_EXPERT)


class WorkingGroupQuerySet(models.QuerySet):
    def serving(self, organisation_ids):
        return self.filter(organisations__in=organisation_ids).distinct()


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    mandate = models.TextField(
        _("mandate"), help_text=_("What the working group is asked and allowed to do.")
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="dilemma_working_groups",
        verbose_name=_("organisations served"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The Django group that holds the group's object permissions on the cases it reads: one
    # row per case and permission, however many members the group has. Sight through it
    # follows the memberships below, never the Django group's own user list (see
    # dilemmas.permissions); dilemmas.services.access makes it on first use.
    auth_group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="dilemmas_working_group",
    )
    history = HistoricalRecords(m2m_fields=[organisations], excluded_fields=["auth_group"])

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("dilemmas:group_detail", self.pk)

    def missing_perspectives(self, memberships=None):
        """The required perspectives nobody in the group brings (labels, in order)."""
        if memberships is None:
            memberships = self.memberships.all()
        present = {m.perspective for m in memberships}
        return [p.label for p in REQUIRED_PERSPECTIVES if p not in present]


class WorkingGroupMember(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dilemma_memberships",
        verbose_name=_("person"),
    )
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="dilemmas_member_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_perspective_display()})"


class Theme(models.Model):
    """A tag the working group keeps to find cases by theme."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="themes", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="dilemmas_theme_unique")
        ]

    def __str__(self):
        return self.name
