"""The permanent steering group: vision, mandate, seats, circles, decision framework,
scenarios, crises with decisions, lessons learned and the published playbook."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coalition.models import Organisation


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
        return reverse("regiegroep:group_detail", args=[self.pk])

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


class SeatQuerySet(models.QuerySet):
    def not_ended(self, today):
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))

    def ended(self, today):
        return self.filter(end_date__lt=today)


class Seat(models.Model):
    """A representative delegated by a member organisation to the steering group."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_seats",
        verbose_name=_("representative"),
    )
    role = models.CharField(_("role in the steering group"), max_length=200)
    expectations = models.TextField(_("agreed expectations"), blank=True)
    hours_per_week = models.DecimalField(
        _("structural hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "start_date", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        indexes = [models.Index(fields=["group", "end_date"], name="regiegroep_seat_active")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="regiegroep_seat_dates_in_order",
                violation_error_message=_("The end date must be on or after the start date."),
            )
        ]

    def __str__(self):
        return f"{self.person.get_full_name() or self.person.get_username()} ({self.organisation})"

    def is_ended(self, today=None):
        today = today or timezone.localdate()
        return self.end_date is not None and self.end_date < today


class Circle(models.IntegerChoices):
    SECOND = 2, _("Second circle")
    THIRD = 3, _("Third circle")


class Stakeholder(models.Model):
    """Someone in the second or third circle, informed of decisions."""

    group = models.ForeignKey(SteeringGroup, on_delete=models.CASCADE, related_name="stakeholders")
    circle = models.PositiveSmallIntegerField(_("circle"), choices=Circle.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user of this app"),
        help_text=_("Informed in the app; otherwise by e-mail."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["circle", "name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name


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
        return reverse("regiegroep:scenario_detail", args=[self.pk])


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
        return reverse("regiegroep:crisis_detail", args=[self.pk])

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
        return reverse("regiegroep:decision_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def circle_labels(self):
        labels = dict(Circle.choices)
        return [labels[c] for c in self.circles if c in labels]


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


def playbook_upload_to(instance, filename):
    version = instance.version
    return f"regiegroep/draaiboek/{version.group_id}/v{version.number}-{instance.language}.pdf"


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
        return reverse("regiegroep:playbook_detail", args=[self.pk])


class PlaybookPdf(models.Model):
    """The rendered PDF of a playbook version in one language; rendered once, then kept."""

    version = models.ForeignKey(PlaybookVersion, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8)
    file = models.FileField(upload_to=playbook_upload_to)
    rendered_at = models.DateTimeField(default=timezone.now)
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
