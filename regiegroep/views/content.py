"""Decision framework, lessons learned, scenarios with their step plans and risks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from ..models import Domain, Principle, Risk, Scenario, Step
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
from .common import form_page, refuse

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
    # Links from the framework page open this form on a domain, or on a lesson.
    initial = {"domain": request.GET.get("domein", ""), "lesson": request.GET.get("les", "")}
    form = PrincipleForm(request.POST or None, group=group, initial=initial)
    return form_page(
        request,
        form,
        save=lambda form: services.principle_save(principle=form.save(commit=False)),
        success_url=_framework_url(group),
        message=_("Principle added."),
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
    return form_page(
        request,
        form,
        save=lambda form: services.principle_save(principle=form.save(commit=False)),
        success_url=_framework_url(group),
        message=_("Principle saved."),
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
    return form_page(
        request,
        form,
        save=lambda form: services.lesson_save(lesson=form.save(commit=False)),
        success_url=_framework_url(group) + "#lessons",
        message=_("Lesson recorded."),
        title=_("New lesson learned"),
        group=group,
        back_url=_framework_url(group),
        back_label=_("Decision framework"),
    )


def lesson_edit(request, pk):
    lesson = get_lesson_for_user(request.user, pk, EDIT)
    group = lesson.group
    form = LessonForm(request.POST or None, instance=lesson, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.lesson_save(lesson=form.save(commit=False)),
        success_url=_framework_url(group) + "#lessons",
        message=_("Lesson saved."),
        title=_("Edit lesson"),
        group=group,
        back_url=_framework_url(group),
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
    # In the playbook's order, explicitly: a grouped query (the step count) drops the
    # model's ordering.
    scenarios = list(
        group.scenarios.annotate(step_count=Count("steps", distinct=True)).order_by("title", "pk")
    )
    numbers = {scenario.pk: number for number, scenario in enumerate(scenarios, start=1)}
    by_pk = {scenario.pk: scenario for scenario in scenarios}
    risks = list(Risk.objects.filter(scenario__group=group).select_related("organisation"))
    for risk in risks:
        # Each risk's scenario is the one read above, its address made once per scenario.
        risk.scenario = by_pk[risk.scenario_id]
    for scenario in scenarios:
        scenario.url = scenario.get_absolute_url()
    labelled = label_risks(risks, numbers)
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
    form = ScenarioForm(request.POST or None, instance=Scenario(group=group))
    formset = StepFormSet(request.POST or None, prefix="steps")
    return form_page(
        request,
        form,
        save=lambda form: services.scenario_create(
            scenario=form.save(commit=False), steps=formset.steps()
        ),
        success_url=lambda scenario: scenario.get_absolute_url(),
        message=_("Scenario created."),
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
    return form_page(
        request,
        form,
        save=lambda form: services.scenario_save(scenario=form.save(commit=False)),
        success_url=scenario.get_absolute_url(),
        message=_("Scenario saved."),
        title=_("Edit scenario"),
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def scenario_copy(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    title = scenario.title
    form = ScenarioCopyForm(
        request.POST or None, initial={"title": _("Copy of %(title)s") % {"title": title}}
    )
    return form_page(
        request,
        form,
        save=lambda form: services.scenario_copy(
            scenario=scenario, title=form.cleaned_data["title"]
        ),
        success_url=lambda copy: copy.get_absolute_url(),
        message=_("Scenario copied; adjust it to the new situation."),
        title=_("Copy scenario %(title)s") % {"title": title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=title,
        submit=_("Copy"),
        intro=_("The copy takes over the trigger, description, steps and risks."),
    )


def scenario_history(request, pk):
    scenario = get_scenario_for_user(request.user, pk, VIEW_ALL)
    return render_history(request, scenario, back_url=scenario.get_absolute_url())


# --- Steps and risks ----------------------------------------------------------------------


def _steps_url(scenario):
    return scenario.get_absolute_url() + "#steps"


def step_create(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = StepForm(request.POST or None, instance=Step(scenario=scenario), prefix="step")
    return form_page(
        request,
        form,
        save=lambda form: services.step_save(step=form.save(commit=False)),
        success_url=_steps_url(scenario),
        message=_("Step added."),
        title=_("Add a step to %(title)s") % {"title": scenario.title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def step_edit(request, pk):
    step = get_step_for_user(request.user, pk, EDIT)
    scenario = step.scenario
    form = StepForm(request.POST or None, instance=step, prefix="step")
    return form_page(
        request,
        form,
        save=lambda form: services.step_save(step=form.save(commit=False)),
        success_url=_steps_url(scenario),
        message=_("Step saved."),
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
    return redirect(_steps_url(step.scenario))


@require_POST
def step_delete(request, pk):
    step = get_step_for_user(request.user, pk, EDIT)
    try:
        services.step_delete(step=step)
    except ValidationError as error:
        return refuse(request, error, _steps_url(step.scenario))
    messages.success(request, _("Step removed."))
    return redirect(_steps_url(step.scenario))


def _risks_url(scenario):
    return scenario.get_absolute_url() + "#risks"


def risk_create(request, pk):
    scenario = get_scenario_for_user(request.user, pk, EDIT)
    form = RiskForm(request.POST or None, scenario=scenario)
    return form_page(
        request,
        form,
        save=lambda form: services.risk_save(risk=form.save(commit=False)),
        success_url=_risks_url(scenario),
        message=_("Risk added."),
        title=_("Add a risk to %(title)s") % {"title": scenario.title},
        group=scenario.group,
        back_url=scenario.get_absolute_url(),
        back_label=scenario.title,
    )


def risk_edit(request, pk):
    risk = get_risk_for_user(request.user, pk, EDIT)
    scenario = risk.scenario
    form = RiskForm(request.POST or None, instance=risk, scenario=scenario)
    return form_page(
        request,
        form,
        save=lambda form: services.risk_save(risk=form.save(commit=False)),
        success_url=_risks_url(scenario),
        message=_("Risk saved."),
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
    return redirect(_risks_url(risk.scenario))
