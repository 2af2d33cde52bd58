"""Relationship management at scale (`seed_demo --scale N`, see coalition.scale): every
new organisation gets the demo's categories and forty partners with contact
persons, kept by its relationship managers; the contact moments are spread over every
partner (the demo's too), a few partners fallen behind their rhythm."""

from datetime import timedelta
from itertools import cycle

from django.contrib.auth import get_user_model

from coalition import roles, scale

from .demo import CATEGORIES, FIRST, LAST, SUMMARIES, TITLES
from .models import (
    Assignment,
    Category,
    ContactKind,
    ContactMoment,
    ContactPerson,
    ContactRole,
    Level,
    Partner,
    normalise_name,
)

PARTNERS_PER_ORGANISATION = 40
KINDS = ["Ziekenhuis", "Huisartsenpraktijk", "Apotheek", "Wijkteam", "Buurthuis", "School"]


@scale.register(order=50)
def scale_relatiebeheer(ctx):
    _partners(ctx)
    _contact_moments(ctx)
    ctx.log.append(
        f"relationship management: {Partner.objects.count()} partners, "
        f"{ContactMoment.objects.count()} contact moments"
    )


def _partners(ctx):
    rng, today = ctx.rng, ctx.today
    with_network = set(Partner.objects.values_list("organisation_id", flat=True))
    organisations = [o for o in ctx.scaled_organisations if o.pk not in with_network]
    if not organisations:
        return
    Category.objects.bulk_create(
        Category(organisation=o, name=name, target_days=target, max_days=maximum)
        for o in organisations
        for name, (target, maximum) in CATEGORIES.items()
    )
    categories = {}
    for category in Category.objects.filter(organisation__in=organisations):
        categories.setdefault(category.organisation_id, []).append(category)
    partners = []
    for organisation in organisations:
        rubrieken = cycle(categories[organisation.pk])
        for number in range(1, PARTNERS_PER_ORGANISATION + 1):
            kind = KINDS[number % len(KINDS)]
            name = f"{kind} {organisation.region} {number}"
            partners.append(
                Partner(
                    organisation=organisation,
                    name=name,
                    normalised_name=normalise_name(name, organisation.region),
                    sector=kind,
                    category=next(rubrieken),
                    priority=1 + number % 3,
                    place=organisation.region,
                    region=organisation.region,
                )
            )
    partners = Partner.objects.bulk_create(partners, batch_size=1000)
    people = ContactPerson.objects.bulk_create(
        [
            ContactPerson(
                organisation_id=p.organisation_id,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                email=f"contact{p.pk}{level[0]}@partner.example",
            )
            for p in partners
            for level in Level.values[: 1 + p.pk % 3]
        ],
        batch_size=1000,
    )
    levels = [(p, level) for p in partners for level in Level.values[: 1 + p.pk % 3]]
    ContactRole.objects.bulk_create(
        [
            ContactRole(
                person=person,
                partner=partner,
                level=level,
                title=TITLES[level],
                starts_on=today - timedelta(days=400),
            )
            for person, (partner, level) in zip(people, levels, strict=True)
        ],
        batch_size=1000,
    )
    assignments = []
    for organisation in organisations:
        managers = ctx.with_role(roles.RELATIONSHIP_MANAGER, organisation.pk)
        if not managers:
            continue
        keepers = cycle(managers)
        for partner in (p for p in partners if p.organisation_id == organisation.pk):
            assignments.append(
                Assignment(
                    partner=partner,
                    manager=next(keepers),
                    level=Level.OPERATIONAL,
                    hours_per_week=1,
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=1000)


def _contact_moments(ctx):
    """Spread the missing contact moments over every partner: the last one a rhythm's
    length ago or a little more, the earlier ones a rhythm apart."""
    rng, today = ctx.rng, ctx.today
    missing = ctx.target("contact_moments") - ContactMoment.objects.count()
    partners = list(Partner.objects.select_related("category").order_by("pk"))
    if missing <= 0 or not partners:
        return
    people = {}
    for partner_id, person_id in ContactRole.objects.values_list("partner_id", "person_id"):
        people.setdefault(partner_id, []).append(person_id)
    loggers = {}
    for user in ctx.with_role(roles.RELATIONSHIP_MANAGER):
        loggers.setdefault(ctx.organisation_of[user.pk], []).append(user.pk)
    fallback = list(
        get_user_model()
        .objects.filter(groups__name=roles.RELATIONSHIP_MANAGER)
        .values_list("pk", flat=True)
    )
    if not fallback:
        return
    moments, latest = [], {}
    for partner, count in zip(partners, scale.spread(missing, len(partners)), strict=True):
        target = partner.target_days or (partner.category.target_days if partner.category else 42)
        if partner.last_contact_on:
            day = partner.last_contact_on - timedelta(days=target)
        else:
            day = today - timedelta(days=int(target * rng.choice([0.5, 0.8, 1.0, 1.2, 1.8])))
            if count:
                latest[partner.pk] = day
        by = loggers.get(partner.organisation_id) or fallback
        for _index in range(count):
            moments.append(
                ContactMoment(
                    partner=partner,
                    person_id=rng.choice(people[partner.pk]) if people.get(partner.pk) else None,
                    on=day,
                    kind=rng.choice(ContactKind.values),
                    summary=rng.choice(SUMMARIES),
                    logged_by_id=rng.choice(by),
                )
            )
            day -= timedelta(days=max(1, target + rng.randint(-5, 10)))
    ContactMoment.objects.bulk_create(moments, batch_size=2000)
    changed = [p for p in partners if p.pk in latest]
    for partner in changed:
        partner.last_contact_on = latest[partner.pk]
    Partner.objects.bulk_update(changed, ["last_contact_on"], batch_size=1000)
