import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry


class AccessLogFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label=_("User"), lookup_expr="iexact")
    object_type = django_filters.ChoiceFilter(label=_("Kind of record"), empty_label=_("All"))
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=AccessLogEntry.Outcome.choices, empty_label=_("All")
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AccessLogEntry
        fields = ["username", "object_type", "outcome", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = (
            AccessLogEntry.objects.order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        self.filters["object_type"].extra["choices"] = [(t, t) for t in types]
