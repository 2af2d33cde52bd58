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
        self.fields["organisations"].error_messages["required"] = _(
            "Choose at least one member organisation."
        )

    def clean_max_members(self):
        value = self.cleaned_data["max_members"]
        if self.instance.pk:
            taken = self.instance.seats.not_ended(timezone.localdate()).count()
            if value < taken:
                raise forms.ValidationError(
                    _(
                        "%(taken)d seats are taken; end seats before lowering the maximum "
                        "below that."
                    )
                    % {"taken": taken}
                )
        return value


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

    def clean(self):
        cleaned = super().clean()
        if self.organisations and not any(
            (cleaned.get(f"goal_{o.pk}") or "").strip() for o in self.organisations
        ):
            raise forms.ValidationError(
                _("Link the priority to the goal of at least one member organisation.")
            )
        return cleaned

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

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        person, organisation = cleaned.get("person"), cleaned.get("organisation")
        if (
            person
            and organisation
            and not person.profile.organisations.filter(pk=organisation.pk).exists()
        ):
            self.add_error(
                "person",
                _("%(person)s does not work for %(organisation)s.")
                % {"person": person.get_full_name() or person, "organisation": organisation},
            )
        return cleaned


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

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user") and not cleaned.get("email"):
            self.add_error(
                "email", _("Give an e-mail address, or choose the user of this app to inform.")
            )
        return cleaned


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
    def clean(self):
        super().clean()
        filled = [
            f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        if not filled:
            raise forms.ValidationError(_("The step plan is empty: add at least one step."))


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

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value < self.instance.crisis.started_on:
            raise forms.ValidationError(_("This date is before the start of the crisis."))
        return value


class CrisisCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    lessons = forms.CharField(
        label=_("Lessons learned"),
        help_text=_("One lesson per line; each becomes a lesson you can link to the framework."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write down at least one lesson learned, one per line.")},
    )

    def __init__(self, *args, crisis, **kwargs):
        super().__init__(*args, **kwargs)
        self.crisis = crisis
        self.fields["closed_on"].initial = timezone.localdate()

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value < self.crisis.started_on:
            raise forms.ValidationError(_("A crisis cannot end before it started."))
        return value

    def clean_lessons(self):
        lines = [line.strip() for line in self.cleaned_data["lessons"].splitlines()]
        lines = [line[:200] for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Write down at least one lesson learned, one per line."))
        return lines


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
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a short note on what changed in this version.")},
    )
