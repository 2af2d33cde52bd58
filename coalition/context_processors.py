from django.urls import resolve
from django.urls.exceptions import Resolver404

from . import help, navigation
from .models import Notification
from .roles import labels, role_names


def coalition(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current_view = _current_view(request)
    return {
        "nav_entries": navigation.entries_for(user, current_view),
        "unread_count": _unread_count(request, user),
        "user_roles": labels(role_names(user)),
        "show_admin": user.is_superuser,
        "help_url": help.url_for(current_view),
    }


def _current_view(request):
    """The "namespace:name" of the page: as the request was resolved, else resolved now (an
    error page)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _unread_count(request, user):
    """Counted by NotificationReadMiddleware when it ran for this page, else here."""
    counted = getattr(request, "unread_notification_count", None)
    if counted is not None:
        return counted
    return Notification.objects.unread_for(user).count()
