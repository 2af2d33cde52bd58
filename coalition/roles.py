"""The roles of the product, each a Django group created by a data migration.

Group names are stable identifiers; the labels are what users read.
"""

from django.utils.translation import gettext_lazy as _

from . import facts

COORDINATOR = "coordinator"
STEERING_MEMBER = "steering_member"
WORKING_GROUP_MEMBER = "working_group_member"
TEAM_LEAD = "team_lead"
EMPLOYEE = "employee"
INTAKE_STAFF = "intake_staff"
CARE_WORKER = "care_worker"
RELATIONSHIP_MANAGER = "relationship_manager"
# Reads the access log and its monthly report: never a record itself (it widens no sight, so
# it is given like any role that opens nothing confidential).
PRIVACY_OFFICER = "privacy_officer"

ROLE_LABELS = {
    COORDINATOR: _("Coordinator"),
    STEERING_MEMBER: _("Steering group member"),
    WORKING_GROUP_MEMBER: _("Moral deliberation working group member"),
    TEAM_LEAD: _("Team lead"),
    EMPLOYEE: _("Employee"),
    INTAKE_STAFF: _("Intake staff"),
    CARE_WORKER: _("Care worker"),
    RELATIONSHIP_MANAGER: _("Relationship manager"),
    PRIVACY_OFFICER: _("Privacy officer"),
}

ALL_ROLES = tuple(ROLE_LABELS)


def labels(names):
    """The labels of these role names, in the order the app lists roles."""
    return [label for role, label in ROLE_LABELS.items() if role in names]


def role_names(user):
    """The role names of a user, read once per request with what else the app knows of
    them (coalition.facts)."""
    if not user.is_authenticated:
        return frozenset()
    return facts.fact(user, facts.ROLES)


def has_role(user, *roles):
    return bool(role_names(user).intersection(roles))


# Model permissions each role holds, as "app_label.codename". Apps add theirs in
# AppConfig.ready() with `grant_to_role`; `sync_role_groups` makes the database match after
# every migrate (and after a test flush, which empties the groups the data migration made).
ROLE_PERMISSIONS = {role: set() for role in ALL_ROLES}


def grant_to_role(role, *permissions):
    ROLE_PERMISSIONS[role].update(permissions)


def sync_role_groups(**kwargs):
    """Create the role groups and give each exactly the permissions registered for it: a
    permission taken out of the code is taken from the role too."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    using = kwargs.get("using", "default")
    for role, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        if not permissions:
            group.permissions.clear()
            continue
        query = Q()
        for permission in permissions:
            app_label, codename = permission.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.using(using).filter(query))
