from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import dashboard, roles
from ..access import may_view_organisation_grants
from ..history import render_history
from ..models import Notification, Team
from ..paging import paginate
from ..permissions import (
    get_organisation_for_user,
    is_coordinator,
    organisations_visible_to,
)
from ..services import log_access_many, mark_read


def dashboard_view(request):
    today = timezone.localdate()
    unread = list(Notification.objects.unread_for(request.user).order_by("-created_at", "-pk")[:5])
    groups = dashboard.grouped_items_for(request.user, today)
    records = [item.record for _section, items in groups for item in items if item.record]
    if records:
        log_access_many(request=request, objects=records)
    return render(
        request,
        "coalition/dashboard.html",
        {"today": today, "groups": groups, "unread": unread},
    )


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).order_by(
        "-created_at", "-pk"
    )
    page, query = paginate(request, notifications)
    return render(
        request,
        "coalition/notification_list.html",
        {"page": page, "query": query, "notifications": page.object_list},
    )


@require_POST
def notification_mark_read(request):
    ids = request.POST.getlist("notification")
    count = mark_read(user=request.user, notification_ids=ids or None)
    if count:
        from django.contrib import messages

        messages.success(request, _("Marked as read."))
    return redirect(safe_next(request, request.POST.get("next", "")))


def safe_next(request, target):
    """A local path to go on to, or the dashboard: never another site, never an error."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse("coalition:dashboard")


def organisation_list(request):
    page, query = paginate(request, organisations_visible_to(request.user).order_by("name", "pk"))
    # Each organisation's teams as names (one query of pairs), written as a team is
    # everywhere: "name (organisation)".
    teams = {}
    for organisation_id, name in (
        Team.objects.filter(organisation_id__in=[o.pk for o in page.object_list])
        .order_by("name", "pk")
        .values_list("organisation_id", "name")
    ):
        teams.setdefault(organisation_id, []).append(name)
    for organisation in page.object_list:
        organisation.team_names = ", ".join(
            f"{name} ({organisation.name})" for name in teams.get(organisation.pk, ())
        )
    return render(
        request,
        "coalition/organisation_list.html",
        {"page": page, "query": query, "is_coordinator": is_coordinator(request.user)},
    )


def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    people = list(
        organisation.people.select_related("user")
        .prefetch_related("user__groups")
        .order_by("user__last_name", "user__first_name")
    )
    for person in people:
        person.role_labels = roles.labels({g.name for g in person.user.groups.all()})
    return render(
        request,
        "coalition/organisation_detail.html",
        {
            "organisation": organisation,
            "teams": organisation.teams.all(),
            "people": people,
            "is_coordinator": is_coordinator(request.user),
            "may_view_grants": may_view_organisation_grants(request.user, organisation),
        },
    )


def organisation_history(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    return render_history(request, organisation, back_url=organisation.get_absolute_url())


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database and broker status as JSON; 503 when either is down."""
    status = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        status["database"] = f"error: {type(exc).__name__}"
    try:
        from ..celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        status["broker"] = f"error: {type(exc).__name__}"
    healthy = all(v == "ok" for v in status.values())
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)
