"""Moral deliberation: the working group, its case form, confidential dilemma cases,
supervision sessions, trainings and consultations.

Who may see a dilemma case is kept in guardian's object-permission tables (direct foreign
keys, below the case); services in services.py are the only code that changes them.
"""

import calendar
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coalition.models import Organisation, Team


def add_months(day, months):
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(moment, days):
    """`moment` plus `days` working days (Monday to Friday; no holiday calendar)."""
    result = moment
    while days > 0:
        result += timedelta(days=1)
        if result.weekday() < 5:
            days -= 1
    return result


# --- The working group ---


class Perspective(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    OTHER = "other", _("Other")


REQUIRED_PERSPECTIVES = (Perspective.MANAGER, Perspective.EMPLOYEE, Perspective.EXPERIENCE_EXPERT)


class WorkingGroupQuerySet(models.QuerySet):
    def serving(self, organisation_ids):
        return self.filter(organisations__in=organisation_ids).distinct()


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    mandate = models.TextField(
        _("mandate"), help_text=_("What the working group is asked and allowed to do.")
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="dilemma_working_groups",
        verbose_name=_("organisations served"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[organisations])

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dilemmas:group_detail", args=[self.pk])

    def missing_perspectives(self, memberships=None):
        """The required perspectives nobody in the group brings (labels, in order)."""
        if memberships is None:
            memberships = self.memberships.all()
        present = {m.perspective for m in memberships}
        return [p.label for p in REQUIRED_PERSPECTIVES if p not in present]


class WorkingGroupMember(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dilemma_memberships",
        verbose_name=_("person"),
    )
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="dilemmas_member_unique")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_perspective_display()})"


class Theme(models.Model):
    """A tag the working group keeps to find cases by theme."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="themes", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="dilemmas_theme_unique")
        ]

    def __str__(self):
        return self.name


# --- The case form ---


class CaseFormVersion(models.Model):
    """One version of the case form. The version without a group is the default form that
    ships with the app; a working group's draft is the version it has not yet published.
    Published versions never change, so a case always shows the questions it answered."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="form_versions",
        null=True,
        blank=True,
        verbose_name=_("group"),
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-number"]
        verbose_name = _("case form version")
        verbose_name_plural = _("case form versions")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="dilemmas_form_number"),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(published_at__isnull=True),
                name="dilemmas_form_one_draft",
            ),
        ]

    def __str__(self):
        return _("Case form, version %(number)s") % {"number": self.number}

    @property
    def is_published(self):
        return self.published_at is not None


class CaseQuestion(models.Model):
    version = models.ForeignKey(CaseFormVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title


# --- Dilemma cases ---


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DISCUSSED = "discussed", _("Discussed")
    CLOSED = "closed", _("Closed")


class DilemmaCase(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dilemma_cases",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dilemma_cases",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dilemma_cases",
        verbose_name=_("discuss in team"),
        help_text=_(
            "The team lead of this team may see the case once you submit it, to plan it "
            "in a session. Leave empty to bring it to the working group only."
        ),
    )
    form_version = models.ForeignKey(
        CaseFormVersion, on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(
        _("short title"),
        max_length=200,
        help_text=_("A few words about the dilemma, without names of clients."),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="cases", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["created_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dilemma case")
        verbose_name_plural = _("dilemma cases")
        permissions = [("close_dilemmacase", "Can close a dilemma case")]
        indexes = [
            models.Index(fields=["organisation", "status"], name="dilemmas_case_org_status"),
            models.Index(fields=["team", "status"], name="dilemmas_case_team_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dilemmas:case_detail", args=[self.pk])

    def answered_questions(self):
        """(question, answer) pairs in the order of the form version the case was written in."""
        return [(q, self.answers.get(str(q.pk), "")) for q in self.form_version.questions.all()]


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(DilemmaCase, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(DilemmaCase, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


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


class SupervisionSession(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="dilemma_sessions", verbose_name=_("team")
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
        return _("%(kind)s %(team)s, %(date)s") % {
            "kind": self.get_kind_display(),
            "team": self.team.name,
            "date": timezone.localtime(self.starts_at).strftime("%d-%m-%Y"),
        }

    def get_absolute_url(self):
        return reverse("dilemmas:session_detail", args=[self.pk])

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
    """One participant's answer to "did this help you feel less alone with the dilemma?".

    Shown to the working group only as counts per team and quarter; the person is kept so
    nobody answers twice, never to show who said what."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=FeltLessAlone.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dilemmas_feedback_once")
        ]

    def __str__(self):
        return self.get_answer_display()


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


# --- Trainings ---


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    TEAM_LEADS = "team_leads", _("Team leads")


class TrainingType(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="training_types")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience.choices, default=Audience.ALL_STAFF
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a training that is followed once."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("training type")
        verbose_name_plural = _("training types")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="dilemmas_training_type_name")
        ]

    def __str__(self):
        return self.name

    # New staff get this long to follow a mandatory training for the first time.
    FIRST_TIME_MONTHS = 3

    def next_due(self, last_attended, joined):
        """When someone is due: `FIRST_TIME_MONTHS` after joining when they never attended,
        `repeat_months` after the last time when it repeats, never (date.max) otherwise."""
        if last_attended is None:
            return add_months(joined, self.FIRST_TIME_MONTHS)
        if not self.repeat_months:
            return date.max
        return add_months(last_attended, self.repeat_months)


class FacilitatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal expert")
    EXTERNAL = "external", _("External facilitator")


class TrainingSession(models.Model):
    training = models.ForeignKey(
        TrainingType, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("training")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link for online participation"), blank=True)
    facilitator_kind = models.CharField(
        _("given by"), max_length=10, choices=FacilitatorKind.choices
    )
    internal_expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("internal expert"),
    )
    external_facilitator = models.CharField(_("external facilitator"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["training", "starts_at"], name="dilemmas_training_date")]

    def __str__(self):
        return f"{self.training.name}, {timezone.localtime(self.starts_at):%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("dilemmas:training_session_detail", args=[self.pk])

    @property
    def facilitator(self):
        if self.facilitator_kind == FacilitatorKind.INTERNAL and self.internal_expert:
            return str(self.internal_expert.get_full_name() or self.internal_expert)
        return self.external_facilitator


class Enrolment(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "user__last_name", "user__first_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="dilemmas_enrolment_once")
        ]
        indexes = [models.Index(fields=["user", "attended"], name="dilemmas_enrolment_user")]

    def __str__(self):
        return f"{self.user} – {self.session}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: calendar clients fetch it without a session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dilemma_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)


# --- Consultations ---


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait a few weeks")
    NORMAL = "normal", _("Within a week or two")
    HIGH = "high", _("As soon as possible")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    PICKED_UP = "picked_up", _("Picked up")
    HELD = "held", _("Conversation held")
    CLOSED = "closed", _("Closed")


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
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
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
        return _("Consultation request %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("dilemmas:consultation_detail", args=[self.pk])

    @property
    def waited(self):
        """How long the request waited before someone picked it up (or waits still)."""
        return (self.picked_up_at or timezone.now()) - self.created_at

    def reminder_due_at(self):
        return add_working_days(timezone.localtime(self.created_at), 2)
