from datetime import timedelta

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, local_midnight


def _kind_choices():
    choices = []
    for kind in AccessLogEntry.RECORD_KINDS:
        try:
            label = apps.get_model(kind)._meta.verbose_name
        except LookupError:
            continue
        choices.append((kind, str(label).capitalize()))
    return choices


class AccessLogFilter(django_filters.FilterSet):
    """The access log by person, client, kind of record, action, outcome and period.

    Every filter compares a column as it is stored, so the indexes on (user, at), (client,
    at) and at serve it: a period is two local midnights, never a cast of `at` to a date."""

    username = django_filters.CharFilter(
        label=_("Person (user name)"), method="filter_person", max_length=150
    )
    client = django_filters.CharFilter(
        label=_("Client (client number or number in the app)"),
        method="filter_client",
        max_length=30,
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Kind of record"), choices=_kind_choices, empty_label=_("All")
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AccessLogEntry.Action.choices, empty_label=_("All")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=AccessLogEntry.Outcome.choices, empty_label=_("All")
    )
    since = django_filters.DateFilter(
        label=_("From"), method="filter_since", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("Until"), method="filter_until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AccessLogEntry
        fields = ["username", "client", "object_type", "action", "outcome", "since", "until"]

    def filter_person(self, queryset, name, value):
        """By the account's user name, in any case; an account that no longer exists by the
        user name the entries kept, exactly as written."""
        value = value.strip()
        if not value:
            return queryset
        ids = list(
            get_user_model()
            .objects.filter(username__iexact=value)
            .values_list("pk", flat=True)[:10]
        )
        if ids:
            return queryset.filter(user_id__in=ids)
        return queryset.filter(username=value)

    def filter_client(self, queryset, name, value):
        """By the client's number in the app, or by the client number their organisation
        uses (the same number at two organisations finds both)."""
        value = value.strip()
        if not value:
            return queryset
        ids = _client_ids(value)
        if value.isdigit():
            ids.append(int(value))
        return queryset.filter(client_id__in=ids)

    def filter_since(self, queryset, name, value):
        return queryset.filter(at__gte=local_midnight(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=local_midnight(value + timedelta(days=1)))


def _client_ids(number):
    """The ids of the clients with this client number. The client records belong to the
    digital part, which the core does not import: only their ids are read, by the model's
    name, never a record itself."""
    try:
        client_model = apps.get_model(AccessLogEntry.CLIENT_KIND)
    except LookupError:
        return []
    return list(
        client_model.objects.filter(number__iexact=number).values_list("pk", flat=True)[:20]
    )


class AccessReportMonthForm(forms.Form):
    """The month of the access log's report, as the browser's month field sends it."""

    maand = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as year and month, for example 2025-03.")},
    )

    def clean_maand(self):
        month = self.cleaned_data["maand"]
        if month > timezone.localdate():
            raise forms.ValidationError(_("Choose this month or an earlier one."))
        return month
