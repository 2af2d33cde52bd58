from django import forms
from django.contrib.auth import get_user_model
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalition.access import sight_excluded_ids
from coalition.forms import (
    PICKER_CLASS,
    DateTimeInput,
    PeopleChoiceField,
    PersonChoiceField,
    people_of,
)
from coalition.models import Organisation, Team
from coalition.names import full_name, sort_key
from coalition.sanitize import clean_markup, safe_markup

from . import services
from .models import (
    CaseQuestion,
    CaseStatus,
    Consultation,
    DilemmaCase,
    FacilitatorKind,
    FeltLessAlone,
    SupervisionSession,
    Theme,
    TrainingSession,
    TrainingType,
    WorkingGroup,
    WorkingGroupMember,
)

User = get_user_model()


# --- Working group ---


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "mandate", "organisations"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}


class MemberForm(forms.ModelForm):
    user = PersonChoiceField(queryset=User.objects.none(), label=_("Person"))

    class Meta:
        model = WorkingGroupMember
        fields = ["user", "perspective"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["user"].queryset = people_of(group.organisations.values("pk")).exclude(
            pk__in=sight_excluded_ids()
        )
        self.fields["user"].help_text = _(
            "A new member reads the cases of the organisations the group serves, so a second "
            "person of each of those organisations confirms first."
        )


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Theme.objects.filter(group=self.group, name__iexact=name).exists():
            raise forms.ValidationError(_("The group already has this theme."))
        return name


class QuestionForm(forms.ModelForm):
    class Meta:
        model = CaseQuestion
        fields = ["order", "title", "help_text", "required"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "help_text": _(
                "Plain text; links and <em>emphasis</em> are kept, other markup is removed."
            )
        }

    def clean_help_text(self):
        return clean_markup(self.cleaned_data["help_text"]).strip()


QuestionFormSet = modelformset_factory(
    QuestionForm.Meta.model, form=QuestionForm, extra=2, can_delete=True
)


# --- Cases ---


class CaseForm(forms.ModelForm):
    """The fixed fields of a case plus one field per question of its form version.

    Questions are checked for being answered only when the author submits: a draft may be
    incomplete."""

    class Meta:
        model = DilemmaCase
        fields = ["title", "team", "themes"]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, version, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.questions = list(version.questions.all())
        self.fields["team"].queryset = Team.objects.filter(
            members__user=user, organisation_id=self.instance.organisation_id
        )
        self.fields["team"].empty_label = _("No team: the working group only")
        self.fields["themes"].queryset = themes
        if not themes.exists():
            del self.fields["themes"]
        answers = self.instance.answers or {}
        for question in self.questions:
            label = question.title
            if question.required:
                label = _("%(question)s (required)") % {"question": question.title}
            self.fields[self.answer_field(question)] = forms.CharField(
                label=label,
                # Django renders help texts unescaped: only a sanitised subset goes in.
                help_text=safe_markup(question.help_text),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answers.get(str(question.pk), ""),
            )

    @staticmethod
    def answer_field(question):
        return f"answer_{question.pk}"

    def answers(self):
        return {
            str(q.pk): self.cleaned_data.get(self.answer_field(q), "").strip()
            for q in self.questions
        }

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action") == "submit":
            missing = 0
            for question in self.questions:
                name = self.answer_field(question)
                if question.required and not (cleaned.get(name) or "").strip():
                    missing += 1
                    self.add_error(
                        name, _("Answer this question before you submit; a draft may wait.")
                    )
            if missing:
                self.add_error(
                    None,
                    ngettext(
                        "%(count)s required question is not answered yet. You can also save "
                        "the case as a draft.",
                        "%(count)s required questions are not answered yet. You can also save "
                        "the case as a draft.",
                        missing,
                    )
                    % {"count": missing},
                )
        return cleaned


class CaseThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose themes from the list."),
            "invalid_pk_value": _("Choose themes from the list."),
        },
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in titles"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + CaseStatus.choices, required=False
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


# --- Sessions ---


