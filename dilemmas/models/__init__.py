"""Moral deliberation: the working group, its case form, confidential dilemma cases,
supervision sessions, trainings and consultations.

Who may see a dilemma case is kept in guardian's object-permission tables (direct foreign
keys, next to the case); the services package is the only code that changes them.
"""

from .case_forms import (  # noqa: F401
    CaseFormVersion,
    CaseQuestion,
)
from .cases import (  # noqa: F401
    CaseGroupObjectPermission,
    CaseStatus,
    CaseUserObjectPermission,
    DilemmaCase,
)
from .consultations import (  # noqa: F401
    FINISHED,
    WITHDRAWABLE,
    Consultation,
    ConsultationQuerySet,
    ConsultationStatus,
    Urgency,
)
from .dates import (  # noqa: F401
    add_months,
    add_working_days,
)
from .groups import (  # noqa: F401
    REQUIRED_PERSPECTIVES,
    Perspective,
    Theme,
    WorkingGroup,
    WorkingGroupMember,
    WorkingGroupQuerySet,
)
from .sessions import (  # noqa: F401
    FeltLessAlone,
    ReflectionKind,
    SessionCase,
    SessionFeedback,
    SessionKind,
    SessionRespondent,
    SupervisionSession,
    SupervisionSessionQuerySet,
    TeamReflectionTarget,
)
from .trainings import (  # noqa: F401
    Audience,
    CalendarFeed,
    Enrolment,
    FacilitatorKind,
    TrainingSession,
    TrainingType,
)
