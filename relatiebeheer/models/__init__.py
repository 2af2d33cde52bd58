"""Relationship management: network partners and their categories with a contact rhythm,
contact persons with dated roles on three levels, the staff who keep each relationship,
contact moments, imports that can be undone, and the successes wall."""

from .meetings import (  # noqa: F401
    Attendance,
    Frequency,
    Meeting,
    MeetingSeries,
    Outcome,
    PartnerMerge,
    new_feed_token,
)
from .partners import (  # noqa: F401
    Assignment,
    Category,
    ContactKind,
    ContactMoment,
    ContactPerson,
    ContactRole,
    Health,
    ImportBatch,
    Level,
    Partner,
    PartnerQuerySet,
    Priority,
    Success,
    normalise_name,
)
from .plans import PlanItem  # noqa: F401
