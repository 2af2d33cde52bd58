"""Requests for a conversation with the working group."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

from .dates import add_working_days

# --- Consultations ---


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait a few weeks")
    NORMAL = "normal", _("Within a week or two")
    HIGH = "high", _("As soon as possible")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("consultation status", "Waiting")
    PICKED_UP = "picked_up", _("Picked up")
    HELD = "held", _("Conversation held")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Until the conversation is held, the requester may still withdraw the request.
WITHDRAWABLE = (ConsultationStatus.OPEN, ConsultationStatus.PICKED_UP)
# Nothing more happens to a request in these states: the list shows them as closed.
FINISHED = (ConsultationStatus.CLOSED, ConsultationStatus.WITHDRAWN)


class ConsultationQuerySet(models.QuerySet):
    def untouched_since(self, moment):
        return self.filter(status=ConsultationStatus.OPEN, created_at__lte=moment)


class Consultation(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dilemma_consultations",
        verbose_name=_("asked by"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    topic = models.TextField(
        _("what would you like to talk about?"),
        help_text=_("A few sentences are enough. Do not name clients."),
    )
    urgency = models.CharField(
        _("how urgent is it?"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    contact = models.CharField(
        _("how can we reach you?"),
        max_length=300,
        help_text=_("A phone number, an e-mail address, or when you are at work."),
    )
    hide_from_team_lead = models.BooleanField(
        _("without my team lead knowing"),
        default=False,
        help_text=_("Your team lead will not see this request, also if they are in the group."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picked up by"),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    held_at = models.DateTimeField(_("conversation held at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the request's text was anonymised (on request or after the retention period).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["reminder_sent_at"])

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            models.Index(fields=["organisation", "status"], name="dilemmas_consult_org_status"),
            models.Index(fields=["status", "created_at"], name="dilemmas_consult_status_date"),
        ]

    def __str__(self):
        return _("%(subject)s, %(date)s") % {
            "subject": self.subject,
            "date": date_format(timezone.localtime(self.created_at), "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return object_path("dilemmas:consultation_detail", self.pk)

    @property
    def subject(self):
        """The request named by what it is about: the first words of the first line of its
        topic, cut between words."""
        first_line = next((line.strip() for line in self.topic.splitlines() if line.strip()), "")
        short = Truncator(Truncator(first_line).words(10)).chars(80)
        return short or _("Request for a conversation")

    @property
    def is_finished(self):
        return self.status in FINISHED

    @property
    def may_be_withdrawn(self):
        return self.status in WITHDRAWABLE

    @property
    def waited(self):
        """How long the request waited before someone picked it up (or waits still)."""
        return (self.picked_up_at or timezone.now()) - self.created_at

    def reminder_due_at(self):
        return add_working_days(timezone.localtime(self.created_at), 2)
