"""Digital inclusion at scale (`seed_demo --scale N`, see coalition.scale): clients of every
organisation with their intakes, the standing basic goal each client has, and for some a goal
with a service of the menu and a few attempts. Who sees the clients is the organisation sight
the core already derived for the scaled staff."""

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from coalition import roles, scale

from .models import (
    Attempt,
    Client,
    Goal,
    HelpAtHome,
    Intake,
    Internet,
    Language,
    Persona,
    Service,
    SkillStatement,
    TargetGroup,
)

SERVICE_GOAL_SHARE = 0.2  # clients with a goal beside the basic one
DEVICES = [["smartphone"], ["tablet"], ["smartphone", "computer"], ["none"]]


@scale.register(order=40)
def scale_digital(ctx):
    missing = ctx.target("clients") - Client.objects.count()
    intake_staff = {
        organisation.pk: ctx.with_role(roles.INTAKE_STAFF, organisation.pk)
        for organisation in ctx.organisations
    }
    organisations = [o for o in ctx.organisations if intake_staff[o.pk]]
    if missing <= 0 or not organisations:
        ctx.log.append(f"digital: {Client.objects.count()} clients")
        return
    rng, now = ctx.rng, ctx.now
    languages = list(Language.objects.all())
    groups = list(TargetGroup.objects.all())
    personas = list(Persona.objects.all())
    statements = list(SkillStatement.objects.values_list("pk", flat=True))
    first = Client.objects.filter(number__startswith="SC-").count() + 1
    clients, plans = [], []
    for organisation, count in zip(
        organisations, scale.spread(missing, len(organisations)), strict=True
    ):
        for _index in range(count):
            number = first + len(clients)
            days = rng.randint(10, 900)
            clients.append(
                Client(
                    organisation=organisation,
                    number=f"SC-{number:06d}",
                    language=rng.choice(languages),
                    target_group=rng.choice(groups),
                    persona=rng.choice(personas),
                    created_at=now - timedelta(days=days),
                )
            )
            plans.append((rng.choice(intake_staff[organisation.pk]), days))
    clients = Client.objects.bulk_create(clients, batch_size=1000)
    intakes = []
    for client, (staff, days) in zip(clients, plans, strict=True):
        # Most intakes are recent; the few over a year old are due for a re-intake.
        done = now - timedelta(days=min(days, rng.randint(5, 380)))
        can = rng.sample(statements, rng.randint(0, min(6, len(statements))))
        intakes.append(
            Intake(
                client=client,
                done_by=staff,
                done_at=done,
                can=can,
                wants=rng.sample(statements, min(2, len(statements))),
                devices=rng.choice(DEVICES),
                internet=rng.choice(Internet.values),
                help_at_home=rng.choice(HelpAtHome.values),
                proposed_persona=client.persona,
                proposal_reason="Voorgesteld op grond van wat de cliënt kan.",
                persona=client.persona,
            )
        )
    Intake.objects.bulk_create(intakes, batch_size=1000)
    with translation.override(settings.LANGUAGE_CODE):
        basic = _("The basics: a device, the internet and a password on my own")
    Goal.objects.bulk_create(
        [
            Goal(client=c, is_basic=True, title=basic, created_by=s)
            for c, (s, _d) in zip(clients, plans, strict=True)
        ],
        batch_size=1000,
    )
    _service_goals(ctx, clients)
    ctx.log.append(f"digital: {Client.objects.count()} clients ({len(clients)} new), with intakes")


def _service_goals(ctx, clients):
    rng, now = ctx.rng, ctx.now
    services = list(Service.objects.filter(retired_at__isnull=True))
    care_workers = {}
    for user in ctx.with_role(roles.CARE_WORKER):
        care_workers.setdefault(ctx.organisation_of[user.pk], []).append(user)
    goals, tries = [], []
    for client in clients:
        workers = care_workers.get(client.organisation_id)
        if not services or not workers or rng.random() >= SERVICE_GOAL_SHARE:
            continue
        service = rng.choice(services)
        goals.append(
            Goal(
                client=client,
                title=f"Ik kan zelf: {service.name.lower()}",
                service=service,
                starts_on=(now - timedelta(days=40)).date(),
                due_on=(now + timedelta(days=rng.randint(-10, 90))).date(),
                strikes_since=now - timedelta(days=40),
                created_by=rng.choice(workers),
            )
        )
        tries.append((rng.choice(workers), rng.randint(0, 2)))
    goals = Goal.objects.bulk_create(goals, batch_size=1000)
    Attempt.objects.bulk_create(
        [
            Attempt(
                goal=goal,
                worked=rng.random() < 0.5,
                note="Samen geoefend.",
                logged_by=worker,
                logged_at=now - timedelta(days=30 - 7 * n),
            )
            for goal, (worker, count) in zip(goals, tries, strict=True)
            for n in range(count)
        ],
        batch_size=2000,
    )
