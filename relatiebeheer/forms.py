"""Forms for partners, contacts, roles, managers and categories (imports and the wall have
their own modules)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import PersonChoiceField

from .models import (
    Assignment,
    Category,
    ContactMoment,
    ContactPerson,
    Health,
    Level,
    Partner,
    Priority,
)

User = get_user_model()


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or place"), required=False)
    categorie = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("All")
    )
    prioriteit = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("All"))] + list(Priority.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    gezondheid = forms.ChoiceField(
        label=_("Contact"),
        choices=[
            ("", _("All")),
            ("amber", _("Past the target")),
            ("red", _("Past the maximum")),
        ],
        required=False,
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].queryset = categories

    def apply(self, partners, today):
        """The partners that match: the list and the exports filter alike. Contact health
        depends on each partner's own rhythm, so that filter keeps the matching ids."""
        if not self.is_valid():
            return partners
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            partners = partners.filter(Q(name__icontains=q) | Q(place__icontains=q))
        if data["categorie"]:
            partners = partners.filter(category=data["categorie"])
        if data["prioriteit"]:
            partners = partners.filter(priority=data["prioriteit"])
        if data["gezondheid"]:
            wanted = (
                {Health.RED} if data["gezondheid"] == Health.RED else {Health.AMBER, Health.RED}
            )
            rows = (
                partners.select_related(None)
                .select_related("category")
                .only(
                    "pk",
                    "last_contact_on",
                    "target_days",
                    "max_days",
                    "category__target_days",
                    "category__max_days",
                )
            )
            partners = partners.filter(pk__in=[p.pk for p in rows if p.health(today) in wanted])
        return partners


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        formfield_callback = _https_urls
        fields = [
            "organisation",
            "name",
            "sector",
            "category",
            "priority",
            "place",
            "region",
            "website",
            "target_days",
            "max_days",
            "shared",
        ]

    def __init__(self, *args, organisations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = None
        self.fields["name"].error_messages["required"] = _("Give the partner's name.")
        if self.instance.pk:
            self.fields["organisation"].disabled = True

    def clean(self):
        cleaned = super().clean()
        target, maximum = cleaned.get("target_days"), cleaned.get("max_days")
        if target == 0:
            self.add_error("target_days", _("A contact rhythm is at least one day."))
        if target and maximum and maximum < target:
            self.add_error("max_days", _("The maximum cannot be shorter than the rhythm itself."))
        organisation, category = cleaned.get("organisation"), cleaned.get("category")
        if organisation and category and category.organisation_id != organisation.pk:
            self.add_error("category", _("Choose a category of the same organisation."))
        return cleaned


class ContactMomentForm(forms.ModelForm):
    class Meta:
        model = ContactMoment
        fields = ["on", "kind", "person", "summary", "follow_up"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].required = False
        self.fields["person"].empty_label = _("Nobody in particular")
        self.fields["kind"].choices = [("", _("Choose the kind of contact"))] + list(
            self.fields["kind"].choices
        )[1:]
        self.fields["summary"].error_messages["required"] = _("Write a short summary.")
        self.fields["on"].error_messages["invalid"] = _("Give a date, for example 1-3-2027.")
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("A contact moment cannot be in the future."))
        return on


class RoleForm(forms.Form):
    """A contact person (new or known) in a role at this partner."""

    person = forms.ModelChoiceField(
        label=_("Known contact person"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("A new person"),
    )
    name = forms.CharField(label=_("Name of a new person"), max_length=150, required=False)
    # What the contact person's column holds (a form allows 320).
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Role"), max_length=150, required=False)
    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Choose a known person or give the name of a new one."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class AssignmentForm(forms.ModelForm):
    manager = PersonChoiceField(queryset=User.objects.none(), label=_("Relationship manager"))

    class Meta:
        model = Assignment
        fields = ["manager", "level", "hours_per_week"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = people
        self.fields["manager"].empty_label = _("Choose a person")
        self.fields["level"].choices = [("", _("Choose a level"))] + list(
            self.fields["level"].choices
        )[1:]
        self.fields["hours_per_week"].min_value = 0.5
        self.fields["hours_per_week"].error_messages.update(
            {"min_value": _("Give the hours a week, at least half an hour.")}
        )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["organisation", "name", "target_days", "max_days"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.fields["organisation"].disabled = True

    def clean(self):
        cleaned = super().clean()
        target, maximum = cleaned.get("target_days"), cleaned.get("max_days")
        if target is not None and target < 1:
            self.add_error("target_days", _("A contact rhythm is at least one day."))
        if target and maximum is not None and maximum < target:
            self.add_error("max_days", _("The maximum cannot be shorter than the rhythm itself."))
        organisation, name = cleaned.get("organisation"), (cleaned.get("name") or "").strip()
        if organisation and name:
            taken = Category.objects.filter(organisation=organisation, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("This organisation already has a category by that name."))
        return cleaned


class PlanItemForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        empty_label=_("Choose a partner"),
        error_messages={"required": _("Choose the partner.")},
    )
    aim = forms.CharField(
        label=_("What you want to reach"),
        max_length=300,
        help_text=_("Short and concrete, for example: a fixed contact for discharges."),
        error_messages={"required": _("Say what you want to reach.")},
    )
    due_on = forms.DateField(
        label=_("By"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date by which you want to reach it."),
            "invalid": _("Give a date, for example 1-10-2027."),
        },
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
