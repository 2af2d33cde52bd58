from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatiebeheerConfig(AppConfig):
    name = "relatiebeheer"
    verbose_name = _("Relationship management")

    def ready(self):
        from coalition import choices, dashboard, navigation, search, sight

        from . import search as app_search
        from .dashboard import dashboard_items
        from .permissions import APP_ROLES, PARTNER_SIGHT

        # Labels of choices without Django's cost per call (coalition.choices).
        choices.quicken(self.get_models())

        # Relationship managers see and keep the partners of the organisations they work for.
        sight.register(PARTNER_SIGHT)

        navigation.register(
            navigation.NavEntry(
                "relatiebeheer:index", _("Relationship management"), roles=APP_ROLES, order=50
            )
        )
        dashboard.register(dashboard_items)
        for provider in app_search.providers():
            search.register(provider)
