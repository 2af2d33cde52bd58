from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegiegroepConfig(AppConfig):
    name = "regiegroep"
    verbose_name = _("Steering group")

    def ready(self):
        from coalition import choices, dashboard, navigation, roles, search

        from . import search as app_search
        from .dashboard import steering_items

        # Labels of choices without Django's cost per call (coalition.choices).
        choices.quicken(self.get_models())

        # Coordinators create steering groups, see all of them, and manage seats and
        # circles; editing a group's content is for its steering members, per group.
        roles.grant_to_role(
            roles.COORDINATOR,
            "regiegroep.add_steeringgroup",
            "regiegroep.view_steeringgroup",
            "regiegroep.manage_steeringgroup",
        )

        navigation.register(
            navigation.NavEntry("regiegroep:index", _("Steering group"), roles=None, order=20)
        )
        dashboard.register(steering_items)
        for provider in app_search.providers():
            search.register(provider)
