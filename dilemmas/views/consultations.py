from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition.formpage import form_page
from coalition.history import render_history
from coalition.services import log_access_many

from .. import services
from ..forms import ConsultationForm
from ..models import ConsultationStatus
from ..permissions import (
    consultations_visible_to,
    get_consultation_for_user,
    may_manage_consultation,
    may_pick_up_consultations,
    may_request_consultation,
    may_withdraw_consultation,
    require,
)


def consultation_list(request):
    user = request.user
    consultations = list(
        consultations_visible_to(user).select_related("requester", "organisation", "picked_up_by")
    )
    for consultation in consultations:
        consultation.manageable = may_manage_consultation(user, consultation)
    # A withdrawn request never waited for pick-up to its end: it would skew the waits.
    managed = [
        c for c in consultations if c.manageable and c.status != ConsultationStatus.WITHDRAWN
    ]
    # Each request is named by its topic: showing it is a read, as on its page.
    log_access_many(request=request, objects=consultations)
    return render(
        request,
        "dilemmas/consultation_list.html",
        {
            "open": [c for c in consultations if not c.is_finished],
            "closed": [c for c in consultations if c.is_finished],
            "summary": services.waiting_summary(managed) if managed else None,
            "is_group": may_pick_up_consultations(user),
        },
    )


def consultation_create(request):
    require(may_request_consultation(request.user))
    form = ConsultationForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda form: services.consultation_request(
            consultation=form.save(commit=False), requester=request.user
        ),
        template="dilemmas/consultation_form.html",
        success_url=lambda consultation: consultation,
        message=_("Your request was sent to the working group. You will hear from them."),
    )


def consultation_detail(request, pk):
    consultation = get_consultation_for_user(request.user, pk, request=request)
    return render(
        request,
        "dilemmas/consultation_detail.html",
        {
            "consultation": consultation,
            "may_manage": may_manage_consultation(request.user, consultation),
            "may_withdraw": may_withdraw_consultation(request.user, consultation),
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
    try:
        services.consultation_mark_held(consultation=consultation, actor=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Recorded that the conversation took place."))
    return redirect(consultation)


@require_POST
def consultation_close(request, pk):
    consultation = _manage(request, pk)
    try:
        services.consultation_close(consultation=consultation)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Request closed."))
    return redirect(consultation)


@require_http_methods(["GET", "POST"])
def consultation_withdraw(request, pk):
    """The requester takes their request back: a confirmation page, then a POST."""
    consultation = get_consultation_for_user(request.user, pk, perm="withdraw", request=request)
    if request.method != "POST":
        if not consultation.may_be_withdrawn:
            messages.error(request, _("This request can no longer be withdrawn."))
            return redirect(consultation)
        return render(
            request, "dilemmas/consultation_withdraw.html", {"consultation": consultation}
        )
    try:
        services.consultation_withdraw(consultation=consultation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Request withdrawn. The working group knows it is no longer needed.")
        )
    return redirect(consultation)


def consultation_history(request, pk):
    consultation = get_consultation_for_user(request.user, pk, request=request)
    return render_history(request, consultation, back_url=consultation.get_absolute_url())
