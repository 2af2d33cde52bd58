"""Digital goals in a client's care plan: add one, log an attempt, mark it, undo a switch.
Each view goes through the client chokepoint first (404 for the unseen, access log)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page

from ..forms import AttemptForm, GoalForm, SwitchUndoForm
from ..models import Goal
from ..permissions import get_client_for_user
from ..services import plans
from .clients import render_client_page


def _client_and_goal(request, pk, goal_pk):
    client = get_client_for_user(request.user, pk, request=request)
    if not plans.may_keep_plan(request.user, client):
        raise PermissionDenied
    goal = get_object_or_404(Goal.objects.select_related("service"), pk=goal_pk, client=client)
    return client, goal


def goal_create(request, pk):
    client = get_client_for_user(request.user, pk, request=request)
    if not plans.may_keep_plan(request.user, client):
        raise PermissionDenied
    form = GoalForm(request.POST or None, client=client)
    return form_page(
        request,
        form,
        save=lambda form: plans.goal_create(
            client=client,
            title=form.cleaned_data["title"],
            service=form.cleaned_data["service"],
            due_on=form.cleaned_data["due_on"],
            actor=request.user,
        ),
        template="form_page.html",
        context={
            "title": _("New digital goal for %(client)s") % {"client": client},
            "back": client.get_absolute_url(),
            "lead": _("A goal the client wants, with the service from the menu that helps."),
        },
        success_url=client,
        message=_("Goal added to the care plan."),
        error_status=400,
    )


@require_POST
def attempt_log(request, pk, goal_pk):
    client, goal = _client_and_goal(request, pk, goal_pk)
    form = AttemptForm(request.POST, prefix=f"g{goal.pk}")

    def tell_switch(logged):
        _attempt, switched = logged
        if switched:
            messages.warning(
                request,
                _(
                    "Third time it did not work: the client now uses the analog "
                    "alternative. The care workers are told; you can undo it with a reason."
                ),
            )

    return form_page(
        request,
        form,
        save=lambda form: plans.attempt_log(
            goal=goal,
            worked=form.cleaned_data["worked"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        success_url=goal.get_absolute_url(),
        message=lambda logged: "" if logged[1] else _("Attempt logged."),
        then=tell_switch,
        on_error=lambda form: render_client_page(request, client, bound=form, goal_pk=goal.pk),
    )


@require_POST
def goal_status(request, pk, goal_pk):
    client, goal = _client_and_goal(request, pk, goal_pk)
    status = request.POST.get("status", "")
    try:
        plans.goal_set_status(goal=goal, status=status, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {
            "reached": _("Goal reached. Well done!"),
            "stopped": _("Stopped with this goal. “Work on it again” takes it up again."),
        }
        messages.success(request, done.get(status, _("The client works on this goal again.")))
    return redirect(goal.get_absolute_url())


@require_POST
def switch_undo(request, pk, goal_pk):
    client, goal = _client_and_goal(request, pk, goal_pk)
    form = SwitchUndoForm(request.POST, prefix=f"g{goal.pk}")
    return form_page(
        request,
        form,
        save=lambda form: plans.switch_undo(
            goal=goal, reason=form.cleaned_data["reason"], actor=request.user
        ),
        success_url=goal.get_absolute_url(),
        message=_("The client tries the service again."),
        on_error=lambda form: render_client_page(request, client, bound=form, goal_pk=goal.pk),
    )
