from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from django.db.models.signals import post_migrate

        # sight: its receivers; sweeps: its beat tasks, registered with Celery on import.
        from . import access, dashboard, navigation, roles, sight, sweeps  # noqa: F401
        from .celery import ensure_broker_folders

        # A staff member as a subject of privacy requests, and the requests' access kind.
        from .privacy import own_copy, person, requests  # noqa: F401

        ensure_broker_folders()
        # Labels of choices without Django's cost per call (coalition.choices).
        from . import choices

        choices.quicken(self.get_models())
        # Reference data, not business logic: Django itself creates permissions this way.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="coalition.sync_role_groups")
        from .permissions import forget_permission_ids

        post_migrate.connect(forget_permission_ids, dispatch_uid="coalition.permission_ids")
        # Deleting an object takes its generic guardian rows with it, in the same transaction.
        from . import orphans

        orphans.connect()
        # Every way of logging in starts the idle clock and the second step (coalition.accounts).
        from django.contrib.auth.signals import user_logged_in

        from .accounts import start_session

        user_logged_in.connect(start_session, dispatch_uid="coalition.accounts.start_session")

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
                "coalition:access_log",
                _("Access log"),
                roles=(roles.COORDINATOR, roles.PRIVACY_OFFICER),
                order=95,
            )
        )
        navigation.register(
            navigation.NavEntry(
                "coalition:privacy_request_list",
                _("Privacy requests"),
                roles=(roles.PRIVACY_OFFICER,),
                order=96,
            )
        )
        dashboard.register(access.dashboard_items)
