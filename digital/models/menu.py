"""The sector-wide menu (menukaart) of digital services, its texts per language and target
group, and the feedback of clients and staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Organisation
from coalition.urlpaths import object_path

from .vocabulary import Band, Language, SkillStatement, TargetGroup


class ServiceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_at__isnull=True)


class Service(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digital_services",
        verbose_name=_("provided by (coalition member)"),
    )
    provider_name = models.CharField(
        _("provided by (other)"),
        max_length=150,
        blank=True,
        help_text=_("A partner outside the coalition, for example a municipality or library."),
    )
    description = models.TextField(_("what it is"))
    url = models.URLField(_("link"), blank=True)
    level = models.PositiveSmallIntegerField(
        _("level it needs"), choices=Band.choices, default=Band.WITH_HELP
    )
    analog_alternative = models.TextField(
        _("analog alternative"), help_text=_("What a client can do instead, without a screen.")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="services", verbose_name=_("target groups")
    )
    languages = models.ManyToManyField(
        Language, related_name="services", verbose_name=_("languages")
    )
    statements = models.ManyToManyField(
        SkillStatement, blank=True, related_name="services", verbose_name=_("helps with")
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[target_groups, languages, statements])

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("digital service")
        verbose_name_plural = _("digital services")
        indexes = [models.Index(fields=["retired_at", "name"], name="digital_service_current")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("digital:service_detail", self.pk)

    @property
    def provided_by(self):
        return self.provider.name if self.provider_id else self.provider_name


class ServiceText(models.Model):
    """The service told for one language, and optionally for one target group."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="texts")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, verbose_name=_("language"))
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("target group"),
        help_text=_("Leave empty for every target group."),
    )
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "language", "target_group"]
        verbose_name = _("service text")
        verbose_name_plural = _("service texts")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language", "target_group"],
                condition=models.Q(target_group__isnull=False),
                name="digital_service_text_unique_group",
            ),
            models.UniqueConstraint(
                fields=["service", "language"],
                condition=models.Q(target_group__isnull=True),
                name="digital_service_text_unique_all",
            ),
        ]

    def __str__(self):
        return self.title


class Verdict(models.TextChoices):
    USEFUL = "useful", _("Useful")
    TOO_HARD = "too_hard", _("Too hard")
    NOT_FOR_ME = "not_for_me", _("Not for me")


class ServiceFeedback(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback on a service")
        verbose_name_plural = _("feedback on services")
        indexes = [models.Index(fields=["service", "verdict"], name="digital_feedback_verdict")]

    def __str__(self):
        return f"{self.service_id}: {self.verdict}"
