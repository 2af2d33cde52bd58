"""The threat model uses the small coalition of moral deliberation."""

from tests.dilemmas.conftest import (  # noqa: F401
    _rows_from_data_migrations,
    case,
    colleague,
    foreign_group_member,
    group,
    make_case,
    other_team,
    other_team_lead,
    session_with_case,
)
