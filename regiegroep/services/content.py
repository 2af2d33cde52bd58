"""What the steering group prepares outside a crisis: vision and priorities, the decision
framework with its lessons, and the scenarios with their step plans and risks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import OrganisationInterest, PriorityGoal, Scenario, Step

# --- Vision and priorities -----------------------------------------------------------------


@transaction.atomic
def vision_save(*, group, interests):
    """Save vision and mandate with the interest of each member organisation."""
    group.save()
    for organisation, text in interests.items():
        interest_save(group=group, organisation=organisation, interest=text)
    return group


@transaction.atomic
def interest_save(*, group, organisation, interest):
    if not interest.strip():
        OrganisationInterest.objects.filter(group=group, organisation=organisation).delete()
        return None
    obj, created = OrganisationInterest.objects.get_or_create(
        group=group, organisation=organisation, defaults={"interest": interest}
    )
    if not created and obj.interest != interest:
        obj.interest = interest
        obj.save()
    return obj


@transaction.atomic
def priority_save(*, priority, goals):
    """Save a priority and the member organisations' goals it serves ({organisation: text}).

    A priority of a group with member organisations serves the goal of at least one of them.
    """
    goals = {organisation: text.strip() for organisation, text in goals.items()}
    if priority.group.organisations.exists() and not any(goals.values()):
        raise ValidationError(
            _("Link the priority to the goal of at least one member organisation.")
        )
    if priority.pk is None:
        last = priority.group.priorities.aggregate(m=Max("position"))["m"]
        priority.position = 0 if last is None else last + 1
    priority.save()
    for organisation, text in goals.items():
        existing = priority.goals.filter(organisation=organisation).first()
        if not text:
            if existing:
                existing.delete()
        elif existing is None:
            PriorityGoal.objects.create(priority=priority, organisation=organisation, goal=text)
        elif existing.goal != text:
            existing.goal = text
            existing.save()
    return priority


def _move(obj, siblings, direction):
    """Swap `obj` with its neighbour among `siblings` (ordered by position); renumber first so
    positions are always 0..n-1 and a swap is well defined. Runs inside the caller's
    transaction, which holds the rows locked."""
    items = list(siblings.select_for_update().order_by("position", "pk"))
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index
            item.save(update_fields=["position"])
    index = next(i for i, item in enumerate(items) if item.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    a, b = items[index], items[other]
    a.position, b.position = b.position, a.position
    a.save(update_fields=["position"])
    b.save(update_fields=["position"])
    return True


@transaction.atomic
def priority_move(*, priority, direction):
    return _move(priority, priority.group.priorities.all(), direction)


@transaction.atomic
def priority_delete(*, priority):
    priority.delete()


# --- Framework and lessons ----------------------------------------------------------------


@transaction.atomic
def principle_save(*, principle):
    principle.save()
    return principle


@transaction.atomic
def principle_delete(*, principle):
    principle.delete()


@transaction.atomic
def lesson_save(*, lesson):
    lesson.save()
    return lesson


# --- Scenarios ----------------------------------------------------------------------------


@transaction.atomic
def scenario_create(*, scenario, steps):
    """A new scenario with its step plan (unsaved steps, in order); a scenario without a
    step plan is no plan."""
    if not steps:
        raise ValidationError(_("The step plan is empty: add at least one step."))
    scenario.save()
    for step in steps:
        step.scenario = scenario
        step_save(step=step)
    return scenario


@transaction.atomic
def scenario_save(*, scenario):
    scenario.save()
    return scenario


@transaction.atomic
def scenario_copy(*, scenario, title):
    """A new scenario that starts as a copy of `scenario`, steps and risks included."""
    copy = Scenario.objects.create(
        group=scenario.group,
        title=title,
        trigger=scenario.trigger,
        description=scenario.description,
        copied_from=scenario,
    )
    for step in scenario.steps.all():
        Step.objects.create(
            scenario=copy,
            position=step.position,
            moment=step.moment,
            action=step.action,
            responsible_role=step.responsible_role,
        )
    for risk in scenario.risks.all():
        risk.pk = None
        risk.id = None
        risk._state.adding = True
        risk.scenario = copy
        risk.save()
    return copy


@transaction.atomic
def step_save(*, step):
    if step.pk is None:
        last = step.scenario.steps.aggregate(m=Max("position"))["m"]
        step.position = 0 if last is None else last + 1
    step.save()
    return step


@transaction.atomic
def step_move(*, step, direction):
    return _move(step, step.scenario.steps.all(), direction)


@transaction.atomic
def step_delete(*, step):
    """Remove a step; the last one stays, since a scenario without a step plan is no plan."""
    if Step.objects.select_for_update().filter(scenario=step.scenario_id).count() <= 1:
        raise ValidationError(_("The step plan cannot be empty: add another step first."))
    step.delete()


@transaction.atomic
def risk_save(*, risk):
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def risk_delete(*, risk):
    risk.delete()
