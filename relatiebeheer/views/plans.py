"""The yearly plan of a relationship manager: only their own, for the partners they keep."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page

from ..forms import PlanItemForm
from ..models import Partner, PlanItem
from ..permissions import can_use_app, keeper_organisation_ids
from ..services import partners as services


def _kept_partners(user):
    keepers = keeper_organisation_ids(user)
    partners = (
        Partner.objects.all()
        if keepers is None
        else Partner.objects.filter(organisation_id__in=keepers)
    )
    return partners.order_by("name")


def _year(request):
    value = request.GET.get("jaar", "")
    return (
        int(value)
        if value.isdigit() and 2000 <= int(value) <= 2100
        else (timezone.localdate().year)
    )


def yearly_plan(request):
    can_use_app(request.user)
    return _render_plan(request, _year(request))


def _render_plan(request, year, form=None):
    today = timezone.localdate()
    items = list(PlanItem.objects.filter(manager=request.user, year=year).select_related("partner"))
    form = form or PlanItemForm(
        partners=_kept_partners(request.user),
        initial={"due_on": today if today.year == year else None},
    )
    return render(
        request,
        "relatiebeheer/yearly_plan.html",
        {
            "year": year,
            "items": items,
            "summary": services.plan_summary(items, today),
            "today": today,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def plan_item_add(request):
    can_use_app(request.user)
    year = _year(request)
    form = PlanItemForm(request.POST, partners=_kept_partners(request.user))

    def save(form):
        data = form.cleaned_data
        return services.plan_item_save(
            item=PlanItem(
                manager=request.user,
                year=year,
                partner=data["partner"],
                aim=data["aim"].strip(),
                due_on=data["due_on"],
            ),
            actor=request.user,
        )

    return form_page(
        request,
        form,
        save=save,
        success_url=f"{reverse('relatiebeheer:yearly_plan')}?jaar={year}",
        message=_("Added to your plan."),
        on_error=lambda form: _render_plan(request, year, form),
    )


@require_POST
def plan_item_done(request, pk):
    can_use_app(request.user)
    item = get_object_or_404(PlanItem, pk=pk, manager=request.user)
    services.plan_item_done(item=item, actor=request.user, done=request.POST.get("done") == "1")
    messages.success(request, _("Plan saved."))
    return redirect(f"{redirect('relatiebeheer:yearly_plan').url}?jaar={item.year}")


@require_POST
def plan_item_delete(request, pk):
    can_use_app(request.user)
    item = get_object_or_404(PlanItem, pk=pk, manager=request.user)
    services.plan_item_delete(item=item, actor=request.user)
    messages.success(request, _("Removed from your plan."))
    return redirect(f"{redirect('relatiebeheer:yearly_plan').url}?jaar={item.year}")
