"""The access rule, in one place.

    No account can, alone, give itself or an account it controls sight of confidential
    cases or client data.

Sight of confidential records comes from facts: a role (team lead, intake staff, care
worker), a team, an organisation, a working-group membership, a working group's
organisations. A change of such a fact that *widens* someone's sight is never applied on the
word of the person who asks for it. It becomes an `AccessGrant` naming every organisation
whose records would become visible. A second person of each of those organisations (one of
its confirmers, see `confirmers_of`) who is neither the requester nor someone who gains sight
confirms it, and only then is the change applied. A change that narrows sight applies at
once. Requests, confirmations and refusals are kept in history and listed on each
organisation's access page, which its team leads and other confirmers see.

A session's participants widen nobody's sight on their own: a case shows in a session only
because its author chose that session's team (dilemmas.services.access.case_audience).

Coordinators run the coalition (people, organisations, roles) but never confirm a request
and never see confidential records; superusers neither, through the app. When an
organisation has no confirmer yet (a new organisation), a superuser confirms in its place:
that is the one bootstrap, and it is recorded like any other confirmation.

Apps take part through registries, filled in their AppConfig.ready():
- `register_kind(GrantKind(...))`: a kind of change that widens sight (what it means, which
  organisations confirm, who gains sight, how to apply it);
- `register_confirmers(ConfirmerSource(...))`: who may confirm for an organisation, and for
  which organisations a person may confirm;
- `register_record_counter(fn)`: fn(organisation_id) -> how many confidential records the
  organisation holds (one that holds any is never confirmed for by a superuser).

Modules: registry (the registries, describing requests), confirmers (who never sees, who
confirms), decisions (request, confirm, refuse, withdraw), kinds (the core's kinds: a role,
a team, an organisation), visibility (who sees which requests, the dashboard). Import from
the package: `from coalition import access; access.grant_request(...)`.
"""

from .confirmers import (
    confirmer_organisation_ids,
    confirmers_of,
    eligible_confirmers,
    holds_records,
    is_sight_excluded,
    may_confirm,
    may_decide,
    recently_granted_ids,
    request_details,
    sight_excluded_ids,
)
from .decisions import (
    GrantError,
    grant_confirm,
    grant_reject,
    grant_request,
    grant_withdraw,
    lock_person,
)
from .kinds import SIGHT_ROLES, person_name
from .registry import (
    ConfirmerSource,
    GrantKind,
    describe,
    describe_all,
    kind_of,
    preload,
    preloaded,
    register_confirmers,
    register_kind,
    register_record_counter,
    warning,
)
from .visibility import (
    WAITING,
    dashboard_items,
    grants_to_confirm,
    grants_visible_to,
    may_view_organisation_grants,
)

__all__ = [
    "SIGHT_ROLES",
    "WAITING",
    "ConfirmerSource",
    "GrantError",
    "GrantKind",
    "confirmer_organisation_ids",
    "confirmers_of",
    "dashboard_items",
    "describe",
    "describe_all",
    "eligible_confirmers",
    "grant_confirm",
    "grant_reject",
    "grant_request",
    "grant_withdraw",
    "grants_to_confirm",
    "grants_visible_to",
    "holds_records",
    "kind_of",
    "lock_person",
    "may_confirm",
    "may_decide",
    "may_view_organisation_grants",
    "person_name",
    "preload",
    "preloaded",
    "is_sight_excluded",
    "recently_granted_ids",
    "register_confirmers",
    "register_kind",
    "register_record_counter",
    "warning",
    "request_details",
    "sight_excluded_ids",
]
