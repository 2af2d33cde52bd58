from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DilemmasConfig(AppConfig):
    name = "dilemmas"
    verbose_name = _("Moral dilemmas")

    def ready(self):
        from coalition import dashboard, navigation

        from . import signals  # noqa: F401
        from .dashboard import dashboard_items

        navigation.register(
            navigation.NavEntry("dilemmas:index", _("Moral dilemmas"), roles=None, order=30)
        )
        dashboard.register(dashboard_items)
