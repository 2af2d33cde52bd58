from django.urls import resolve
from django.urls.exceptions import Resolver404

from . import navigation
from .models import Notification
from .roles import ROLE_LABELS, role_names


def coalition(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        current_view = resolve(request.path_info).view_name
    except Resolver404:
        current_view = ""
    return {
        "nav_entries": navigation.entries_for(user, current_view),
        "unread_count": Notification.objects.unread_for(user).count(),
        "user_roles": [ROLE_LABELS[r] for r in ROLE_LABELS if r in role_names(user)],
        "show_admin": user.is_superuser,
    }
