"""Clients, with the least data needed, and their intakes.

A client is a number within an organisation, a language and a target group: no name, no
address. Who may see a client is the guardian object permission `coalition.see_clients` on
the client's organisation, which digital.services.access grants to the organisation's
intake staff and care workers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

from .personas import Persona
from .vocabulary import Language, TargetGroup


class Client(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="digital_clients",
        verbose_name=_("organisation"),
    )
    number = models.CharField(
        _("client number"),
        max_length=30,
        help_text=_("The number your organisation uses; never a name or a citizen number."),
    )
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("language"))
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, verbose_name=_("target group")
    )
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("persona"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the client was anonymised (on request or after the retention period).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "number"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="digital_client_number_unique"
            )
        ]

    def __str__(self):
        return _("Client %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return object_path("digital:client_detail", self.pk)


class Devices(models.TextChoices):
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablet")
    COMPUTER = "computer", _("Computer or laptop")
    NONE = "none", _("None")


class Internet(models.TextChoices):
    HOME = "home", _("Yes, at home")
    ELSEWHERE = "elsewhere", _("Only elsewhere (library, family)")
    NONE = "none", _("No")


class HelpAtHome(models.TextChoices):
    YES = "yes", _("Yes, someone helps often")
    SOMETIMES = "sometimes", _("Sometimes")
    NO = "no", _("No")


class Intake(models.Model):
    """What a client can do, wants to be able to do, and can use; the persona the app
    proposed from it and the one the intake staff chose (with a reason when they differ)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    done_at = models.DateTimeField(_("date"), default=timezone.now)
    is_reintake = models.BooleanField(_("re-intake"), default=False)
    can = models.JSONField(_("can do"), default=list)  # SkillStatement ids
    wants = models.JSONField(_("wants to learn"), default=list)  # SkillStatement ids
    devices = models.JSONField(_("devices"), default=list)  # Devices values
    internet = models.CharField(_("internet"), max_length=12, choices=Internet.choices)
    help_at_home = models.CharField(_("help at home"), max_length=12, choices=HelpAtHome.choices)
    proposed_persona = models.ForeignKey(
        Persona, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed")
    )
    proposal_reason = models.CharField(_("why this proposal"), max_length=300, blank=True)
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona chosen"),
    )
    override_reason = models.TextField(_("why another persona"), blank=True)
    # Set when the intake's free text was emptied (on request or after the retention period).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        indexes = [models.Index(fields=["client", "done_at"], name="digital_intake_client")]

    def __str__(self):
        return _("Intake of %(date)s") % {"date": self.done_at.date().isoformat()}

    @property
    def device_labels(self):
        return [Devices(value).label for value in self.devices if value in Devices.values]
