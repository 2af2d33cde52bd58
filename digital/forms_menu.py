"""Forms of the menu (menukaart). The rules that must hold whoever saves (a required analog
alternative, a unique name, the provider a member of staff may choose) live in
services.menu; these forms check the shape of the input and say early what will be refused.
"""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisation
from coalition.permissions import is_coordinator, user_organisation_ids

from .models import Band, Language, Service, ServiceText, TargetGroup, Verdict


class ServiceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    level = forms.TypedChoiceField(
        label=_("Level it needs"),
        choices=[("", _("All")), *Band.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    retired = forms.BooleanField(label=_("Show retired services"), required=False)

    def __init__(self, *args, may_manage=False, target_groups=None, languages=None, **kwargs):
        """`target_groups` and `languages`: all of them, when the page has read them
        already (the choices then cost no query; a chosen value is still checked)."""
        super().__init__(*args, **kwargs)
        if not may_manage:
            del self.fields["retired"]
        for name, items in (("target_group", target_groups), ("language", languages)):
            if items is not None:
                field = self.fields[name]
                key = field.to_field_name or "pk"
                field.choices = [
                    ("", field.empty_label),
                    *((getattr(item, key), field.label_from_instance(item)) for item in items),
                ]

    def filter(self, services):
        """The services that match; an invalid filter shows the current services."""
        data = self.cleaned_data if self.is_valid() else {}
        if not data.get("retired"):
            services = services.current()
        if data.get("q"):
            q = data["q"]
            services = services.filter(
                Q(name__icontains=q)
                | Q(description__icontains=q)
                | Q(provider__name__icontains=q)
                | Q(provider_name__icontains=q)
            )
        if data.get("target_group"):
            services = services.filter(target_groups=data["target_group"])
        if data.get("language"):
            services = services.filter(languages=data["language"])
        if data.get("level"):
            services = services.filter(level=data["level"])
        return services


def _https_urls(field, **kwargs):
    """Link fields assume https when the scheme is left out (and say so to Django 6)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ServiceForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("The page where a client starts, beginning with https://."),
        error_messages={"invalid": _("Enter a full web address, starting with https://.")},
    )

    class Meta:
        model = Service
        formfield_callback = _https_urls
        fields = [
            "name",
            "provider",
            "provider_name",
            "description",
            "url",
            "level",
            "analog_alternative",
            "target_groups",
            "languages",
            "statements",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "analog_alternative": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "statements": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "description": _("In Dutch, in plain words: what the service does for a client."),
            "statements": _("The “Ik kan…” statements this service helps a client with."),
        }
        error_messages = {
            "name": {
                "required": _("Give the service a name."),
                "unique": _("There is already a service with this name."),
            },
            "description": {"required": _("Say in a few words what the service is.")},
            "analog_alternative": {
                "required": _(
                    "Describe what a client can do without a screen: every service needs an "
                    "analog alternative."
                )
            },
            "target_groups": {"required": _("Choose at least one target group.")},
            "languages": {"required": _("Choose at least one language.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        if is_coordinator(user):
            provider.queryset = Organisation.objects.order_by("name")
            provider.empty_label = _("A partner outside the coalition")
            provider.help_text = _("Leave empty for a partner outside the coalition.")
        else:
            # Staff keep the services of their own organisation, and only those.
            provider.queryset = Organisation.objects.filter(
                pk__in=user_organisation_ids(user)
            ).order_by("name")
            provider.required = True
            provider.empty_label = None
            provider.error_messages["required"] = _(
                "Choose the organisation you work for that provides this service."
            )
            del self.fields["provider_name"]


class ServiceTextForm(forms.ModelForm):
    class Meta:
        model = ServiceText
        fields = ["language", "target_group", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("What the client reads first, in the client's language."),
            "text": _("Short sentences and everyday words: what it is and how to start."),
        }
        error_messages = {
            "language": {"required": _("Choose the language of the text.")},
            "title": {"required": _("Give the text a title.")},
            "text": {"required": _("Write the text.")},
        }

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = service.languages.order_by("name")
        self.fields["target_group"].queryset = service.target_groups.order_by("name")
        self.fields["target_group"].empty_label = _("Every target group")


class FeedbackForm(forms.Form):
    """One click: the verdict is the button pressed; the comment is optional."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=Verdict.choices,
        error_messages={
            "required": _("Choose one of the answers."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What worked, what was hard? No names or other details of clients."),
    )


class MenuChoiceForm(forms.Form):
    """Which menu to show a client: one target group in one language. The Dutch field names
    are the query string (?doelgroep=<id>&taal=<code>) staff share and bookmark."""

    doelgroep = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        empty_label=_("Choose a target group"),
        error_messages={
            "required": _("Choose a target group."),
            "invalid_choice": _("Choose a target group from the list."),
        },
    )
    taal = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        to_field_name="code",
        empty_label=_("Choose a language"),
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose a language from the list."),
        },
    )
