"""Steering groups at scale (`seed_demo --scale N`, see coalition.scale): one steering group
for every ten organisations, seats for their representatives (with the member rights the
app derives from the seats), and the scenarios with their step plans and risks spread over
every group, the demo's too. Each new group publishes a first playbook version."""

from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from coalition import roles, scale

from . import services
from .demo import SCENARIOS
from .models import Risk, Scenario, Seat, SteeringGroup, Step

ORGANISATIONS_PER_GROUP = 10


@scale.register(order=20)
def scale_regiegroep(ctx):
    _groups(ctx)
    _scenarios(ctx)
    ctx.log.append(
        f"steering groups: {SteeringGroup.objects.count()}, {Scenario.objects.count()} scenarios"
    )


def _groups(ctx):
    wanted = max(1, len(ctx.organisations) // ORGANISATIONS_PER_GROUP)
    in_a_group = set(
        SteeringGroup.organisations.through.objects.values_list("organisation_id", flat=True)
    )
    free = [o for o in ctx.scaled_organisations if o.pk not in in_a_group]
    for start in range(0, len(free), ORGANISATIONS_PER_GROUP):
        if SteeringGroup.objects.count() >= wanted:
            break
        chunk = free[start : start + ORGANISATIONS_PER_GROUP]
        group = SteeringGroup(
            name=f"Regiegroep {chunk[0].region} ({start // ORGANISATIONS_PER_GROUP + 1})",
            scope="sector",
            max_members=len(chunk) + 2,
            vision="Samen houden we de zorg overeind, in en buiten een crisis.",
            mandate="De regiegroep besluit over gedeelde inzet van personeel en locaties.",
            mandate_domains=["personnel", "locations"],
        )
        services.group_save(group=group, organisations=chunk)
        start_date = ctx.today - timedelta(days=365)
        for organisation in chunk:
            for person in ctx.with_role(roles.STEERING_MEMBER, organisation.pk)[:1]:
                # The app's own service: the member cap, and the member rights of the seat.
                services.seat_save(
                    seat=Seat(
                        group=group,
                        organisation=organisation,
                        person=person,
                        role="Lid",
                        hours_per_week=Decimal(2),
                        start_date=start_date,
                    )
                )


def _scenarios(ctx):
    rng = ctx.rng
    missing = ctx.target("scenarios") - Scenario.objects.count()
    groups = list(SteeringGroup.objects.order_by("pk"))
    if missing <= 0 or not groups:
        return
    members = {}
    for group in groups:
        members[group.pk] = [o.pk for o in group.organisations.all()]
    templates = cycle(SCENARIOS)
    made, parts = [], []
    for group, count in zip(groups, scale.spread(missing, len(groups)), strict=True):
        for number in range(1, count + 1):
            spec = next(templates)
            made.append(
                Scenario(
                    group=group,
                    title=f"{spec['title']} ({number})",
                    trigger=spec["trigger"],
                    description=spec["description"],
                )
            )
            parts.append((spec, members[group.pk]))
    made = Scenario.objects.bulk_create(made, batch_size=500)
    steps, risks = [], []
    for scenario, (spec, organisation_ids) in zip(made, parts, strict=True):
        step_specs = list(spec["steps"])
        for position in range(rng.randint(6, 10)):
            moment, action, role = step_specs[position % len(step_specs)]
            steps.append(
                Step(
                    scenario=scenario,
                    position=position,
                    moment=moment,
                    action=action,
                    responsible_role=role,
                )
            )
        for _index in range(rng.randint(2, 5)):
            _key, description, likelihood, impact, mitigation = rng.choice(spec["risks"])
            risks.append(
                Risk(
                    scenario=scenario,
                    organisation_id=rng.choice(organisation_ids + [None]),
                    description=description,
                    likelihood=likelihood,
                    impact=impact,
                    mitigation=mitigation,
                )
            )
    Step.objects.bulk_create(steps, batch_size=1000)
    Risk.objects.bulk_create(risks, batch_size=1000)
    for group in groups:
        if group.playbooks.exists():
            continue
        seat = group.seats.select_related("person").first()
        services.playbook_publish(
            group=group,
            actor=seat.person if seat else None,
            change_note="Eerste versie.",
            render=False,
        )
