"""Digital inclusion: the menu of digital services, personas, clients and their intakes.

Clients are confidential: who may see one is kept as a guardian object permission on the
client's organisation, granted by the services package only."""

from .clients import (  # noqa: F401
    Client,
    Devices,
    HelpAtHome,
    Intake,
    Internet,
)
from .menu import Service, ServiceFeedback, ServiceQuerySet, ServiceText, Verdict  # noqa: F401
from .personas import Persona  # noqa: F401
from .plans import STRIKES, Attempt, Goal, GoalStatus  # noqa: F401
from .rewards import Achievement, Audience, Champion, ClientBadge, StaffBadge  # noqa: F401
from .vocabulary import (  # noqa: F401
    DIGCOMP_LEVELS,
    Band,
    Language,
    SkillArea,
    SkillStatement,
    TargetGroup,
    band_of_level,
)
