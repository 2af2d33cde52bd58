"""The form for sharing a success. The rules that must hold whoever saves (an organisation
the actor works for, a partner they can see, a title) live in services.wall; this form
offers only what the actor may choose and checks the shape of the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation
from coalition.permissions import user_organisation_ids

from .models import Success
from .permissions import partners_visible_to


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.place})" if obj.place else obj.name


class SuccessForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For the wall of"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    title = forms.CharField(
        label=_("What went well"),
        max_length=Success._meta.get_field("title").max_length,
        help_text=_("In one line, for example: joint home visit with the district team."),
    )
    story = forms.CharField(
        label=_("The story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, who made it work, and what the client noticed of it."),
    )
    partner = PartnerChoiceField(
        label=_("With partner"),
        queryset=None,
        required=False,
        empty_label=_("No partner in particular"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(pk__in=user_organisation_ids(user))
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.single_organisation = None
        if len(user_organisation_ids(user)) == 1:
            # Nothing to choose: the success goes on the wall of the one organisation.
            self.single_organisation = organisations.first()
            del self.fields["organisation"]
        self.fields["partner"].queryset = partners_visible_to(user).order_by("name", "pk")

    def clean(self):
        cleaned = super().clean()
        if self.single_organisation is not None:
            cleaned["organisation"] = self.single_organisation
        return cleaned
