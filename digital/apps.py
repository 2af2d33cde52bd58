from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "digital"
    verbose_name = _("Digital services")

    def ready(self):
        from coalition import dashboard, navigation

        from . import signals  # noqa: F401
        from .dashboard import dashboard_items

        # The menu is for all staff; client records only for intake staff and care workers.
        navigation.register(
            navigation.NavEntry("digital:index", _("Digital services"), roles=None, order=40)
        )
        dashboard.register(dashboard_items)
