from coalition import roles
from coalition.permissions import require_role

APP_ROLES = (roles.COORDINATOR, roles.RELATIONSHIP_MANAGER)


def can_use_app(user):
    """403 for signed-in users who do not work on relationship management."""
    require_role(user, *APP_ROLES)
