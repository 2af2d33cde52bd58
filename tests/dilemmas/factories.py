from datetime import timedelta

import factory
from django.utils import timezone

from dilemmas.models import (
    CaseFormVersion,
    CaseStatus,
    Consultation,
    DilemmaCase,
    FacilitatorKind,
    ReflectionKind,
    SupervisionSession,
    Theme,
    TrainingSession,
    TrainingType,
    WorkingGroup,
)
from tests.coalition.factories import OrganisationFactory, TeamFactory, UserFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    mandate = "Leidinggevenden opleiden, trainingen geven, beschikbaar zijn."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")


def default_form():
    return CaseFormVersion.objects.get(group__isnull=True, number=1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DilemmaCase

    author = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    team = None
    form_version = factory.LazyFunction(default_form)
    title = factory.Sequence(lambda n: f"Dilemma {n}")
    status = CaseStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    answers = factory.LazyAttribute(
        lambda c: {str(q.pk): f"Antwoord op {q.title}" for q in c.form_version.questions.all()}
    )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    team = factory.SubFactory(TeamFactory)
    lead = factory.SubFactory(UserFactory)
    reflection = ReflectionKind.LOOKING_BACK
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    location = "Kantoor"


class TrainingTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingType

    group = factory.SubFactory(WorkingGroupFactory)
    name = factory.Sequence(lambda n: f"Training {n}")
    mandatory = True
    repeat_months = 12


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    training = factory.SubFactory(TrainingTypeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3))
    location = "Leslokaal"
    facilitator_kind = FacilitatorKind.EXTERNAL
    external_facilitator = "Stichting Ethiek"
    capacity = 10


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    requester = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    topic = "Ik wil graag praten over een keuze die ik moest maken."
    contact = "06-12345678"
