"""The case form (versions) and dilemma cases."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from coalition.services import notify

from ..models import (
    CaseFormVersion,
    CaseQuestion,
    CaseStatus,
    WorkingGroup,
)
from .access import group_member_ids_of, sync_case_permissions, team_lead_ids_of

User = get_user_model()


# --- Case form ---


def current_form_for(organisation_id):
    """The published form version a new case of this organisation is written on: the
    latest of a working group serving it, else the default form of the app."""
    version = (
        CaseFormVersion.objects.filter(
            group__organisations=organisation_id, published_at__isnull=False
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if version is None:
        version = (
            CaseFormVersion.objects.filter(group__isnull=True, published_at__isnull=False)
            .order_by("-number")
            .first()
        )
    return version


def latest_published(group):
    return (
        group.form_versions.filter(published_at__isnull=False).order_by("-number").first()
        or CaseFormVersion.objects.filter(group__isnull=True, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def form_draft(*, group):
    """The group's unpublished draft of its case form, or None."""
    return group.form_versions.filter(published_at__isnull=True).first()


@transaction.atomic
def form_draft_for(*, group):
    """The group's draft version, made from its latest published form when there is none."""
    draft = form_draft(group=group)
    if draft is not None:
        return draft
    source = latest_published(group)
    # Numbers go on from the form the group starts from, so the default form stays 1.
    number = (
        max(
            group.form_versions.aggregate(n=Max("number"))["n"] or 0, source.number if source else 0
        )
        + 1
    )
    draft = CaseFormVersion.objects.create(group=group, number=number)
    if source is not None:
        CaseQuestion.objects.bulk_create(
            [
                CaseQuestion(
                    version=draft,
                    order=q.order,
                    title=q.title,
                    help_text=q.help_text,
                    required=q.required,
                )
                for q in source.questions.all()
            ]
        )
    return draft


@transaction.atomic
def form_publish(*, group, actor):
    """Publish the group's draft as its current case form. A form without questions is
    refused (ValidationError): a case written on it would hold nothing."""
    draft = form_draft_for(group=group)
    if not draft.questions.exists():
        raise ValidationError(_("A form without questions cannot be published."))
    draft.published_at = timezone.now()
    draft.published_by = actor
    draft.save()
    return draft


# --- Cases ---


@transaction.atomic
def case_save(*, case, author, answers, themes, submit):
    """Create or update a case; `submit` moves a draft to submitted."""
    creating = case.pk is None
    if creating:
        case.author = author
    case.answers = answers
    if submit and case.status == CaseStatus.DRAFT:
        case.status = CaseStatus.SUBMITTED
        case.submitted_at = timezone.now()
    case.save()
    case.themes.set(themes)
    sync_case_permissions(case)
    if submit:
        _announce_submitted(case)
    return case


def case_readers(case):
    """Who reads the case once it is submitted, in words ("the team leads of De Pijp and
    working group Moreel Beraad"), or "" when nobody but the author does. The same facts
    that `case_audience` grants on: the team the author chose and the groups serving the
    organisation."""
    readers = []
    if case.team_id is not None:
        readers.append(_("the team leads of %(team)s") % {"team": case.team.name})
    for name in WorkingGroup.objects.serving([case.organisation_id]).values_list("name", flat=True):
        readers.append(_("working group %(group)s") % {"group": name})
    return str(get_text_list(readers, _("and")))


def _announce_submitted(case):
    recipients = User.objects.filter(
        pk__in=(team_lead_ids_of(case.team_id) | group_member_ids_of(case.organisation_id))
        - {case.author_id}
    )
    with translation.override(settings.LANGUAGE_CODE):  # the product language
        notify(
            subject=_("A dilemma case is waiting for discussion"),
            body=_("A colleague submitted a dilemma case. Open it in the app to read it."),
            url=case.get_absolute_url(),
            recipients=recipients,
            key=f"dilemmas-case-submitted-{case.pk}",
        )


@transaction.atomic
def case_close(*, case):
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    sync_case_permissions(case)
    return case


@transaction.atomic
def case_set_themes(*, case, themes):
    case.themes.set(themes)
    return case
