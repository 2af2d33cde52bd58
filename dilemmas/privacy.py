"""Retention of dilemma cases and consultation requests, and what erasing a staff member
means here (coalition.privacy).

- A case is anonymised two years (RETENTION_DAYS["dilemmas.dilemmacase"]) after it was
  brought in, or after it was written when it never was: its title becomes "Anonymised
  case", its answers and the outcomes recorded in sessions are emptied, in every earlier
  version too. What stays (organisation, team, themes, dates, status) names nobody and keeps
  the working group's figures right.
- A consultation request is anonymised a year (RETENTION_DAYS["dilemmas.consultation"])
  after it was closed or withdrawn: its topic and contact details are emptied.
- Erasing a staff member empties the topic and contact details of every consultation they
  asked for, whatever its state. The cases they wrote stay with the working group, under
  their anonymised account: their content is the organisation's record of the deliberation.
"""

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.privacy import PersonPart, RetentionKind
from coalition.privacy.erase import blank

from .models import Consultation, DilemmaCase, SessionCase
from .models.consultations import FINISHED


def cases_due(cutoff):
    return (
        DilemmaCase.objects.filter(anonymised_at__isnull=True)
        .alias(moment=Coalesce("submitted_at", "created_at"))
        .filter(moment__lte=cutoff)
        .order_by("pk")
    )


def anonymise_cases(cases):
    ids = [case.pk for case in cases]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Anonymised case")
    blank(SessionCase.objects.filter(case_id__in=ids), outcome="")
    return blank(
        DilemmaCase.objects.filter(pk__in=ids),
        title=title,
        answers={},
        anonymised_at=timezone.now(),
    )


def consultations_due(cutoff):
    return (
        Consultation.objects.filter(anonymised_at__isnull=True, status__in=FINISHED)
        .filter(Q(closed_at__lte=cutoff) | Q(closed_at__isnull=True, withdrawn_at__lte=cutoff))
        .order_by("pk")
    )


def anonymise_consultations(consultations):
    return _blank_consultations(Consultation.objects.filter(pk__in=[c.pk for c in consultations]))


def _blank_consultations(queryset):
    with translation.override(settings.LANGUAGE_CODE):
        topic = _("(anonymised)")
    return blank(queryset, topic=topic, contact="", anonymised_at=timezone.now())


CASE_RETENTION = RetentionKind(
    name="dilemmas.dilemmacase",
    label=lambda: gettext_lazy("dilemma cases"),
    due=cases_due,
    anonymise=anonymise_cases,
    rule=lambda: gettext_lazy("the day it was brought in, or written"),
)
CONSULTATION_RETENTION = RetentionKind(
    name="dilemmas.consultation",
    label=lambda: gettext_lazy("consultation requests"),
    due=consultations_due,
    anonymise=anonymise_consultations,
    rule=lambda: gettext_lazy("the day it was closed or withdrawn"),
)


def _erase_person(user):
    return {
        _("consultation requests"): _blank_consultations(
            Consultation.objects.filter(requester=user)
        )
    }


PERSON_PART = PersonPart(collect=lambda user, own: [], erase=_erase_person)
