"""Who sits at the table (seats, delegated by the member organisations) and who is
informed of its decisions (the second and third circle)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation

from .groups import SteeringGroup

DATES_IN_ORDER = _("The end date must be on or after the start date.")


class SeatQuerySet(models.QuerySet):
    def not_ended(self, today):
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))


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
                violation_error_message=DATES_IN_ORDER,
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
