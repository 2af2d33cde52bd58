"""The form for sharing a success. The rules that must hold whoever saves (an organisation
the actor works for, a partner they can see, a title) live in services.wall; this form
offers only what the actor may choose and checks the shape of the input."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation
from coalition.permissions import user_organisation_ids

from .models import Partner, Success
from .permissions import partners_visible_to


def partner_label(partner):
    return f"{partner.name} ({partner.place})" if partner.place else partner.name


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return partner_label(obj)


# Up to this many partners a person can see are offered as a list; beyond it, the name is
# typed (a coalition's coordinator sees thousands, and a list of them all is slow to send
# and of no use to choose from).
PARTNER_LIST_LIMIT = 60
LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<place>[^()]*)\)$")
SHOWN_MATCHES = 6


class PartnerNameField(forms.CharField):
    """A partner named by typing its name (as the list would show it: "name (place)" or
    the name alone, in any case), among the partners in `queryset`. Part of a name is
    enough when it fits one partner only; when it fits more, the error names them."""

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(max_length=300, **kwargs)

    def prepare_value(self, value):
        return partner_label(value) if isinstance(value, Partner) else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = self._exact(text)
        if len(found) != 1:
            found = list(self.queryset.filter(name__icontains=text)[: SHOWN_MATCHES + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                _(
                    "No partner found with the name “%(text)s”. Check the spelling, "
                    "or leave it empty."
                ),
                params={"text": text},
            )
        raise forms.ValidationError(
            _("More than one partner fits “%(text)s”: %(names)s. Type the name as shown here."),
            params={
                "text": text,
                "names": ", ".join(f"“{partner_label(p)}”" for p in found[:SHOWN_MATCHES]),
            },
        )

    def _exact(self, text):
        match = LABEL.match(text)
        if match:
            found = list(
                self.queryset.filter(
                    name__iexact=match["name"], place__iexact=match["place"].strip()
                )[:2]
            )
            if found:
                return found
        return list(self.queryset.filter(name__iexact=text)[:2])


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
        partners = partners_visible_to(user).order_by("name", "pk")
        # One query either way: the first partners past the limit tell which field it is,
        # and when they fit, the list is made from them.
        first = list(partners[: PARTNER_LIST_LIMIT + 1])
        if len(first) > PARTNER_LIST_LIMIT:
            self.fields["partner"] = PartnerNameField(
                queryset=partners,
                label=_("With partner"),
                required=False,
                help_text=_(
                    "Type the partner's name. Leave it empty for no partner in particular."
                ),
            )
        else:
            field = self.fields["partner"]
            field.queryset = partners  # what a choice is checked against
            field.choices = [("", field.empty_label)] + [(p.pk, partner_label(p)) for p in first]

    def clean(self):
        cleaned = super().clean()
        if self.single_organisation is not None:
            cleaned["organisation"] = self.single_organisation
        return cleaned
