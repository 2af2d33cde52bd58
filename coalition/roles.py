"""The roles of the product, each a Django group created by a data migration.

Group names are stable identifiers; the labels are what users read.
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinator"
STEERING_MEMBER = "steering_member"
WORKING_GROUP_MEMBER = "working_group_member"
TEAM_LEAD = "team_lead"
EMPLOYEE = "employee"
INTAKE_STAFF = "intake_staff"
CARE_WORKER = "care_worker"
RELATIONSHIP_MANAGER = "relationship_manager"

ROLE_LABELS = {
    COORDINATOR: _("Coordinator"),
    STEERING_MEMBER: _("Steering group member"),
    WORKING_GROUP_MEMBER: _("Moral deliberation working group member"),
    TEAM_LEAD: _("Team lead"),
    EMPLOYEE: _("Employee"),
    INTAKE_STAFF: _("Intake staff"),
    CARE_WORKER: _("Care worker"),
    RELATIONSHIP_MANAGER: _("Relationship manager"),
}

ALL_ROLES = tuple(ROLE_LABELS)


def role_names(user):
    """The role names of a user, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_coalition_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._coalition_roles = cached
    return cached


def has_role(user, *roles):
    return bool(role_names(user).intersection(roles))
