"""Views of moral deliberation, one module per area; urls.py refers to them here."""

from .cases import (  # noqa: F401
    case_close,
    case_create,
    case_detail,
    case_edit,
    case_export,
    case_history,
    case_list,
    case_themes,
)
from .consultations import (  # noqa: F401
    consultation_close,
    consultation_create,
    consultation_detail,
    consultation_held,
    consultation_history,
    consultation_list,
    consultation_pick_up,
    consultation_withdraw,
)
from .groups import (  # noqa: F401
    feedback_overview,
    form_edit,
    form_publish,
    form_version_detail,
    group_create,
    group_detail,
    group_edit,
    group_history,
    group_list,
    index,
    member_add,
    member_remove,
    theme_add,
)
from .sessions import (  # noqa: F401
    reflection,
    reflection_target,
    session_create,
    session_detail,
    session_edit,
    session_feedback,
    session_history,
    session_list,
    session_outcomes,
)
from .trainings import (  # noqa: F401
    calendar_feed,
    calendar_page,
    calendar_reset,
    team_training_status,
    training_attendance,
    training_due_export,
    training_enrol,
    training_list,
    training_session_create,
    training_session_detail,
    training_team_enrol,
    training_type_create,
    training_type_edit,
    training_unenrol,
)
