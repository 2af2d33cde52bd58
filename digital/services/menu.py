"""What changes on the menu (menukaart): services, their texts, and feedback on them.

Every function checks the actor's permission itself (through digital.permissions) and
refuses with PermissionDenied; a rule about the data is refused with a ValidationError keyed
by field, which a view shows next to that field. So a second caller (a shell, a task, an
import) cannot skip a rule that lives only in a form.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Service, ServiceFeedback, ServiceText, Verdict
from ..permissions import may_add_service, may_edit_service, services_visible_to


def _raise_if(errors):
    if errors:
        raise ValidationError(errors)


def _set_relations(instance, relations):
    """Set many-to-many fields without a history record per field: the next save writes one
    record with all of them (django-simple-history snapshots the relations on save)."""
    instance.skip_history_when_saving = True
    try:
        for name, values in relations.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving


@transaction.atomic
def service_save(*, service, target_groups, languages, statements=(), actor):
    """Create or change a service. Coordinators keep every service; other staff only
    services their own organisation provides, before and after the change."""
    if service.pk:
        stored = Service.objects.select_for_update().get(pk=service.pk)
        if not may_edit_service(actor, stored):
            raise PermissionDenied
    elif not may_add_service(actor):
        raise PermissionDenied

    target_groups, languages, statements = list(target_groups), list(languages), list(statements)
    service.name = (service.name or "").strip()
    errors = {}
    if not may_edit_service(actor, service):
        errors["provider"] = _("Choose the organisation you work for that provides this service.")
    elif service.provider_id is None and not service.provider_name.strip():
        errors["provider"] = _("Say who provides this service.")
    if (
        service.name
        and Service.objects.filter(name__iexact=service.name).exclude(pk=service.pk).exists()
    ):
        errors["name"] = _("There is already a service called “%(name)s”.") % {"name": service.name}
    if not target_groups:
        errors["target_groups"] = _("Choose at least one target group.")
    if not languages:
        errors["languages"] = _("Choose at least one language.")
    if not (service.analog_alternative or "").strip():
        errors["analog_alternative"] = _(
            "Describe what a client can do without a screen: every service needs an analog "
            "alternative."
        )
    try:
        service.full_clean(validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    _raise_if(errors)

    service._history_user = actor
    relations = {"target_groups": target_groups, "languages": languages, "statements": statements}
    if service.pk:
        _set_relations(service, relations)
        service.save()
    else:
        service.save()
        _set_relations(service, relations)
        service.save()  # the second record holds the relations the first could not
    return service


@transaction.atomic
def service_retire(*, service, actor, retired=True):
    """Take a service off the menu (`retired=True`) or bring it back. Feedback and texts
    stay: a service brought back has its history."""
    if not may_edit_service(actor, service):
        raise PermissionDenied
    if retired == (service.retired_at is not None):
        return service
    service.retired_at = timezone.now() if retired else None
    service._history_user = actor
    service.save(update_fields=["retired_at"])
    return service


@transaction.atomic
def feedback_give(*, service, user, verdict, comment=""):
    """One reaction on a service. Staff often pass on what several clients said, so every
    click counts as one reaction rather than replacing the user's earlier one."""
    if not services_visible_to(user).filter(pk=service.pk).exists():
        raise PermissionDenied
    errors = {}
    if service.retired_at is not None:
        errors["verdict"] = _("This service is no longer on the menu.")
    elif verdict not in Verdict.values:
        errors["verdict"] = _("Choose one of the answers.")
    comment = (comment or "").strip()
    max_length = ServiceFeedback._meta.get_field("comment").max_length
    if len(comment) > max_length:
        errors["comment"] = _("Keep the comment to %(count)s characters.") % {"count": max_length}
    _raise_if(errors)
    return ServiceFeedback.objects.create(
        service=service, user=user, verdict=verdict, comment=comment
    )


def feedback_counts(services):
    """{service pk: {"useful", "too_hard", "not_for_me", "total"}} in one query."""
    rows = (
        ServiceFeedback.objects.filter(service__in=services)
        .values("service")
        .annotate(
            useful=Count("pk", filter=Q(verdict=Verdict.USEFUL)),
            too_hard=Count("pk", filter=Q(verdict=Verdict.TOO_HARD)),
            not_for_me=Count("pk", filter=Q(verdict=Verdict.NOT_FOR_ME)),
            total=Count("pk"),
        )
    )
    return {row.pop("service"): row for row in rows}


@transaction.atomic
def text_save(*, text, actor):
    """Create or change a text of a service for one of its languages, and optionally one of
    its target groups; one text per language and target group."""
    service = text.service
    if not may_edit_service(actor, service):
        raise PermissionDenied
    if text.pk and not ServiceText.objects.filter(pk=text.pk, service=service).exists():
        raise PermissionDenied
    errors = {}
    text.title = (text.title or "").strip()
    text.text = (text.text or "").strip()
    if text.language_id and not service.languages.filter(pk=text.language_id).exists():
        errors["language"] = _("Choose one of the languages of the service.")
    if text.target_group_id and not service.target_groups.filter(pk=text.target_group_id).exists():
        errors["target_group"] = _("Choose one of the target groups of the service.")
    clash = ServiceText.objects.filter(
        service=service, language_id=text.language_id, target_group_id=text.target_group_id
    ).exclude(pk=text.pk)
    if text.language_id and clash.exists():
        errors["target_group" if text.target_group_id else "language"] = _(
            "This service already has a text for this language and target group; change that "
            "one instead."
        )
    try:
        text.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    _raise_if(errors)
    text._history_user = actor
    text.save()
    return text
