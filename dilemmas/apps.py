from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DilemmasConfig(AppConfig):
    name = "dilemmas"
    verbose_name = _("Moral dilemmas")

    def ready(self):
        from coalition import access, choices, dashboard, navigation, privacy, search

        from . import search as app_search
        from . import signals  # noqa: F401
        from .dashboard import dashboard_items
        from .privacy import CASE_RETENTION, CONSULTATION_RETENTION, PERSON_PART
        from .services.access import CONFIRMERS, GRANT_KINDS, case_count_of

        # Labels of choices without Django's cost per call (coalition.choices).
        choices.quicken(self.get_models())

        for kind in GRANT_KINDS:
            access.register_kind(kind)
        access.register_confirmers(CONFIRMERS)
        access.register_record_counter(case_count_of)
        # Old cases and requests are anonymised; erasing a person empties their requests.
        privacy.register_retention(CASE_RETENTION)
        privacy.register_retention(CONSULTATION_RETENTION)
        privacy.register_person_part(PERSON_PART)

        navigation.register(
            navigation.NavEntry("dilemmas:index", _("Moral dilemmas"), roles=None, order=30)
        )
        dashboard.register(dashboard_items)
        for provider in app_search.providers():
            search.register(provider)
