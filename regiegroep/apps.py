from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegiegroepConfig(AppConfig):
    name = "regiegroep"
    verbose_name = _("Steering group")

    def ready(self):
        from coalition import dashboard, navigation

        from .dashboard import steering_items

        navigation.register(
            navigation.NavEntry("regiegroep:index", _("Steering group"), roles=None, order=20)
        )
        dashboard.register(steering_items)
