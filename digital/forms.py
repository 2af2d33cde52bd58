"""Forms for clients, intakes and personas (the menu's forms are in forms_menu.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation

from .models import (
    Client,
    Devices,
    HelpAtHome,
    Internet,
    Language,
    Persona,
    Service,
    SkillStatement,
    TargetGroup,
)


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["organisation", "number", "language", "target_group"]

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids)
        self.fields["organisation"].empty_label = None
        self.fields["language"].queryset = Language.objects.all()
        self.fields["language"].empty_label = _("Choose a language")
        self.fields["target_group"].queryset = TargetGroup.objects.all()
        self.fields["target_group"].empty_label = _("Choose a target group")
        if self.instance.pk:
            self.fields["organisation"].disabled = True

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number:
            raise forms.ValidationError(_("Give the client number."))
        return number


class StatementsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.text


class IntakeForm(forms.Form):
    """The mandatory inventory: what the client can, wants to learn, and can use."""

    can = StatementsField(
        queryset=SkillStatement.objects.none(),
        required=False,
        label=_("What can the client do on their own?"),
        help_text=_("Tick only what works without help."),
    )
    wants = StatementsField(
        queryset=SkillStatement.objects.none(),
        required=False,
        label=_("What does the client want to learn?"),
    )
    devices = forms.MultipleChoiceField(
        choices=Devices.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which devices can the client use?"),
        error_messages={"required": _("Say which devices the client can use, or “None”.")},
    )
    internet = forms.ChoiceField(
        choices=Internet.choices,
        widget=forms.RadioSelect,
        label=_("Does the client have internet?"),
        error_messages={"required": _("Say whether the client has internet.")},
    )
    help_at_home = forms.ChoiceField(
        choices=HelpAtHome.choices,
        widget=forms.RadioSelect,
        label=_("Is there help at home?"),
        error_messages={"required": _("Say whether someone at home can help.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statements = SkillStatement.objects.all()
        self.fields["can"].queryset = statements
        self.fields["wants"].queryset = statements

    def clean(self):
        cleaned = super().clean()
        devices = cleaned.get("devices") or []
        if Devices.NONE in devices and len(devices) > 1:
            self.add_error("devices", _("“None” cannot go together with a device."))
        return cleaned


class PersonaChoiceForm(forms.Form):
    persona = forms.ModelChoiceField(
        queryset=Persona.objects.all(),
        widget=forms.RadioSelect,
        label=_("Persona"),
        empty_label=None,
        error_messages={"required": _("Choose a persona.")},
    )
    reason = forms.CharField(
        label=_("Why another persona (only when you do not take the proposal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PersonaForm(forms.ModelForm):
    services = forms.ModelMultipleChoiceField(
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Services that fit"),
    )

    class Meta:
        model = Persona
        fields = ["name", "digcomp_level", "description", "next_step", "services"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = Service.objects.current()
        self.fields["digcomp_level"].error_messages.update(
            {
                key: _("Give a DigComp level from 1 to 8.")
                for key in ("min_value", "max_value", "invalid", "required")
            }
        )


# --- Care-plan goals ---


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Goal, in the client's words"),
        max_length=200,
        help_text=_("For example: I order my medicines myself."),
        error_messages={"required": _("Write the goal.")},
    )
    service = forms.ModelChoiceField(
        label=_("Service from the menu"),
        queryset=Service.objects.none(),
        empty_label=_("Choose a service"),
        error_messages={
            "required": _("Choose the service from the menu for this goal."),
            "invalid_choice": _("Choose a service from the list."),
        },
    )
    due_on = forms.DateField(
        label=_("Aim to reach it by (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give a date, for example 1-3-2027.")},
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        # Services for the client's target group first; every current service can be chosen.
        self.fields["service"].queryset = Service.objects.current().order_by("name")
        fitting = set(
            Service.objects.current()
            .filter(target_groups=client.target_group_id)
            .values_list("pk", flat=True)
        )
        self.fields["service"].label_from_instance = lambda s: (
            f"{s.name} ✓" if s.pk in fitting else s.name
        )
        self.fields["service"].help_text = _("A ✓ marks services for the client's target group.")


class AttemptForm(forms.Form):
    worked = forms.TypedChoiceField(
        label=_("Did it work?"),
        choices=[("1", _("It worked")), ("0", _("It did not work"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether it worked.")},
    )
    note = forms.CharField(
        label=_("Short note (optional)"),
        max_length=300,
        required=False,
        help_text=_("What happened? No names."),
    )


class SwitchUndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the client try the service again?"),
        max_length=300,
        error_messages={"required": _("Say why the client tries the service again.")},
    )
