"""Small steps tests share."""

from coalition import access


def confirm_everywhere(grant, confirmer):
    """Confirm an access request for every organisation it names, as `confirmer`."""
    for confirmation in grant.confirmations.select_related("organisation"):
        if confirmation.confirmed_at is None:
            grant = access.grant_confirm(
                grant=grant, organisation=confirmation.organisation, actor=confirmer
            )
    grant.refresh_from_db()
    return grant
