from coalition import roles
from coalition.permissions import require_role

APP_ROLES = (roles.COORDINATOR, roles.INTAKE_STAFF, roles.CARE_WORKER)


def can_use_app(user):
    """403 for signed-in users whose roles have no business with client records."""
    require_role(user, *APP_ROLES)
