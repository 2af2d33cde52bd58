"""Merging two partners: choose the other partner (likely duplicates first), compare and
choose per field what to keep, merge; and undo from the kept partner's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coalition.formpage import form_page

from ..duplicates import likely_duplicates
from ..forms_merge import MergeChooseForm, PartnerMergeForm, PartnerSearchForm
from ..models import PartnerMerge
from ..permissions import can_use_app, get_partner_for_user, partners_visible_to
from ..services import merge as services

# What moves, in the order the compare page lists it.
MOVE_LABELS = {
    "roles": gettext_lazy("Contact persons' roles"),
    "assignments": gettext_lazy("Relationship managers"),
    "contacts": gettext_lazy("Contact moments"),
    "plan_items": gettext_lazy("Items of yearly plans"),
    "successes": gettext_lazy("Successes"),
    "outcomes": gettext_lazy("RRO decisions and action items"),
    "meetings": gettext_lazy("RRO meetings attended"),
}


def partner_merge_choose(request, pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    duplicates = likely_duplicates(
        partner.organisation_id, partner.name, partner.place, exclude_pk=partner.pk
    )
    search = PartnerSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    others = (
        partners_visible_to(request.user)
        .filter(organisation_id=partner.organisation_id)
        .exclude(pk__in=[partner.pk, *(d.pk for d in duplicates)])
        .order_by("name", "pk")
    )
    if q:
        others = others.filter(Q(name__icontains=q) | Q(place__icontains=q))
    form = MergeChooseForm(request.GET if "other" in request.GET else None, partners=others)
    if form.is_valid():
        return redirect(
            "relatiebeheer:partner_merge_compare", partner.pk, form.cleaned_data["other"].pk
        )
    return render(
        request,
        "relatiebeheer/partner_merge_choose.html",
        {
            "partner": partner,
            "duplicates": duplicates,
            "search_form": search,
            "q": q,
            "form": form,
            "has_others": others.exists(),
        },
        status=400 if form.is_bound else 200,
    )


def partner_merge_compare(request, pk, other_pk):
    """`pk` is kept (the survivor), `other_pk` removed; the page offers to swap them."""
    survivor = get_partner_for_user(request.user, pk, perm="change")
    absorbed = get_partner_for_user(request.user, other_pk, perm="change")
    refusal = services.merge_refusal(survivor, absorbed)
    if refusal:
        messages.error(request, refusal)
        return redirect("relatiebeheer:partner_merge_choose", survivor.pk)
    # Two partners with the same details post nothing but the token: still a merge.
    data = request.POST if request.method == "POST" else None
    form = PartnerMergeForm(data, survivor=survivor, absorbed=absorbed)

    def context():
        preview = services.merge_preview(survivor, absorbed)
        return {
            "survivor": survivor,
            "absorbed": absorbed,
            "moves": [(label, preview[key]) for key, label in MOVE_LABELS.items()],
            "dropped": preview["dropped"],
            "undo_days": services.UNDO_DAYS,
        }

    return form_page(
        request,
        form,
        save=lambda form: services.partner_merge(
            survivor=survivor, absorbed=absorbed, choices=form.cleaned_data, actor=request.user
        ),
        template="relatiebeheer/partner_merge_compare.html",
        context=context,
        success_url=lambda merge: merge.survivor,
        message=lambda merge: (
            _("Merged with %(other)s. You can undo this on this page.")
            % {"other": merge.absorbed_name}
        ),
        error_status=400,
    )


@require_POST
def partner_merge_undo(request, pk):
    can_use_app(request.user)
    merge = get_object_or_404(PartnerMerge, pk=pk)
    # A merge is exactly as protected as the partner it went into.
    survivor = get_partner_for_user(request.user, merge.survivor_id, perm="change")
    try:
        absorbed = services.partner_merge_undo(merge=merge, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The merge is undone: %(other)s is a partner of its own again.")
            % {"other": absorbed.name},
        )
    return redirect(survivor)
