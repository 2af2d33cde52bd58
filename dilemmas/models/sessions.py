"""Supervision and team sessions, the "less alone" answers, the reflection target."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Team
from coalition.urlpaths import object_path

from .cases import DilemmaCase

# --- Supervision and team sessions ---


class ReflectionKind(models.TextChoices):
    LOOKING_BACK = "looking_back", _("Looking back")
    IN_ACTION = "in_action", _("In action")
    AHEAD = "ahead", _("Looking ahead")


class SessionKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision")
    TEAM = "team", _("Team meeting")


class SupervisionSessionQuerySet(models.QuerySet):
    def without_outcomes(self, now):
        return self.filter(starts_at__lt=now, outcomes_recorded_at__isnull=True)

    def awaiting_feedback_from(self, user):
        """The sessions whose "less alone" question waits for this person: they took part,
        the outcomes are recorded (that is when the question is asked), no answer yet."""
        return self.filter(participants=user, outcomes_recorded_at__isnull=False).exclude(
            respondents__user=user
        )


class SupervisionSession(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="dilemma_sessions", verbose_name=_("team")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_dilemma_sessions",
        verbose_name=_("led by"),
    )
    kind = models.CharField(
        _("kind of session"), max_length=12, choices=SessionKind.choices, default=SessionKind.TEAM
    )
    reflection = models.CharField(
        _("kind of reflection"), max_length=12, choices=ReflectionKind.choices
    )
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="dilemma_sessions",
        blank=True,
        verbose_name=_("participants"),
    )
    cases = models.ManyToManyField(
        DilemmaCase,
        through="SessionCase",
        related_name="sessions",
        blank=True,
        verbose_name=_("cases"),
    )
    notes = models.TextField(_("general notes"), blank=True)
    outcomes_recorded_at = models.DateTimeField(_("outcomes recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # RFC 5545: raised on every change, so calendar programs update the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[participants])

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["team", "starts_at"], name="dilemmas_session_team_date"),
            models.Index(fields=["lead", "outcomes_recorded_at"], name="dilemmas_session_lead"),
        ]

    def __str__(self):
        return _("%(kind)s, %(team)s, %(date)s") % {
            "kind": self.get_kind_display(),
            "team": self.team.name,
            "date": date_format(timezone.localtime(self.starts_at), "DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return object_path("dilemmas:session_detail", self.pk)

    def touch(self, now=None):
        """Mark a change of a stored session for calendar programs (SEQUENCE, LAST-MODIFIED)."""
        if self.pk:
            self.sequence += 1
        self.changed_at = now or timezone.now()

    def has_taken_place(self, now=None):
        return self.starts_at <= (now or timezone.now())


class SessionCase(models.Model):
    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="session_cases"
    )
    case = models.ForeignKey(DilemmaCase, on_delete=models.CASCADE, related_name="session_links")
    outcome = models.TextField(_("outcome"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("case in a session")
        verbose_name_plural = _("cases in sessions")
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="dilemmas_session_case")
        ]

    def __str__(self):
        return f"{self.session} – {self.case}"


class FeltLessAlone(models.TextChoices):
    YES = "yes", _("Yes")
    SOMEWHAT = "somewhat", _("Somewhat")
    NO = "no", _("No")


class SessionFeedback(models.Model):
    """How many participants of a session gave one answer to "did this help you feel less
    alone with the dilemma?".

    Answers are kept as counts only, so no row says who answered what: the people who
    answered are kept apart (SessionRespondent), without their answer. Neither model has
    history: a history row carries the moment and the person of each change, which would
    link a count to whoever raised it. Shown to the working group only as counts per team
    and quarter."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="feedback"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=FeltLessAlone.choices)
    count = models.PositiveIntegerField(_("number of answers"), default=0)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "answer"], name="dilemmas_feedback_count")
        ]

    def __str__(self):
        return f"{self.get_answer_display()}: {self.count}"


class SessionRespondent(models.Model):
    """A participant who answered the "less alone" question of a session, so nobody answers
    twice. Deliberately without the answer, and without a moment or history that could
    be matched to a change of the counts."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="respondents"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dilemmas_respondent_once")
        ]

    def __str__(self):
        return str(self.user)


class TeamReflectionTarget(models.Model):
    DEFAULT_PER_YEAR = 6

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="reflection_target")
    per_year = models.PositiveSmallIntegerField(
        _("reflection moments per year"), default=DEFAULT_PER_YEAR
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reflection target")
        verbose_name_plural = _("reflection targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_year__gte=1), name="dilemmas_reflection_target_positive"
            )
        ]

    def __str__(self):
        return f"{self.team}: {self.per_year}"
