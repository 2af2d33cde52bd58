"""Recognition for learning digital skills and for helping others learn them.

Clients earn badges that only their care team sees (never a ranking of clients); staff earn
badges they can take elsewhere as Open Badges 3.0 credentials; digital champions
(digicoaches on the job) are named per organisation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation

from .clients import Client


class Audience(models.TextChoices):
    CLIENTS = "clients", _("Clients")
    STAFF = "staff", _("Staff")


class Achievement(models.Model):
    """A badge that can be earned: what it takes (criteria) and the DigComp competence it
    covers (the Open Badges 3.0 alignment)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300)
    criteria = models.TextField(_("what it takes"))
    digcomp = models.CharField(_("DigComp competence"), max_length=10, blank=True)
    digcomp_name = models.CharField(_("name of the competence"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "name"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self):
        return self.name


class ClientBadge(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="badges")
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        verbose_name = _("badge of a client")
        verbose_name_plural = _("badges of clients")
        constraints = [
            models.UniqueConstraint(fields=["client", "achievement"], name="digital_client_badge")
        ]

    def __str__(self):
        return f"{self.client_id}: {self.achievement_id}"


class StaffBadge(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digital_badges"
    )
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)
    evidence = models.CharField(_("what it was earned with"), max_length=300, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        verbose_name = _("badge of a staff member")
        verbose_name_plural = _("badges of staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "achievement"], name="digital_staff_badge")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.achievement_id}"


class Champion(models.Model):
    """A digital champion (digicoach on the job) of an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digital_champion_of",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="digital_champions",
        verbose_name=_("organisation"),
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    note = models.CharField(_("what they help with"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        verbose_name = _("digital champion")
        verbose_name_plural = _("digital champions")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="digital_champion_once")
        ]

    def __str__(self):
        return str(self.user)
