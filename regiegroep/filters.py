import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Decision, Domain


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Decision.Status.choices, empty_label=_("All")
    )
    domain = django_filters.ChoiceFilter(
        label=_("Domain"), choices=Domain.choices, empty_label=_("All")
    )

    class Meta:
        model = Decision
        fields = ["status", "domain"]

    def __init__(self, *args, show_status=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_status:
            # Readers only see published decisions: a status filter would offer nothing.
            del self.filters["status"]
