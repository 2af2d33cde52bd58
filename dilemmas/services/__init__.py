"""What changes in moral deliberation, and who may see what afterwards.

Every function is keyword-only and atomic. The functions that change who may see a case
end with `sync_case_permissions`, which recomputes the guardian rows of that case from the
facts (author, status, team, sessions, working groups), so a grant from one source never
survives the loss of another and revoking one source never takes away another.
"""

from .access import (
    case_audience,
    group_save,
    member_add,
    member_problem,
    member_remove,
    member_request,
    pending_grants_of_group,
    sync_case_permissions,
    sync_cases_of_organisations,
)
from .cases import (
    case_close,
    case_save,
    case_set_themes,
    current_form_for,
    form_draft,
    form_draft_for,
    form_publish,
    latest_published,
)
from .consultations import (
    consultation_close,
    consultation_mark_held,
    consultation_pick_up,
    consultation_request,
    group_members_for_consultation,
    waiting_summary,
)
from .sessions import (
    FEEDBACK_MIN_ANSWERS,
    ReflectionStatus,
    feedback_overview,
    hidden_case_ids,
    reflection_status,
    reflection_statuses,
    reflection_target_set,
    session_feedback,
    session_problems,
    session_record_outcomes,
    session_save,
)
from .trainings import (
    CapacityError,
    EnrolmentClosed,
    TrainingDue,
    calendar_feed_for,
    enrol,
    record_attendance,
    training_session_save,
    training_type_save,
    trainings_due_for,
    unenrol,
)

__all__ = [
    "FEEDBACK_MIN_ANSWERS",
    "CapacityError",
    "EnrolmentClosed",
    "ReflectionStatus",
    "TrainingDue",
    "calendar_feed_for",
    "case_audience",
    "case_close",
    "case_save",
    "case_set_themes",
    "consultation_close",
    "consultation_mark_held",
    "consultation_pick_up",
    "consultation_request",
    "current_form_for",
    "enrol",
    "feedback_overview",
    "hidden_case_ids",
    "form_draft",
    "form_draft_for",
    "form_publish",
    "group_members_for_consultation",
    "group_save",
    "latest_published",
    "member_add",
    "member_problem",
    "member_remove",
    "member_request",
    "pending_grants_of_group",
    "record_attendance",
    "reflection_status",
    "reflection_statuses",
    "reflection_target_set",
    "session_feedback",
    "session_problems",
    "session_record_outcomes",
    "session_save",
    "sync_case_permissions",
    "sync_cases_of_organisations",
    "training_session_save",
    "training_type_save",
    "trainings_due_for",
    "unenrol",
    "waiting_summary",
]
