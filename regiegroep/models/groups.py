"""The steering group itself: scope, vision and mandate, the interests of its member
organisations and its priorities."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path


class Domain(models.TextChoices):
    FINANCES = "finances", _("Finances")
    LOCATIONS = "locations", _("Locations")
    PERSONNEL = "personnel", _("Personnel")
    SERVICES = "services", _("Service offering")


class Scope(models.TextChoices):
    SECTOR = "sector", _("Within the sector")
    BROAD = "broad", _("With the municipality, emergency services and other partners")


class SteeringGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    organisations = models.ManyToManyField(
        Organisation,
        related_name="steering_groups",
        verbose_name=_("member organisations"),
    )
    max_members = models.PositiveSmallIntegerField(
        _("maximum number of members"),
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Seats that have not ended count towards this maximum."),
    )
    vision = models.TextField(_("shared vision"), blank=True)
    urgency = models.TextField(_("urgency"), blank=True)
    relevance = models.TextField(_("relevance"), blank=True)
    client_interest = models.TextField(_("interest of the clients"), blank=True)
    mandate = models.TextField(
        _("mandate"), blank=True, help_text=_("What the steering group may decide.")
    )
    mandate_domains = models.JSONField(_("mandate domains"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["name"]
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        permissions = [("manage_steeringgroup", _("Can manage the seats and circles"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("regiegroep:group_detail", self.pk)

    def mandate_domain_labels(self):
        labels = dict(Domain.choices)
        return [labels[d] for d in self.mandate_domains if d in labels]


class SteeringGroupUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE)


class SteeringGroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE)


class OrganisationInterest(models.Model):
    """What one member organisation has at stake in the shared vision."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    interest = models.TextField(_("interest"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("interest of an organisation")
        verbose_name_plural = _("interests of the organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"], name="regiegroep_interest_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.interest[:40]}"


class Priority(models.Model):
    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="priorities")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        indexes = [models.Index(fields=["group", "position"], name="regiegroep_priority_pos")]

    def __str__(self):
        return self.title


class PriorityGoal(models.Model):
    """The goal of a member organisation that a priority serves."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="goals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    goal = models.CharField(_("goal of the organisation"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("organisation goal")
        verbose_name_plural = _("organisation goals")
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "organisation"], name="regiegroep_priority_goal_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.goal}"
