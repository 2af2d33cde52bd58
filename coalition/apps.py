from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import access, dashboard, navigation, roles, sight  # noqa: F401 (sight: receivers)
        from .celery import ensure_broker_folders

        ensure_broker_folders()
        # Reference data, not business logic: Django itself creates permissions this way.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="coalition.sync_role_groups")

        navigation.register(navigation.NavEntry("coalition:dashboard", _("Today"), order=0))
        navigation.register(
            navigation.NavEntry("coalition:organisation_list", _("Organisations"), order=90)
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:person_list", _("People"), roles=(roles.COORDINATOR,), order=92
            )
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:grant_list",
                _("Access requests"),
                roles=(roles.COORDINATOR, roles.TEAM_LEAD, roles.WORKING_GROUP_MEMBER),
                order=94,
            )
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:access_log", _("Access log"), roles=(roles.COORDINATOR,), order=95
            )
        )
        dashboard.register(access.dashboard_items)
