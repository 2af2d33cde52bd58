"""Forms of badges and digital champions. The rules (the person works for the organisation,
once per organisation) live in services.rewards; the form checks the shape of the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation

from .models import Champion
from .services.rewards import champion_candidates


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


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
