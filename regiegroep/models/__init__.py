"""The permanent steering group: vision, mandate, seats, circles, decision framework,
scenarios, crises with decisions, lessons learned and the published playbook."""

from .crises import (  # noqa: F401
    Communication,
    Crisis,
    CrisisEvent,
    Decision,
    DecisionQuerySet,
)
from .framework import (  # noqa: F401
    Lesson,
    Principle,
)
from .groups import (  # noqa: F401
    Domain,
    OrganisationInterest,
    Priority,
    PriorityGoal,
    Scope,
    SteeringGroup,
    SteeringGroupGroupObjectPermission,
    SteeringGroupUserObjectPermission,
)
from .members import (  # noqa: F401
    DATES_IN_ORDER,
    Circle,
    Seat,
    SeatQuerySet,
    Stakeholder,
)
from .playbooks import (  # noqa: F401
    PlaybookPdf,
    PlaybookVersion,
    playbook_upload_to,
)
from .scenarios import (  # noqa: F401
    SCALE,
    Moment,
    Risk,
    Scenario,
    Step,
)