class SessionForm(forms.ModelForm):
    participants = PeopleChoiceField(
        queryset=User.objects.none(),
        label=_("Participants"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Members of the team. They may read the cases of this session that their "
            "authors brought to this team."
        ),
    )
    cases = forms.ModelMultipleChoiceField(
        queryset=DilemmaCase.objects.none(),
        label=_("Cases to discuss"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SupervisionSession
        fields = ["team", "kind", "reflection", "starts_at", "location", "participants", "cases"]
        widgets = {"starts_at": DateTimeInput()}
        help_texts = {
            "starts_at": _(
                "A session that already took place can be recorded afterwards, up to a year "
                "back; its outcomes can then be recorded at once."
            )
        }

    def __init__(self, *args, teams, people, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        self.fields["participants"].queryset = people
        self.fields["cases"].queryset = cases
        if self.instance.pk:
            self.initial["participants"] = list(
                self.instance.participants.values_list("pk", flat=True)
            )
            self.initial["cases"] = list(self.instance.cases.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        problems = services.session_problems(
            team=cleaned.get("team"),
            participants=list(cleaned.get("participants") or []),
            cases=list(cleaned.get("cases") or []),
            starts_at=cleaned.get("starts_at"),
            # The form's instance still holds the stored moment until the form is saved.
            stored_starts_at=self.instance.starts_at if self.instance.pk else None,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class OutcomeForm(forms.Form):
    notes = forms.CharField(
        label=_("General notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short, and without names of clients."),
    )

    def __init__(self, *args, session, case_sight, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        # Only the cases this person may open: a case's title and outcome are confidential.
        self.links = list(session.session_cases.filter(case_sight).select_related("case"))
        self.initial.setdefault("notes", session.notes)
        for link in self.links:
            self.fields[f"outcome_{link.pk}"] = forms.CharField(
                label=_("Outcome for “%(case)s”") % {"case": link.case.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=link.outcome,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if not self.session.has_taken_place():
            raise forms.ValidationError(_("You can record outcomes once the session has started."))
        for link in self.links:
            name = f"outcome_{link.pk}"
            if not (cleaned.get(name) or "").strip():
                self.add_error(name, _("Write a short outcome for this case."))
        if not self.links and not (cleaned.get("notes") or "").strip():
            self.add_error("notes", _("Write a short note on what the session brought."))
        return cleaned

    def outcomes(self):
        return {link.pk: self.cleaned_data[f"outcome_{link.pk}"].strip() for link in self.links}


class FeedbackForm(forms.Form):
    answer = forms.ChoiceField(choices=FeltLessAlone.choices)


class ReflectionTargetForm(forms.Form):
    per_year = forms.IntegerField(
        label=_("Reflection moments per year"),
        min_value=1,
        max_value=52,
        error_messages={
            key: _("Give a number of reflection moments between 1 and 52.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )


# --- Trainings ---


class TrainingTypeForm(forms.ModelForm):
    class Meta:
        model = TrainingType
        fields = ["group", "name", "description", "mandatory", "audience", "repeat_months"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].empty_label = None


class TrainingSessionForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("link for online participation"), required=False, assume_scheme="https"
    )
    internal_expert = PersonChoiceField(
        queryset=User.objects.none(), label=_("Internal expert"), required=False
    )

    class Meta:
        model = TrainingSession
        fields = [
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "facilitator_kind",
            "internal_expert",
            "external_facilitator",
            "capacity",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.training = training
        self.fields["internal_expert"].queryset = people_of(
            training.group.organisations.values("pk")
        )
        self.fields["capacity"].min_value = 1

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        if starts:
            previous = (
                TrainingSession.objects.filter(training=self.training)
                .exclude(pk=self.instance.pk)
                .order_by("-starts_at")
                .first()
            )
            if previous and starts < previous.starts_at and not self.instance.pk:
                self.add_error(
                    "starts_at",
                    _("The previous session of this training is on %(date)s; plan after it.")
                    % {
                        "date": date_format(
                            timezone.localtime(previous.starts_at), "DATETIME_FORMAT"
                        )
                    },
                )
        if not cleaned.get("location") and not cleaned.get("online_url"):
            self.add_error("location", _("Give a place or a link."))
        kind = cleaned.get("facilitator_kind")
        if kind == FacilitatorKind.INTERNAL and not cleaned.get("internal_expert"):
            self.add_error("internal_expert", _("Choose the internal expert."))
        if kind == FacilitatorKind.EXTERNAL and not cleaned.get("external_facilitator"):
            self.add_error("external_facilitator", _("Name the external facilitator."))
        # Places below the people already enrolled: services.training_session_save refuses.
        return cleaned


class TeamEnrolForm(forms.Form):
    people = PeopleChoiceField(
        queryset=User.objects.none(),
        label=_("Team members to enrol"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": PICKER_CLASS}),
        required=False,
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(e.user_id), full_name(e.user))
            for e in sorted(enrolments, key=lambda e: sort_key(e.user))
        ]
        self.initial.setdefault("present", [str(e.user_id) for e in enrolments if e.attended])


# --- Consultations ---


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["organisation", "topic", "urgency", "contact", "hide_from_team_lead"]
        widgets = {"urgency": forms.RadioSelect, "topic": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(people__user=user)
        self.fields["organisation"].empty_label = None
        self.fields["organisation"].help_text = _(
            "The working group of this organisation receives your request."
        )
