from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coalition.forms import PersonChoiceField, people_of
from coalition.models import Organisation

from .models import (
    Circle,
    Crisis,
    CrisisEvent,
    Decision,
    Domain,
    Lesson,
    Moment,
    Principle,
    Priority,
    Risk,
    Scenario,
    Seat,
    Stakeholder,
    SteeringGroup,
    Step,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupForm(forms.ModelForm):
    class Meta:
        model = SteeringGroup
        fields = ["name", "scope", "organisations", "max_members"]
        widgets = {
            "scope": forms.RadioSelect,
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        # `group_save` asks for at least one, and for a maximum that fits the seats taken.
        self.fields["organisations"].required = False


class VisionForm(forms.ModelForm):
    """Vision, mandate and the interest of each member organisation, on one page."""

    mandate_domains = forms.MultipleChoiceField(
        label=_("The mandate covers the domains"),
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SteeringGroup
        fields = ["vision", "urgency", "relevance", "client_interest", "mandate", "mandate_domains"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in ["vision", "urgency", "relevance", "client_interest", "mandate"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(self.instance.organisations.order_by("name"))
        current = {i.organisation_id: i.interest for i in self.instance.interests.all()}
        for organisation in self.organisations:
            self.fields[f"interest_{organisation.pk}"] = forms.CharField(
                label=_("Interest of %(organisation)s") % {"organisation": organisation.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.get(organisation.pk, ""),
            )

    def interests(self):
        return {o: self.cleaned_data.get(f"interest_{o.pk}", "") for o in self.organisations}


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(group.organisations.order_by("name"))
        current = {}
        if self.instance.pk:
            current = {g.organisation_id: g.goal for g in self.instance.goals.all()}
        for organisation in self.organisations:
            self.fields[f"goal_{organisation.pk}"] = forms.CharField(
                label=_("Goal of %(organisation)s it serves") % {"organisation": organisation.name},
                required=False,
                max_length=300,
                initial=current.get(organisation.pk, ""),
            )

    def goals(self):
        return {o: self.cleaned_data.get(f"goal_{o.pk}", "") for o in self.organisations}


class SeatForm(forms.ModelForm):
    person = PersonChoiceField(queryset=get_user_model().objects.none(), label=_("Representative"))

    class Meta:
        model = Seat
        fields = [
            "organisation",
            "person",
            "role",
            "expectations",
            "hours_per_week",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "expectations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        organisations = group.organisations.order_by("name")
        self.fields["organisation"].queryset = organisations
        self.fields["person"].queryset = people_of(organisations)
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate()

    def _get_validation_exclusions(self):
        # The order of the dates is refused by `seat_save`, next to the end date; the
        # model's constraint would only say it again at the top of the form.
        return super()._get_validation_exclusions() | {"end_date"}


class SeatEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day"), widget=DATE)


class StakeholderForm(forms.ModelForm):
    user = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("User of this app"),
        help_text=_("Informed in the app; otherwise by e-mail."),
    )

    class Meta:
        model = Stakeholder
        fields = ["circle", "name", "organisation", "user", "email"]
        widgets = {"circle": forms.RadioSelect}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("last_name", "first_name", "username")
        )


class PrincipleForm(forms.ModelForm):
    class Meta:
        model = Principle
        fields = ["domain", "text", "lesson"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["lesson"].queryset = group.lessons.all()


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "description", "crisis", "recorded_on"]
        widgets = {"recorded_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["crisis"].queryset = group.crises.all()


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["title", "trigger", "description"]
        widgets = {
            "trigger": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["moment", "action", "responsible_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty choice that says what to do, not Django's "---------"; kept empty so the
        # unused extra rows of the step plan stay unchanged.
        self.fields["moment"].choices = [("", _("Choose a moment")), *Moment.choices]


class BaseStepFormSet(forms.BaseInlineFormSet):
    def steps(self):
        """The steps filled in, unsaved and in order; the rows left empty are skipped."""
        return [form.save(commit=False) for form in self.forms if form.cleaned_data]


StepFormSet = forms.inlineformset_factory(
    Scenario,
    Step,
    form=StepForm,
    formset=BaseStepFormSet,
    extra=3,
    can_delete=False,
)


class ScenarioCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new scenario"), max_length=200)


SCALE_ERRORS = {
    "min_value": _("Choose a value from 1 (lowest) to 5 (highest)."),
    "max_value": _("Choose a value from 1 (lowest) to 5 (highest)."),
    "invalid": _("Choose a value from 1 (lowest) to 5 (highest)."),
}


class RiskForm(forms.ModelForm):
    likelihood = forms.IntegerField(
        label=_("Likelihood (1–5)"), min_value=1, max_value=5, error_messages=SCALE_ERRORS
    )
    impact = forms.IntegerField(
        label=_("Impact (1–5)"), min_value=1, max_value=5, error_messages=SCALE_ERRORS
    )

    class Meta:
        model = Risk
        fields = ["organisation", "description", "likelihood", "impact", "mitigation"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scenario = scenario
        self.fields["organisation"].queryset = scenario.group.organisations.order_by("name")
        self.fields["organisation"].empty_label = _("The coalition as a whole")


class CrisisForm(forms.ModelForm):
    class Meta:
        model = Crisis
        fields = ["name", "started_on", "scenario"]
        widgets = {"started_on": DATE}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["scenario"].queryset = group.scenarios.all()
        if not self.instance.pk:
            self.fields["started_on"].initial = timezone.localdate()


class CrisisEventForm(forms.ModelForm):
    class Meta:
        model = CrisisEvent
        fields = ["occurred_on", "description", "measures"]
        widgets = {
            "occurred_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, crisis, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.crisis = crisis
        self.fields["occurred_on"].initial = timezone.localdate()


class CrisisCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    # `crisis_close` asks for at least one lesson, next to this field; the attribute tells
    # assistive technology beforehand.
    lessons = forms.CharField(
        label=_("Lessons learned"),
        help_text=_("One lesson per line; each becomes a lesson you can link to the framework."),
        widget=forms.Textarea(attrs={"rows": 5, "required": True}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()

    def clean_lessons(self):
        # Each line becomes a lesson's title: a longer line would be cut off, so refuse it.
        lessons = self.cleaned_data["lessons"]
        limit = Lesson._meta.get_field("title").max_length
        for number, line in enumerate(lessons.splitlines(), start=1):
            if len(line.strip()) > limit:
                raise forms.ValidationError(
                    _(
                        "Line %(line)s is longer than %(max)s characters. Keep each lesson "
                        "short, or spread it over two lines."
                    ),
                    params={"line": number, "max": limit},
                )
        return lessons

    def lesson_list(self):
        """(title, description) for each line written."""
        return [(line, "") for line in self.cleaned_data["lessons"].splitlines()]


class DecisionForm(forms.ModelForm):
    """One choice for the mandate: within it, or outside it, which the steering group then
    confirms by choosing so. `decision_save` holds the rule; this form passes the choice on."""

    WITHIN, OUTSIDE = "within", "outside"

    within_mandate = forms.TypedChoiceField(
        label=_("Mandate"),
        choices=[
            (WITHIN, capfirst(Decision._meta.get_field("within_mandate").verbose_name)),
            (
                OUTSIDE,
                _("I confirm that the steering group takes this decision outside its mandate"),
            ),
        ],
        coerce=lambda value: value == DecisionForm.WITHIN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether this decision is within the mandate.")},
    )

    class Meta:
        model = Decision
        fields = ["title", "domain", "crisis", "scenario", "text", "rationale", "within_mandate"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["crisis"].queryset = group.crises.all()
        self.fields["scenario"].queryset = group.scenarios.all()
        self.initial["within_mandate"] = (
            self.WITHIN if self.instance.within_mandate else self.OUTSIDE
        )

    def outside_mandate_confirmed(self):
        """Whether the steering group chose, and so confirmed, to decide outside its mandate."""
        return self.cleaned_data.get("within_mandate") is False


class CirclesForm(forms.Form):
    circles = forms.TypedMultipleChoiceField(
        label=_("Inform these circles"),
        choices=Circle.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, require=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circles"].required = require
        self.fields["circles"].error_messages["required"] = _(
            "Choose at least one circle to inform."
        )


class DecisionPublishForm(forms.Form):
    """Publishing a draft informs the circles in the same step. Every circle is ticked
    unless the draft carries a choice of its own (taken over from the decision it replaces);
    unticking a circle leaves it uninformed."""

    circles = forms.TypedMultipleChoiceField(
        label=_("Inform these circles"),
        choices=Circle.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circles"].initial = decision.circles or list(Circle.values)


class PlaybookPublishForm(forms.Form):
    # `playbook_publish` asks for it, next to this field; the attribute tells assistive
    # technology beforehand.
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        required=False,
    )
