"""The crisis log and the decisions of the steering group."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition import exports
from coalition.formpage import call_service
from coalition.history import render_history
from coalition.names import full_name
from coalition.paging import paginate

from .. import services
from ..filters import DecisionFilter
from ..forms import (
    CirclesForm,
    CrisisCloseForm,
    CrisisEventForm,
    CrisisForm,
    DecisionForm,
    DecisionPublishForm,
)
from ..models import Circle
from ..permissions import (
    EDIT,
    READ,
    VIEW_ALL,
    access_for,
    decisions_visible_to,
    get_crisis_for_user,
    get_decision_for_user,
    get_group_for_user,
    successor_visible_to,
)
from .common import form_page, refuse

# --- Crises -------------------------------------------------------------------------------


def crisis_list(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    crises = list(group.crises.select_related("scenario"))
    return render(
        request,
        "regiegroep/crisis_list.html",
        {"group": group, "access": access_for(request.user, group), "crises": crises},
    )


def crisis_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = CrisisForm(request.POST or None, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.crisis_save(crisis=form.save(commit=False)),
        success_url=lambda crisis: crisis.get_absolute_url(),
        message=_("Crisis opened. Log events and decisions as they come."),
        title=_("Open a crisis"),
        group=group,
        back_url=reverse("regiegroep:crisis_list", args=[group.pk]),
        back_label=_("Crisis log"),
        submit=_("Open crisis"),
    )


def crisis_detail(request, pk):
    crisis = get_crisis_for_user(request.user, pk, VIEW_ALL)
    group = crisis.group
    return render(
        request,
        "regiegroep/crisis_detail.html",
        {
            "group": group,
            "crisis": crisis,
            "access": access_for(request.user, group),
            "events": list(crisis.events.all()),
            "decisions": list(crisis.decisions.select_related("scenario")),
            "lessons": list(crisis.lessons.all()),
        },
    )


def crisis_history(request, pk):
    crisis = get_crisis_for_user(request.user, pk, VIEW_ALL)
    return render_history(request, crisis, back_url=crisis.get_absolute_url())


def event_create(request, pk):
    crisis = get_crisis_for_user(request.user, pk, EDIT)
    try:
        services.ensure_events_allowed(crisis=crisis)
    except ValidationError as error:
        return refuse(request, error, crisis.get_absolute_url())
    form = CrisisEventForm(request.POST or None, crisis=crisis)
    return form_page(
        request,
        form,
        save=lambda form: services.crisis_event_save(event=form.save(commit=False)),
        success_url=crisis.get_absolute_url() + "#events",
        message=_("Event logged."),
        title=_("Log an event"),
        group=crisis.group,
        back_url=crisis.get_absolute_url(),
        back_label=crisis.name,
        intro=_("What happened (a government announcement, say), and what to prepare for it."),
    )


def crisis_close(request, pk):
    crisis = get_crisis_for_user(request.user, pk, EDIT)
    try:
        services.ensure_open(crisis=crisis)
    except ValidationError as error:
        return refuse(request, error, crisis.get_absolute_url())
    form = CrisisCloseForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: services.crisis_close(
            crisis=crisis, closed_on=form.cleaned_data["closed_on"], lessons=form.lesson_list()
        ),
        success_url=crisis.get_absolute_url(),
        message=_("Crisis closed. Link its lessons to the framework where they apply."),
        title=_("Close crisis %(name)s") % {"name": crisis.name},
        group=crisis.group,
        back_url=crisis.get_absolute_url(),
        back_label=crisis.name,
        submit=_("Close crisis"),
        intro=_("What did this crisis teach us? The lessons feed the decision framework."),
    )


# --- Decisions ----------------------------------------------------------------------------


def decision_list(request, pk):
    group = get_group_for_user(request.user, pk, READ)
    access = access_for(request.user, group)
    decisions = decisions_visible_to(request.user, group).select_related(
        "crisis", "scenario", "supersedes"
    )
    filterset = DecisionFilter(request.GET or None, queryset=decisions, show_status=access.view)
    page, query = paginate(request, filterset.qs)
    return render(
        request,
        "regiegroep/decision_list.html",
        {
            "group": group,
            "access": access,
            "filter": filterset,
            "page": page,
            "query": query,
            "decisions": page.object_list,
        },
    )


@require_GET
def decision_export(request, pk):
    """The decisions the person may see, with the list's filters, as a file: what was
    decided, when, why, within the mandate or not, and whom it was sent to."""
    group = get_group_for_user(request.user, pk, READ)
    access = access_for(request.user, group)
    decisions = decisions_visible_to(request.user, group).select_related(
        "crisis", "scenario", "supersedes", "published_by"
    )
    filterset = DecisionFilter(request.GET or None, queryset=decisions, show_status=access.view)
    circles = dict(Circle.choices)
    rows = (
        [
            d.title,
            d.get_status_display(),
            d.published_at,
            full_name(d.published_by) if d.published_by else "",
            d.get_domain_display(),
            d.crisis.name if d.crisis else "",
            d.scenario.title if d.scenario else "",
            d.within_mandate,
            d.text,
            d.rationale,
            ", ".join(str(circles[c]) for c in d.circles if c in circles),
            d.supersedes.title if d.supersedes else "",
        ]
        for d in filterset.qs
    )
    headers = [
        _("Title"),
        _("Status"),
        _("Published"),
        _("Published by"),
        _("Domain"),
        _("Crisis"),
        _("Scenario"),
        _("Within the mandate"),
        _("Decision"),
        _("Rationale"),
        _("Circles informed"),
        _("Supersedes"),
    ]
    return exports.download(
        name=_("decisions"),
        headers=headers,
        rows=rows,
        file_format=request.GET.get("format", "csv"),
        widths=(36, 12, 16, 20, 16, 20, 24, 10, 60, 60, 24, 30),
    )


def _save_decision(form):
    return services.decision_save(
        decision=form.save(commit=False),
        outside_mandate_confirmed=form.outside_mandate_confirmed(),
    )


def decision_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    initial = {}
    crisis_id = request.GET.get("crisis", "")
    if crisis_id.isdigit() and group.crises.filter(pk=crisis_id).exists():
        initial["crisis"] = crisis_id
    form = DecisionForm(request.POST or None, group=group, initial=initial)
    return form_page(
        request,
        form,
        save=_save_decision,
        success_url=lambda decision: decision.get_absolute_url(),
        message=_("Decision saved as a draft."),
        title=_("New decision"),
        group=group,
        back_url=reverse("regiegroep:decision_list", args=[group.pk]),
        back_label=_("Decisions"),
        submit=_("Save draft"),
    )


def decision_detail(request, pk):
    decision = get_decision_for_user(request.user, pk, READ)
    return _decision_page(request, decision)


def _decision_page(request, decision, *, publish_form=None, communicate_form=None, status=200):
    """The decision page; a bound form that did not validate shows its errors next to its
    fields, with what was chosen kept."""
    group = decision.group
    access = access_for(request.user, group)
    return render(
        request,
        "regiegroep/decision_detail.html",
        {
            "group": group,
            "decision": decision,
            "access": access,
            "successor": successor_visible_to(request.user, decision),
            "communications": list(decision.communications.all()),
            "publish_form": publish_form or DecisionPublishForm(decision=decision),
            "communicate_form": communicate_form or CirclesForm(require=True, prefix="inform"),
        },
        status=status,
    )


def decision_edit(request, pk):
    decision = get_decision_for_user(request.user, pk, EDIT)
    try:
        services.ensure_draft(decision=decision)
    except ValidationError as error:
        return refuse(request, error, decision.get_absolute_url())
    form = DecisionForm(request.POST or None, instance=decision, group=decision.group)
    return form_page(
        request,
        form,
        save=_save_decision,
        success_url=decision.get_absolute_url(),
        message=_("Draft saved."),
        title=_("Edit draft decision"),
        group=decision.group,
        back_url=decision.get_absolute_url(),
        back_label=decision.title,
        submit=_("Save draft"),
    )


@require_POST
def decision_publish(request, pk):
    decision = get_decision_for_user(request.user, pk, EDIT)
    form = DecisionPublishForm(request.POST, decision=decision)
    if form.is_valid() and call_service(
        form,
        services.decision_publish,
        decision=decision,
        actor=request.user,
        circles=form.cleaned_data["circles"],
    ):
        messages.success(request, _("Decision published."))
        if form.cleaned_data["circles"]:
            messages.success(request, _("The chosen circles have been informed."))
        return redirect(decision)
    decision.refresh_from_db()
    if decision.is_published:
        # Published meanwhile: the publish form is gone from the page, so tell it on top.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(decision)
    return _decision_page(request, decision, publish_form=form, status=400)


@require_POST
def decision_communicate(request, pk):
    decision = get_decision_for_user(request.user, pk, EDIT)
    form = CirclesForm(request.POST, require=True, prefix="inform")
    if form.is_valid() and call_service(
        form,
        services.decision_communicate,
        decision=decision,
        circles=form.cleaned_data["circles"],
    ):
        messages.success(request, _("The chosen circles have been informed."))
        return redirect(decision)
    if not decision.is_published:
        # Not published: the inform form is not on the page, so tell it on top.
        for error in form.errors.get("circles", []) + form.non_field_errors():
            messages.error(request, error)
        return redirect(decision)
    return _decision_page(request, decision, communicate_form=form, status=400)


@require_POST
def decision_supersede(request, pk):
    decision = get_decision_for_user(request.user, pk, EDIT)
    try:
        successor = services.decision_supersede(decision=decision)
    except ValidationError as error:
        return refuse(request, error, decision.get_absolute_url())
    messages.success(request, _("A new draft replaces this decision once it is published."))
    return redirect("regiegroep:decision_edit", successor.pk)


def decision_history(request, pk):
    decision = get_decision_for_user(request.user, pk, VIEW_ALL)
    return render_history(
        request,
        decision,
        back_url=decision.get_absolute_url(),
        value_labels={"circles": Circle.choices},
    )
