import datetime
from decimal import Decimal

import factory

from regiegroep.models import (
    Crisis,
    Decision,
    Domain,
    Lesson,
    Moment,
    Principle,
    Risk,
    Scenario,
    Seat,
    Stakeholder,
    SteeringGroup,
    Step,
)
from tests.coalition.factories import OrganisationFactory, UserFactory


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Regiegroep {n}")
    scope = "sector"
    max_members = 5
    vision = "Samen sterk in een crisis."
    mandate = "Besluiten over locaties en personeel."
    mandate_domains = factory.LazyFunction(lambda: [Domain.LOCATIONS, Domain.PERSONNEL])

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    group = factory.SubFactory(SteeringGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(UserFactory)
    role = "Lid"
    hours_per_week = Decimal("2")
    start_date = datetime.date(2026, 1, 1)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    group = factory.SubFactory(SteeringGroupFactory)
    circle = 2
    name = factory.Sequence(lambda n: f"Partner {n}")
    email = factory.Sequence(lambda n: f"partner{n}@example.org")


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    group = factory.SubFactory(SteeringGroupFactory)
    title = factory.Sequence(lambda n: f"Scenario {n}")
    trigger = "Een aankondiging van het kabinet."
    description = "Wat we dan doen."


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    scenario = factory.SubFactory(ScenarioFactory)
    position = factory.Sequence(lambda n: n)
    moment = Moment.START
    action = factory.Sequence(lambda n: f"Stap {n}")
    responsible_role = "Voorzitter"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    scenario = factory.SubFactory(ScenarioFactory)
    description = factory.Sequence(lambda n: f"Risico {n}")
    likelihood = 3
    impact = 4
    mitigation = "Flexpool."


class CrisisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Crisis

    group = factory.SubFactory(SteeringGroupFactory)
    name = factory.Sequence(lambda n: f"Crisis {n}")
    started_on = datetime.date(2026, 3, 1)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    group = factory.SubFactory(SteeringGroupFactory)
    domain = Domain.PERSONNEL
    title = factory.Sequence(lambda n: f"Besluit {n}")
    text = "We zetten de flexpool in."
    rationale = "Te weinig personeel."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    group = factory.SubFactory(SteeringGroupFactory)
    title = factory.Sequence(lambda n: f"Les {n}")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    group = factory.SubFactory(SteeringGroupFactory)
    domain = Domain.FINANCES
    text = factory.Sequence(lambda n: f"Principe {n}")
