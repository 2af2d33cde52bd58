from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "digital"
    verbose_name = _("Digital services")

    def ready(self):
        from coalition import access, choices, dashboard, navigation, privacy, search, sight

        from . import search as app_search
        from .dashboard import dashboard_items
        from .privacy import CLIENT, CLIENT_RETENTION, INTAKE_RETENTION
        from .services.access import CLIENT_SIGHT, client_count_of

        # Labels of choices without Django's cost per call (coalition.choices).
        choices.quicken(self.get_models())

        # Intake staff and care workers see the clients of the organisations they work for.
        sight.register(CLIENT_SIGHT)
        # An organisation with clients is not "new": no superuser confirms for it.
        access.register_record_counter(client_count_of)
        # Clients may ask for a copy or erasure of their data; old client data is anonymised.
        privacy.register_subject(CLIENT)
        privacy.register_retention(CLIENT_RETENTION)
        privacy.register_retention(INTAKE_RETENTION)

        # The menu is for all staff; client records only for intake staff and care workers.
        navigation.register(
            navigation.NavEntry("digital:index", _("Digital services"), roles=None, order=40)
        )
        dashboard.register(dashboard_items)
        for provider in app_search.providers():
            search.register(provider)
