"""The successes wall: the organisation's cooperation successes, newest first, sharing one
and taking one off.

Who may see and do what is asked of relatiebeheer.permissions (successes and partners) and
checked again by services.wall.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.models import Organisation
from coalition.paging import paginate

from ..forms_wall import SuccessForm
from ..permissions import can_use_app, partners_visible_to, successes_visible_to
from ..services import wall as wall_services

PER_PAGE = 20


def success_list(request):
    user = request.user
    successes = successes_visible_to(user)
    # The organisations on this wall, to filter by when there is more than one.
    organisations = list(
        Organisation.objects.filter(pk__in=successes.values("organisation_id")).order_by("name")
    )
    current = None
    chosen = request.GET.get("organisatie", "")
    if chosen:
        current = next((o for o in organisations if str(o.pk) == chosen), None)
        if current is None:
            return redirect("relatiebeheer:success_list")
        successes = successes.filter(organisation=current)
    successes = successes.select_related("organisation", "partner", "shared_by").order_by(
        "-shared_at", "-pk"
    )
    page, query = paginate(request, successes, per_page=PER_PAGE)
    # Link a partner only for those the user can still open (sharing can be withdrawn).
    partner_ids = {s.partner_id for s in page.object_list if s.partner_id}
    openable = (
        set(partners_visible_to(user).filter(pk__in=partner_ids).values_list("pk", flat=True))
        if partner_ids
        else set()
    )
    for success in page.object_list:
        success.may_delete = wall_services.may_delete_success(user, success)
        success.partner_openable = success.partner_id in openable
    return render(
        request,
        "relatiebeheer/success_list.html",
        {
            "page": page,
            "query": query,
            "organisations": organisations if len(organisations) > 1 else [],
            "current": current,
        },
    )


def success_create(request):
    user = request.user
    can_use_app(user)
    if request.method == "POST":
        form = SuccessForm(request.POST, user=user)
    else:
        form = SuccessForm(user=user, initial=_initial_partner(request))
    return form_page(
        request,
        form,
        save=lambda form: wall_services.success_share(
            organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            story=form.cleaned_data["story"],
            partner=form.cleaned_data["partner"],
            actor=user,
        ),
        template="relatiebeheer/success_form.html",
        context={"back": reverse("relatiebeheer:success_list")},
        success_url="relatiebeheer:success_list",
        message=_("Thank you for sharing this success."),
        error_status=400,
    )


def _initial_partner(request):
    """`?partner=<pk>` preselects a partner the user can see (a link from a partner page)."""
    pk = request.GET.get("partner", "")
    if not pk.isdigit():
        return {}
    partner = partners_visible_to(request.user).filter(pk=pk).first()
    return {"partner": partner} if partner else {}


@require_POST
def success_delete(request, pk):
    success = get_object_or_404(successes_visible_to(request.user), pk=pk)
    wall_services.success_delete(success=success, actor=request.user)
    messages.success(request, _("The success is off the wall."))
    return redirect("relatiebeheer:success_list")
