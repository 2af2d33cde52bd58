"""Network partners, their categories (rubrieken) with a contact rhythm, contact persons
with dated roles on three levels, the staff who keep the relationship, and every contact
moment, which resets the rhythm."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

# Words that say what kind of body a partner is, not which one: left out when comparing names.
LEGAL_WORDS = {"stichting", "bv", "b.v.", "nv", "n.v.", "vereniging", "de", "het"}


def normalise_name(name, place=""):
    """The name (and place) as compared for duplicates: lower case, no accents, no
    punctuation, no legal form. "Stichting De Brug B.V." and "de brug" compare equal."""
    import unicodedata

    text = unicodedata.normalize("NFKD", f"{name} {place}").encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split()
    return " ".join(w for w in words if w not in LEGAL_WORDS)[:200]


class Level(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    TACTICAL = "tactical", _("Tactical")
    STRATEGIC = "strategic", _("Strategic")


class Priority(models.IntegerChoices):
    HIGH = 1, _("high")
    MEDIUM = 2, _("medium")
    LOW = 3, _("low")


class Health(models.TextChoices):
    GREEN = "green", _("in rhythm")
    AMBER = "amber", _("past the target")
    RED = "red", _("past the maximum")


class Category(models.Model):
    """A rubriek of partners with its contact rhythm: a target interval and a maximum."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_categories"
    )
    name = models.CharField(_("name"), max_length=100)
    target_days = models.PositiveSmallIntegerField(_("contact every (days)"), default=28)
    max_days = models.PositiveSmallIntegerField(_("at the latest after (days)"), default=42)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="relatiebeheer_category_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(target_days__gte=1)
                & models.Q(max_days__gte=models.F("target_days")),
                name="relatiebeheer_category_rhythm",
            ),
        ]

    def __str__(self):
        return self.name


class PartnerQuerySet(models.QuerySet):
    """Contact health is computed per row (Partner.health) from last_contact_on and the
    rhythm, which depends on each partner's own settings."""


class Partner(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("kept by"),
    )
    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    sector = models.CharField(_("sector or branch"), max_length=100, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("category"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    target_days = models.PositiveSmallIntegerField(
        _("own contact rhythm (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to follow the category."),
    )
    max_days = models.PositiveSmallIntegerField(_("own maximum (days)"), null=True, blank=True)
    shared = models.BooleanField(
        _("shared with the whole coalition"),
        default=False,
        help_text=_("Staff of every organisation in the coalition see this partner."),
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="partners"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["normalised_name"])

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            models.Index(fields=["organisation", "name"], name="relatiebeheer_partner_org"),
            models.Index(fields=["last_contact_on"], name="relatiebeheer_partner_contact"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("relatiebeheer:partner_detail", self.pk)

    @property
    def rhythm(self):
        target = self.target_days or self.category.target_days
        maximum = self.max_days or max(self.category.max_days, target)
        return target, maximum

    def health(self, today):
        target, maximum = self.rhythm
        if self.last_contact_on is None:
            return Health.RED
        days = (today - self.last_contact_on).days
        if days > maximum:
            return Health.RED
        if days > target:
            return Health.AMBER
        return Health.GREEN

    def next_contact_on(self):
        if self.last_contact_on is None:
            return None
        return self.last_contact_on + timedelta(days=self.rhythm[0])


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name


class ContactRole(models.Model):
    """A contact person's role at a partner on a level, from a date and possibly until one:
    a person can move between partners over time."""

    person = models.ForeignKey(ContactPerson, on_delete=models.CASCADE, related_name="roles")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contact_roles")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    title = models.CharField(_("role"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "level", "person__name"]
        verbose_name = _("role at a partner")
        verbose_name_plural = _("roles at partners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="relatiebeheer_role_dates",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.partner}"

    def is_current(self, today):
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class Assignment(models.Model):
    """A staff member who keeps the relationship with a partner on a level, with the hours
    a week they are given for it: a task, not a job."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="assignments")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_assignments",
        verbose_name=_("relationship manager"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, default=1
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "level"]
        verbose_name = _("relationship manager of a partner")
        verbose_name_plural = _("relationship managers of partners")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "manager", "level"], name="relatiebeheer_assignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.manager} – {self.partner} ({self.get_level_display()})"


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    EVENT = "event", _("Network meeting or event")


class ContactMoment(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("contact person"),
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    summary = models.TextField(_("short summary"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_moments",
        help_text="Set when the partner was present at an RRO meeting.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [models.Index(fields=["partner", "on"], name="relatiebeheer_contact_partner")]

    def __str__(self):
        return f"{self.partner} {self.on}"


class ImportBatch(models.Model):
    """One import of partners: what it made can be undone as a whole."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    created_count = models.PositiveIntegerField(default=0)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Success(models.Model):
    """A cooperation success, large or small, for the organisation's wall."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successes",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("what went well"), max_length=200)
    story = models.TextField(_("the story"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        verbose_name = _("success")
        verbose_name_plural = _("successes")

    def __str__(self):
        return self.title
