"""What changes in moral deliberation, and who may see what afterwards.

Every function that changes something runs in one transaction (`transaction.atomic`) and
takes keyword arguments only, except the two building blocks `sync_case_permissions(case)`
and `sync_cases_of_organisations(organisation_ids)`, which are atomic too, and the lock
`lock_group(group_id)`, which holds only inside its caller's transaction. Functions that
only read (what a case's audience is, what is due, what a session may hold) take plain
arguments. The rules live here, whoever calls: a refusal is a ValidationError (its message
is meant for the person, by field where there is one) or, for someone who may not act at
all, PermissionDenied from the same predicates the views ask (dilemmas.permissions).

The functions that change who may see a case end with `sync_case_permissions`, which
recomputes the guardian rows of that case from the facts (author, status, team, sessions,
working groups), so a grant from one source never survives the loss of another and
revoking one source never takes away another.
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
    case_readers,
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
    consultation_withdraw,
    group_members_for_consultation,
    members_for_consultations,
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
    "case_readers",
    "case_save",
    "case_set_themes",
    "consultation_close",
    "consultation_mark_held",
    "consultation_pick_up",
    "consultation_request",
    "consultation_withdraw",
    "current_form_for",
    "enrol",
    "feedback_overview",
    "hidden_case_ids",
    "form_draft",
    "form_draft_for",
    "form_publish",
    "group_members_for_consultation",
    "members_for_consultations",
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
