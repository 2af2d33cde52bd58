"""Decision framework, lessons learned, scenarios with their step plans and risks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.history import render_history

from .. import services
from ..forms import (
    LessonForm,
    PrincipleForm,
    RiskForm,
    ScenarioCopyForm,
    ScenarioForm,
    StepForm,
    StepFormSet,
)
from ..models import Domain, Principle, Risk
from ..permissions import (
    EDIT,
    VIEW_ALL,
    access_for,
    get_group_for_user,
    get_lesson_for_user,
    get_principle_for_user,
    get_risk_for_user,
    get_scenario_for_user,
    get_step_for_user,
)
from ..playbook import label_risks, risk_matrix, scenario_numbers
from .common import call_service, form_page

# --- Framework and lessons ----------------------------------------------------------------


def framework(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    principles = list(group.principles.select_related("lesson"))
    domains = [
        {"code": code, "label": label, "principles": [p for p in principles if p.domain == code]}
        for code, label in Domain.choices
    ]
    lessons = list(
        group.lessons.select_related("crisis").prefetch_related(
            Prefetch("principles", queryset=Principle.objects.order_by("domain", "pk"))
        )
    )
    return render(
        request,
        "regiegroep/framework.html",
        {
            "group": group,
            "access": access_for(request.user, group),
            "domains": domains,
            "lessons": lessons,
        },
    )


def _framework_url(group):
    return reverse("regiegroep:framework", args=[group.pk])


def principle_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    initial = {"domain": request.GET.get("domein", ""), "lesson": request.GET.get("les", "")}
    form = PrincipleForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.principle_save(principle=form.save(commit=False))
        messages.success(request, _("Principle added."))
        return redirect(_framework_url(group))
    return form_page(
        request,
        form=form,
        title=_("New guiding principle"),
        group=group,
        back_url=_framework_url(group),
        back_label=_("Decision framework"),
        intro=_("Strategic and short: one sentence that helps decide, not a procedure."),
    )


def principle_edit(request, pk):
    principle = get_principle_for_user(request.user, pk, EDIT)
    group = principle.group
    form = PrincipleForm(request.POST or None, instance=principle, group=group)
    if request.method == "POST" and form.is_valid():
        services.principle_save(principle=form.save(commit=False))
        messages.success(request, _("Principle saved."))
        return redirect(_framework_url(group))
    return form_page(
        request,
        form=form,
        title=_("Edit guiding principle"),
        group=group,
        back_url=_framework_url(group),
        back_label=_("Decision framework"),
    )


@require_POST
def principle_delete(request, pk):
    principle = get_principle_for_user(request.user, pk, EDIT)
    services.principle_delete(principle=principle)
    messages.success(request, _("Principle removed."))
    return redirect(_framework_url(principle.group))


def lesson_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = LessonForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        services.lesson_save(lesson=form.save(commit=False))
        messages.success(request, _("Lesson recorded."))
        return redirect(_framework_url(group) + "#lessons")
    return form_page(
        request,
        form=form,
        title=_("New lesson learned"),
        group=group,
        back_url=_framework_url(group),
        back_label=_("Decision framework"),
    )


def lesson_edit(request, pk):
    lesson = get_lesson_for_user(request.user, pk, EDIT)
    group = lesson.group
    form = LessonForm(request.POST or None, instance=lesson, group=group)
    if request.method == "POST" and form.is_valid():
        services.lesson_save(lesson=form.save(commit=False))
        messages.success(request, _("Lesson saved."))
        return redirect(_framework_url(group) + "#lessons")
    return form_page(
        request, form=form, title=_("Edit lesson"), group=group, back_url=_framework_url(group)
    )


def lesson_history(request, pk):
    lesson = get_lesson_for_user(request.user, pk, VIEW_ALL)
    return render_history(request, lesson, back_url=_framework_url(lesson.group))


def principle_history(request, pk):
    principle = get_principle_for_user(request.user, pk, VIEW_ALL)
    return render_history(request, principle, back_url=_framework_url(principle.group))


# --- Scenarios ----------------------------------------------------------------------------


def scenario_list(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    scenarios = list(group.scenarios.annotate(step_count=Count("steps", distinct=True)))
    risks = Risk.objects.filter(scenario__group=group).select_related("scenario", "organisation")
    labelled = label_risks(risks, scenario_numbers(group))
    return render(
        request,
        "regiegroep/scenario_list.html",
        {
            "group": group,
            "access": access_for(request.user, group),
            "scenarios": scenarios,
            "risks": labelled,
            "matrix": risk_matrix(labelled),
        },
    )


def scenario_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = ScenarioForm(request.POST or None)
    formset = StepFormSet(request.POST or None, prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            scenario = form.save(commit=False)
            scenario.group = group
            services.scenario_save(scenario=scenario)
            for step_form in formset.forms:
                if step_form.cleaned_data:
                    step = step_form.save(commit=False)
                    step.scenario = scenario
                    services.step_save(step=step)
        messages.success(request, _("Scenario created."))
        return redirect(scenario)
    return form_page(
        request,
        form=form,
        formset=formset,
        title=_("New scenario"),
        group=group,
        back_url=reverse("regiegroep:scenario_list", args=[group.pk]),
        back_label=_("Scenarios"),
        intro=_("A standard crisis scenario: what sets it off, and the steps to take."),
    )


def scenario_detail(request, pk):
    scenario = get_scenario_for_user(request.user, pk, VIEW_ALL)
    group = scenario.group
    steps = list(scenario.steps.all())
    risks = scenario.risks.select_related("organisation")
    labelled = label_risks(risks, scenario_numbers(group))
    access = access_for(request.user, group)
    return render(
        request,
        "regiegroep/scenario_detail.html",
        {
            "group": group,
            "scenario": scenario,
            "access": access,
            "steps": steps,
            "risks": labelled,
            "matrix": risk_matrix(labelled),
            "step_form": StepForm(prefix="step") if access.edit else None,
        },
    )


def scenario_edit(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = ScenarioForm(request.POST or None, instance=scenario)
    if request.method == "POST" and form.is_valid():
        services.scenario_save(scenario=form.save(commit=False))
        messages.success(request, _("Scenario saved."))
        return redirect(scenario)
    return form_page(
        request,
        form=form,
        title=_("Edit scenario"),
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def scenario_copy(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = ScenarioCopyForm(
        request.POST or None, initial={"title": _("Copy of %(title)s") % {"title": scenario.title}}
    )
    if request.method == "POST" and form.is_valid():
        copy = services.scenario_copy(scenario=scenario, title=form.cleaned_data["title"])
        messages.success(request, _("Scenario copied; adjust it to the new situation."))
        return redirect(copy)
    return form_page(
        request,
        form=form,
        title=_("Copy scenario %(title)s") % {"title": scenario.title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
        submit=_("Copy"),
        intro=_("The copy takes over the trigger, description, steps and risks."),
    )


def scenario_history(request, pk):
    scenario = get_scenario_for_user(request.user, pk, VIEW_ALL)
    return render_history(request, scenario, back_url=scenario.get_absolute_url())


# --- Steps and risks ----------------------------------------------------------------------


def step_create(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = StepForm(request.POST or None, prefix="step")
    if request.method == "POST" and form.is_valid():
        step = form.save(commit=False)
        step.scenario = scenario
        services.step_save(step=step)
        messages.success(request, _("Step added."))
        return redirect(scenario.get_absolute_url() + "#steps")
    return form_page(
        request,
        form=form,
        title=_("Add a step to %(title)s") % {"title": scenario.title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def step_edit(request, pk):
    step = get_step_for_user(request.user, pk, EDIT)
    scenario = step.scenario
    form = StepForm(request.POST or None, instance=step, prefix="step")
    if request.method == "POST" and form.is_valid():
        services.step_save(step=form.save(commit=False))
        messages.success(request, _("Step saved."))
        return redirect(scenario.get_absolute_url() + "#steps")
    return form_page(
        request,
        form=form,
        title=_("Edit step"),
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


@require_POST
def step_move(request, pk):
    step = get_step_for_user(request.user, pk, EDIT)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.step_move(step=step, direction=direction)
    return redirect(step.scenario.get_absolute_url() + "#steps")


@require_POST
def step_delete(request, pk):
    step = get_step_for_user(request.user, pk, EDIT)
    try:
        services.step_delete(step=step)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Step removed."))
    return redirect(step.scenario.get_absolute_url() + "#steps")


def risk_create(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = RiskForm(request.POST or None, scenario=scenario)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.risk_save, risk=form.save(commit=False)):
            messages.success(request, _("Risk added."))
            return redirect(scenario.get_absolute_url() + "#risks")
    return form_page(
        request,
        form=form,
        title=_("Add a risk to %(title)s") % {"title": scenario.title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def risk_edit(request, pk):
    risk = get_risk_for_user(request.user, pk, EDIT)
    scenario = risk.scenario
    form = RiskForm(request.POST or None, instance=risk, scenario=scenario)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.risk_save, risk=form.save(commit=False)):
            messages.success(request, _("Risk saved."))
            return redirect(scenario.get_absolute_url() + "#risks")
    return form_page(
        request,
        form=form,
        title=_("Edit risk"),
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


@require_POST
def risk_delete(request, pk):
    risk = get_risk_for_user(request.user, pk, EDIT)
    services.risk_delete(risk=risk)
    messages.success(request, _("Risk removed."))
    return redirect(risk.scenario.get_absolute_url() + "#risks")
