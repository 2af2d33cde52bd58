from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.history import render_history
from coalition.permissions import user_organisation_ids

from .. import services
from ..forms import ConsultationForm
from ..models import ConsultationStatus
from ..permissions import (
    consultations_visible_to,
    get_consultation_for_user,
    may_manage_consultation,
    served_organisation_ids,
)


def consultation_list(request):
    user = request.user
    consultations = list(
        consultations_visible_to(user).select_related("requester", "organisation", "picked_up_by")
    )
    for consultation in consultations:
        consultation.manageable = consultation.organisation_id in served_organisation_ids(user)
    managed = [c for c in consultations if c.manageable]
    return render(
        request,
        "dilemmas/consultation_list.html",
        {
            "open": [c for c in consultations if c.status != ConsultationStatus.CLOSED],
            "closed": [c for c in consultations if c.status == ConsultationStatus.CLOSED],
            "summary": services.waiting_summary(managed) if managed else None,
            "is_group": bool(served_organisation_ids(user)),
        },
    )


def consultation_create(request):
    if not user_organisation_ids(request.user):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        consultation = services.consultation_request(
            consultation=form.save(commit=False), requester=request.user
        )
        messages.success(
            request, _("Your request was sent to the working group. You will hear from them.")
        )
        return redirect(consultation)
    return render(request, "dilemmas/consultation_form.html", {"form": form})


def consultation_detail(request, pk):
    consultation = get_consultation_for_user(request.user, pk, request=request)
    return render(
        request,
        "dilemmas/consultation_detail.html",
        {
            "consultation": consultation,
            "may_manage": may_manage_consultation(request.user, consultation),
            "statuses": ConsultationStatus,
        },
    )


def _manage(request, pk):
    return get_consultation_for_user(request.user, pk, perm="manage", request=request)


@require_POST
def consultation_pick_up(request, pk):
    consultation = _manage(request, pk)
    if services.consultation_pick_up(consultation=consultation, actor=request.user):
        messages.success(request, _("You picked up this request."))
    else:
        messages.warning(request, _("Someone else already picked up this request."))
    return redirect(consultation)


@require_POST
def consultation_held(request, pk):
    consultation = _manage(request, pk)
    if consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.PICKED_UP):
        messages.error(request, _("This conversation was already recorded."))
    else:
        services.consultation_mark_held(consultation=consultation, actor=request.user)
        messages.success(request, _("Recorded that the conversation took place."))
    return redirect(consultation)


@require_POST
def consultation_close(request, pk):
    consultation = _manage(request, pk)
    if consultation.status == ConsultationStatus.CLOSED:
        messages.error(request, _("This request is already closed."))
    else:
        services.consultation_close(consultation=consultation, actor=request.user)
        messages.success(request, _("Request closed."))
    return redirect(consultation)


def consultation_history(request, pk):
    consultation = get_consultation_for_user(request.user, pk, request=request)
    return render_history(request, consultation, back_url=consultation.get_absolute_url())
