"""Form pieces every part uses to choose people, and the core's own forms."""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Prefetch
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Profile, Team
from .names import fold, full_name, sort_key
from .roles import ROLE_LABELS

# static/js/pickers.js puts a filter box above a long list of people with this class.
PICKER_CLASS = "people-picker"


def with_organisations(people):
    """`people` with their organisations at hand: two queries however many people."""
    return people.select_related("profile").prefetch_related(
        Prefetch(
            "profile__organisations",
            queryset=Organisation.objects.order_by("name"),
            to_attr="organisations_listed",
        )
    )


def organisation_names(user):
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    organisations = getattr(profile, "organisations_listed", None)
    if organisations is None:
        organisations = profile.organisations.order_by("name")
    return [organisation.name for organisation in organisations]


def person_label(user, *, with_username=False):
    """A person as others recognise them: "Jan de Vries (Het Zonnehuis)". The username only
    tells two namesakes apart."""
    label = full_name(user)
    organisations = ", ".join(organisation_names(user))
    if organisations:
        label = f"{label} ({organisations})"
    if with_username and user.get_full_name():
        label = f"{label} – {user.get_username()}"
    return label


class PeopleIterator(ModelChoiceIterator):
    """People in the order of a Dutch address book ("Jan de Vries" under V), each with their
    organisations. The lists are per organisation or team, so sorting the evaluated queryset
    here is cheap, and the query count stays the same however long the list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        people = sorted(with_organisations(self.queryset), key=sort_key)
        names = Counter(fold(person.get_full_name()) for person in people)
        for person in people:
            namesake = names[fold(person.get_full_name())] > 1
            yield (
                ModelChoiceIteratorValue(self.field.prepare_value(person), person),
                person_label(person, with_username=namesake),
            )


class _PeoplePicker:
    iterator = PeopleIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        classes = self.widget.attrs.get("class", "").split()
        self.widget.attrs["class"] = " ".join([*classes, PICKER_CLASS])

    def label_from_instance(self, obj):
        return person_label(obj)


class PersonChoiceField(_PeoplePicker, forms.ModelChoiceField):
    """One person; the choices in address-book order, labelled with organisation."""


class PeopleChoiceField(_PeoplePicker, forms.ModelMultipleChoiceField):
    """Several people; the choices in address-book order, labelled with organisation."""


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def people_of(organisations):
    """Active people who work for any of `organisations` (ids, objects or a queryset)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__organisations__in=organisations)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- People, organisations and teams (coordinators) ---


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class PersonAccessFields(forms.Form):
    """Roles, organisations and teams: what opens records, under the access rule."""

    role_names = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(role, label) for role, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Team lead, intake staff and care worker open confidential records: giving one "
            "waits until a second person of the organisation confirms."
        ),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    teams = TeamChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A team also makes the person work for its organisation."),
    )
    note = forms.CharField(
        label=_("Why (for whoever confirms)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: new team lead of Wonen De Pijp from 1 March."),
    )

    def _setup_access(self, *, can_change_access):
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["teams"].queryset = Team.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        )
        if not can_change_access:
            for name in ("role_names", "organisations", "teams", "note"):
                self.fields[name].disabled = True
            self.fields["role_names"].help_text = _(
                "Nobody changes their own roles, teams or organisations: ask another coordinator."
            )


class PersonCreateForm(PersonAccessFields):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only; the person logs in with it."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,  # what the account's column holds (a form allows 320)
        help_text=_("The person gets an invitation here to choose their own password."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    field_order = ["username", "first_name", "last_name", "email", "job_title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_access(can_change_access=True)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        validator = UnicodeUsernameValidator()
        try:
            validator(username)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Use only letters, digits and . @ + - _ in a user name.")
            ) from None
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken. Choose another."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Someone already has this e-mail address. Look them up in the list.")
            )
        return email


class PersonEditForm(PersonAccessFields):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    is_active = forms.BooleanField(
        label=_("Can log in"),
        required=False,
        help_text=_("Take this away when someone leaves; their history stays."),
    )
    field_order = ["first_name", "last_name", "job_title", "is_active"]

    def __init__(self, *args, person, can_change_access, **kwargs):
        profile = getattr(person, "profile", None)
        kwargs.setdefault(
            "initial",
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "job_title": profile.job_title if profile else "",
                "is_active": person.is_active,
                "role_names": list(person.groups.values_list("name", flat=True)),
                "organisations": list(profile.organisations.all()) if profile else [],
                "teams": list(profile.teams.all()) if profile else [],
            },
        )
        super().__init__(*args, **kwargs)
        self._setup_access(can_change_access=can_change_access)
        if not can_change_access:
            self.fields["is_active"].disabled = True


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, user name or e-mail"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All"))] + list(ROLE_LABELS.items()), required=False
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "region"]
        error_messages = {"name": {"unique": _("An organisation with this name exists already.")}}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Team.objects.filter(organisation=self.organisation, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organisation already has a team by that name."))
        return name


class GrantRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you refuse?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person who asked reads this."),
        error_messages={"required": _("Say briefly why, so the person who asked knows.")},
    )


class ProfileForm(forms.Form):
    """A person's own details and preferences (the profile page)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,  # what the account's column holds (a form allows 320)
        error_messages={"invalid": _("Enter an e-mail address like name@organisation.nl.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        # Each language in its own name, as the switch at the top shows them.
        choices=[(code, get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES],
        widget=forms.RadioSelect,
        help_text=_("Applies each time you log in; the switch at the top changes it for now."),
    )
    notification_mail = forms.ChoiceField(
        label=_("Notifications"),
        choices=Profile.NotificationMail.choices,
        widget=forms.RadioSelect,
        help_text=_("You always see your notifications in the app."),
    )

    def __init__(self, *args, user, **kwargs):
        profile = getattr(user, "profile", None)
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "language": (profile and profile.language) or translation.get_language(),
                "notification_mail": profile.notification_mail
                if profile
                else Profile.NotificationMail.INSTANT,
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        taken = get_user_model().objects.filter(email__iexact=email).exclude(pk=self.user.pk)
        if taken.exists():
            raise forms.ValidationError(_("Someone else already uses this e-mail address."))
        return email
