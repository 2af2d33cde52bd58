"""Operations of the steering group that write several rows or have side effects.

Every function that changes something is keyword-only and runs in one transaction; it
refuses with a `ValidationError` (keyed to the form field when there is one) whatever breaks
a rule, whoever calls it. The `ensure_*` functions are those refusals on their own, for a
page that should not offer what the service would refuse. What the background tasks do
lives in `regiegroep.jobs`, with its own transactions, and is re-exported here.
"""

from ..jobs import playbook_pdf_render, send_review_reminders, sync_member_permissions
from ..playbook import playbook_pdf_html
from .content import (
    interest_save,
    lesson_save,
    principle_delete,
    principle_save,
    priority_delete,
    priority_move,
    priority_save,
    risk_delete,
    risk_save,
    scenario_copy,
    scenario_create,
    scenario_save,
    step_delete,
    step_move,
    step_save,
    vision_save,
)
from .crises import (
    crisis_close,
    crisis_event_save,
    crisis_save,
    decision_communicate,
    decision_publish,
    decision_save,
    decision_supersede,
    ensure_draft,
    ensure_events_allowed,
    ensure_open,
)
from .groups import (
    group_save,
    seat_end,
    seat_save,
    stakeholder_delete,
    stakeholder_save,
)
from .playbook import (
    playbook_pdf_for_download,
    playbook_pdf_language,
    playbook_pdf_request,
    playbook_publish,
)

__all__ = [
    "crisis_close",
    "crisis_event_save",
    "crisis_save",
    "decision_communicate",
    "decision_publish",
    "decision_save",
    "decision_supersede",
    "ensure_draft",
    "ensure_events_allowed",
    "ensure_open",
    "group_save",
    "interest_save",
    "lesson_save",
    "playbook_pdf_for_download",
    "playbook_pdf_html",
    "playbook_pdf_language",
    "playbook_pdf_render",
    "playbook_pdf_request",
    "playbook_publish",
    "principle_delete",
    "principle_save",
    "priority_delete",
    "priority_move",
    "priority_save",
    "risk_delete",
    "risk_save",
    "scenario_copy",
    "scenario_create",
    "scenario_save",
    "send_review_reminders",
    "seat_end",
    "seat_save",
    "stakeholder_delete",
    "stakeholder_save",
    "step_delete",
    "step_move",
    "step_save",
    "sync_member_permissions",
    "vision_save",
]
