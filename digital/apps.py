from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "digital"
    verbose_name = _("Digital services")

    def ready(self):
        from coalition import navigation

        from .permissions import APP_ROLES

        navigation.register(
            navigation.NavEntry("digital:index", _("Digital services"), roles=APP_ROLES, order=40)
        )
