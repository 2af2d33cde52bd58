"""Access requests: a change that widens someone's sight waits here for a second person of
each organisation concerned (coalition.access)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..forms import GrantRejectForm
from ..models import AccessGrant, Organisation
from ..paging import paginate
from ..permissions import get_grant_for_user, get_organisation_grants_for_user


def grant_list(request):
    user = request.user
    status = request.GET.get("status", AccessGrant.Status.PENDING)
    if status not in AccessGrant.Status.values and status != "all":
        status = AccessGrant.Status.PENDING
    visible = access.grants_visible_to(user).select_related("subject", "requested_by")
    if status != "all":
        visible = visible.filter(status=status)
    page, query = paginate(request, visible.order_by("-requested_at", "-pk"))
    to_confirm = access.describe_all(access.grants_to_confirm(user))
    # A request waiting for this user is often on the page too: what was read for it once
    # (its subject, its team) serves both.
    read = {grant.pk: grant.preloaded for grant in to_confirm}
    for grant in page.object_list:
        if grant.pk in read:
            grant.preloaded = read[grant.pk]
    access.describe_all(page.object_list)
    return render(
        request,
        "coalition/grant_list.html",
        {
            "to_confirm": to_confirm,
            "page": page,
            "query": query,
            "status": status,
            "statuses": [(value, label) for value, label in AccessGrant.Status.choices]
            + [("all", _("all"))],
        },
    )


def _render_grant(request, grant, *, reject_form=None):
    confirmations = list(grant.confirmations.select_related("organisation", "confirmed_by"))
    for confirmation in confirmations:
        confirmation.may_confirm = confirmation.confirmed_at is None and access.may_confirm(
            request.user, grant, confirmation.organisation_id
        )
    may_decide = grant.is_pending and any(c.may_confirm for c in confirmations)
    subject = grant.subject
    return render(
        request,
        "coalition/grant_detail.html",
        {
            "grant": grant,
            "description": access.describe(grant),
            "warning": access.warning(grant),
            "confirmations": confirmations,
            "subject_organisations": subject.profile.organisations.all()
            if subject is not None and hasattr(subject, "profile")
            else [],
            "may_decide": may_decide,
            **access.request_details(grant),
            "may_withdraw": grant.is_pending and grant.requested_by_id == request.user.pk,
            "reject_form": reject_form or (GrantRejectForm() if may_decide else None),
        },
        status=400 if reject_form is not None else 200,
    )


def grant_detail(request, pk):
    return _render_grant(request, get_grant_for_user(request.user, pk))


@require_POST
def grant_confirm(request, pk):
    grant = get_grant_for_user(request.user, pk)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    try:
        grant = access.grant_confirm(grant=grant, organisation=organisation, actor=request.user)
    except access.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    if grant.status == AccessGrant.Status.APPROVED:
        messages.success(request, _("Confirmed. The change is made."))
    else:
        messages.success(
            request,
            _("Confirmed for %(organisation)s. It waits for the other organisations.")
            % {"organisation": organisation.name},
        )
    return redirect(grant)


@require_POST
def grant_reject(request, pk):
    grant = get_grant_for_user(request.user, pk)
    form = GrantRejectForm(request.POST)
    if not form.is_valid():
        if not access.may_decide(request.user, grant):
            raise PermissionDenied
        return _render_grant(request, grant, reject_form=form)
    try:
        access.grant_reject(grant=grant, actor=request.user, reason=form.cleaned_data["reason"])
    except access.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(request, _("Refused. The person who asked is told."))
    return redirect(grant)


@require_POST
def grant_withdraw(request, pk):
    grant = get_grant_for_user(request.user, pk)
    try:
        access.grant_withdraw(grant=grant, actor=request.user)
    except access.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(request, _("Request withdrawn."))
    return redirect(grant)


def organisation_grants(request, pk):
    """Every access request that concerned the organisation: shown to its team leads and
    its other confirmers, so they see who was given sight of their records, and by whom."""
    organisation = get_organisation_grants_for_user(request.user, pk)
    grants = (
        AccessGrant.objects.filter(confirmations__organisation=organisation)
        .select_related("subject", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
        .distinct()
    )
    page, query = paginate(request, grants)
    access.describe_all(page.object_list)
    return render(
        request,
        "coalition/organisation_grants.html",
        {"organisation": organisation, "page": page, "query": query},
    )
