from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from . import navigation, roles

        navigation.register(navigation.NavEntry("coalition:dashboard", _("Today"), order=0))
        navigation.register(
            navigation.NavEntry("coalition:organisation_list", _("Organisations"), order=90)
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:access_log", _("Access log"), roles=(roles.COORDINATOR,), order=95
            )
        )
