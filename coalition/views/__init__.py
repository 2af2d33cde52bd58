"""Views of the core, one module per area; urls.py refers to them here."""

from .access import (  # noqa: F401
    grant_confirm,
    grant_detail,
    grant_list,
    grant_reject,
    grant_withdraw,
    organisation_grants,
)
from .access_log import access_log, access_log_export, access_log_report  # noqa: F401
from .core import (  # noqa: F401
    dashboard_view,
    healthz,
    notification_list,
    notification_mark_read,
    organisation_detail,
    organisation_history,
    organisation_list,
    safe_next,
)
from .help import help_page  # noqa: F401
from .organisations import (  # noqa: F401
    organisation_create,
    organisation_edit,
    team_create,
    team_delete,
    team_edit,
)
from .people import (  # noqa: F401
    person_create,
    person_detail,
    person_edit,
    person_export,
    person_history,
    person_invite,
    person_list,
    person_unlock,
)
from .privacy import (  # noqa: F401
    my_data,
    my_data_pdf_ask,
    privacy_request_create,
    privacy_request_detail,
    privacy_request_download,
    privacy_request_list,
)
from .profile import LoginView, profile  # noqa: F401
from .search import search_view  # noqa: F401
