"""Form pieces every part uses to choose people."""

from django import forms
from django.contrib.auth import get_user_model


def person_label(user):
    """A person as others recognise them; the username tells two namesakes apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def people_of(organisations):
    """Active people who work for any of `organisations` (ids, objects or a queryset)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__organisations__in=organisations)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
