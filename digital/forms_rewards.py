"""Forms of badges and digital champions. The rules (the person works for the organisation,
once per organisation) live in services.rewards; the form checks the shape of the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import PersonChoiceField
from coalition.models import Organisation

from .models import Champion
from .services.rewards import champion_candidates


class ChampionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    user = PersonChoiceField(
        label=_("Person"),
        queryset=champion_candidates(),
        help_text=_("Someone who works for this organisation."),
    )
    note = forms.CharField(
        label=_("What they help with"),
        max_length=Champion._meta.get_field("note").max_length,
        required=False,
        help_text=_("For example: video calling, the patient portal, logging in with DigiD."),
    )


class OrganisationFilterForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
