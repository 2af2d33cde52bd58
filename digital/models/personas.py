"""Digital personas: a recognisable picture of where a client stands, with the next step."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.urlpaths import object_path

from .menu import Service
from .vocabulary import Band, band_of_level


class Persona(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    digcomp_level = models.PositiveSmallIntegerField(
        _("DigComp level"),
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("1 to 8, as in DigComp 2.2; the band in plain words follows from it."),
    )
    description = models.TextField(_("description"))
    next_step = models.TextField(_("logical next step"))
    services = models.ManyToManyField(
        Service, blank=True, related_name="personas", verbose_name=_("services that fit")
    )
    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        ordering = ["digcomp_level", "name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("digital:persona_detail", self.pk)

    @property
    def band(self):
        return Band(band_of_level(self.digcomp_level))
