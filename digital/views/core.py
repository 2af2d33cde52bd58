from django.shortcuts import render

from coalition.permissions import is_coordinator
from coalition.roles import has_role

from ..permissions import CLIENT_ROLES, clients_visible_to, may_add_client


def index(request):
    """Every member of staff browses the menu; the clients part is for intake staff and
    care workers."""
    user = request.user
    works_with_clients = has_role(user, *CLIENT_ROLES)
    return render(
        request,
        "digital/index.html",
        {
            "works_with_clients": works_with_clients,
            "client_count": clients_visible_to(user).count() if works_with_clients else 0,
            "may_add_client": may_add_client(user),
            "is_coordinator": is_coordinator(user),
        },
    )
