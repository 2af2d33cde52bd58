"""Forms of merging two partners: finding the other partner, and choosing per field which
value to keep. The rules (same organisation, not itself, who may) live in services.merge;
these forms offer only the choices there are."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms_wall import PartnerChoiceField
from .models import Partner
from .services.merge import ABSORBED, SURVIVOR, default_choice, differing_fields


class PartnerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or place"), required=False, max_length=100)


class MergeChooseForm(forms.Form):
    other = PartnerChoiceField(
        label=_("The other partner"),
        queryset=Partner.objects.none(),
        empty_label=_("Choose a partner"),
        error_messages={"required": _("Choose the partner that is the same as this one.")},
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = partners


def _shown(partner, name):
    """A field's value as the partner page shows it."""
    if name == "category":
        return partner.category.name
    if name == "priority":
        return partner.get_priority_display()
    if name == "shared":
        return _("shared with the whole coalition") if partner.shared else _("not shared")
    value = getattr(partner, name)
    if name in ("target_days", "max_days"):
        if value is None:
            return _("(empty: follows the category)")
        return ngettext("%(days)s day", "%(days)s days", value) % {"days": value}
    return value or _("(empty)")


class PartnerMergeForm(forms.Form):
    """A radio per field that differs: keep the survivor's value or the other's."""

    def __init__(self, *args, survivor, absorbed, **kwargs):
        super().__init__(*args, **kwargs)
        for name in differing_fields(survivor, absorbed):
            self.fields[name] = forms.ChoiceField(
                label=capfirst(Partner._meta.get_field(name).verbose_name),
                choices=[
                    (SURVIVOR, self._option(survivor, name)),
                    (ABSORBED, self._option(absorbed, name)),
                ],
                initial=default_choice(name, survivor, absorbed),
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which value to keep.")},
            )

    @staticmethod
    def _option(partner, name):
        if name == "name":
            return partner.name
        return _("%(value)s (from %(partner)s)") % {
            "value": _shown(partner, name),
            "partner": partner.name,
        }
