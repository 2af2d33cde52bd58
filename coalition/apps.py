from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CORE_MODELS_FOR_COORDINATORS = {
    "coalition": ["organisation", "team", "profile", "notification", "accesslogentry"],
    "auth": ["user"],
}


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import navigation, roles
        from .celery import ensure_broker_folders

        ensure_broker_folders()
        roles.grant_to_role(
            roles.COORDINATOR,
            *(
                f"{app}.{action}_{model}"
                for app, models in CORE_MODELS_FOR_COORDINATORS.items()
                for model in models
                for action in ("add", "change", "delete", "view")
            ),
        )
        # Reference data, not business logic: Django itself creates permissions this way.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="coalition.sync_role_groups")

        navigation.register(navigation.NavEntry("coalition:dashboard", _("Today"), order=0))
        navigation.register(
            navigation.NavEntry("coalition:organisation_list", _("Organisations"), order=90)
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:access_log", _("Access log"), roles=(roles.COORDINATOR,), order=95
            )
        )
