"""The words the menu, the personas and the intake share: target groups, languages, the
"Ik kan…" statements and the four bands of digital skill.

The bands are DigComp 2.2's four proficiency bands in plain words; its eight levels are
kept underneath (`DIGCOMP_LEVELS`). The statements follow the UK Essential Digital Skills
areas and the everyday client tasks Pharos names (DigiD, a patient portal, video calling,
ordering medication, a care app, a QR code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Band(models.IntegerChoices):
    WITH_HELP = 1, _("with help")
    INDEPENDENT = 2, _("independent")
    HELPS_OTHERS = 3, _("helps others")
    SPECIALIST = 4, _("specialist")


# DigComp 2.2: levels 1–2 foundation, 3–4 intermediate, 5–6 advanced, 7–8 highly specialised.
DIGCOMP_LEVELS = {
    Band.WITH_HELP: (1, 2),
    Band.INDEPENDENT: (3, 4),
    Band.HELPS_OTHERS: (5, 6),
    Band.SPECIALIST: (7, 8),
}


def band_of_level(level):
    for band, (low, high) in DIGCOMP_LEVELS.items():
        if low <= level <= high:
            return band
    raise ValueError(level)


class SkillArea(models.TextChoices):
    FOUNDATION = "foundation", _("The basics: device, internet, passwords")
    COMMUNICATING = "communicating", _("Communicating")
    INFORMATION = "information", _("Finding and handling information")
    TRANSACTING = "transacting", _("Arranging things online")
    PROBLEM_SOLVING = "problem_solving", _("Solving problems")
    SAFETY = "safety", _("Being safe online")


class TargetGroup(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


class Language(models.Model):
    code = models.CharField(_("language code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=60)
    right_to_left = models.BooleanField(_("written right to left"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name

    @property
    def direction(self):
        return "rtl" if self.right_to_left else "ltr"


class SkillStatement(models.Model):
    """An "Ik kan…" statement: asked at the intake, named by the services that help with it."""

    area = models.CharField(_("area"), max_length=20, choices=SkillArea.choices)
    text = models.CharField(_("statement"), max_length=200, unique=True)
    digcomp = models.CharField(
        _("DigComp competence"), max_length=10, blank=True, help_text=_("For example 2.1.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("skill statement")
        verbose_name_plural = _("skill statements")

    def __str__(self):
        return self.text

    @property
    def is_foundation(self):
        return self.area == SkillArea.FOUNDATION
