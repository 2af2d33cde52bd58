"""Crises, the decisions of the steering group, and informing the circles of them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition.services import notify

from ..models import Communication, Crisis, Decision, Lesson

# --- Crises -------------------------------------------------------------------------------


def ensure_events_allowed(*, crisis):
    """Refuse new events for a closed crisis: its log is final."""
    if not crisis.is_open:
        raise ValidationError(_("This crisis is closed; no events can be added."))


def ensure_open(*, crisis):
    """Refuse to close a crisis twice."""
    if not crisis.is_open:
        raise ValidationError(_("This crisis is already closed."))


@transaction.atomic
def crisis_save(*, crisis):
    crisis.save()
    return crisis


@transaction.atomic
def crisis_event_save(*, event):
    ensure_events_allowed(crisis=event.crisis)
    if event.occurred_on < event.crisis.started_on:
        raise ValidationError({"occurred_on": _("This date is before the start of the crisis.")})
    event.save()
    return event


@transaction.atomic
def crisis_close(*, crisis, closed_on, lessons):
    """Close a crisis and record what it taught: at least one lesson, (title, description)
    each."""
    crisis = Crisis.objects.select_for_update().get(pk=crisis.pk)
    ensure_open(crisis=crisis)
    lessons = [(title.strip()[:200], description) for title, description in lessons]
    lessons = [(title, description) for title, description in lessons if title]
    errors = {}
    if closed_on < crisis.started_on:
        errors["closed_on"] = _("A crisis cannot end before it started.")
    if not lessons:
        errors["lessons"] = _("Write down at least one lesson learned, one per line.")
    if errors:
        raise ValidationError(errors)
    crisis.closed_on = closed_on
    crisis.save(update_fields=["closed_on"])
    return [
        Lesson.objects.create(
            group=crisis.group, crisis=crisis, title=title, description=description
        )
        for title, description in lessons
    ]


# --- Decisions ----------------------------------------------------------------------------


def ensure_draft(*, decision):
    """Refuse any change to a published decision: it is final, and only a new decision
    that supersedes it can replace it."""
    if decision.is_published:
        raise ValidationError(
            _("A published decision cannot be changed; supersede it with a new decision.")
        )


@transaction.atomic
def decision_save(*, decision, outside_mandate_confirmed=False):
    """Save a draft decision.

    A decision is within the mandate, or outside it with the steering group's explicit
    confirmation (`outside_mandate_confirmed`). A confirmation for a decision marked within
    the mandate contradicts it; both that and an unconfirmed decision outside it are refused.
    """
    if decision.within_mandate and outside_mandate_confirmed:
        raise ValidationError(
            {
                "within_mandate": _(
                    "A decision is either within the mandate or outside it, not both."
                )
            }
        )
    if not decision.within_mandate and not outside_mandate_confirmed:
        raise ValidationError(
            {
                "within_mandate": _(
                    "This decision falls outside the mandate: confirm that explicitly."
                )
            }
        )
    if decision.pk is not None:
        ensure_draft(decision=Decision.objects.select_for_update().get(pk=decision.pk))
    decision.save()
    return decision


@transaction.atomic
def decision_supersede(*, decision):
    """A new draft that will replace `decision` once it is published. It takes over the
    mandate choice the steering group confirmed for the decision it replaces."""
    if not decision.is_published:
        raise ValidationError(_("Only a published decision can be superseded."))
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError(_("This decision already has a successor."))
    successor = Decision(
        group=decision.group,
        crisis=decision.crisis,
        domain=decision.domain,
        scenario=decision.scenario,
        title=decision.title,
        text=decision.text,
        rationale=decision.rationale,
        within_mandate=decision.within_mandate,
        circles=decision.circles,
        supersedes=decision,
    )
    return decision_save(decision=successor, outside_mandate_confirmed=not decision.within_mandate)


@transaction.atomic
def decision_publish(*, decision, actor, circles):
    """Publish a draft (from then on it is final) by `actor`, and inform the chosen circles,
    in one transaction: the communications and in-app notifications are written with the
    publication, and the e-mails go out after commit (coalition.services.notify)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_published:
        raise ValidationError(_("This decision has already been published."))
    decision.status = Decision.Status.PUBLISHED
    decision.published_at = timezone.now()
    decision.published_by = actor
    decision.circles = sorted(int(c) for c in circles)
    decision.save()
    if decision.circles:
        decision_communicate(decision=decision, circles=decision.circles)
    return decision


def _messages(decision):
    """(subject, body for users of the app, body for e-mail only).

    People outside the app get no link: their mail holds the whole decision (its title in
    the subject, which the mail repeats on top), when and by whom it was taken. The texts
    are stored and mailed to people outside the app, so they are always in the product
    language, never in the language of whoever clicked."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Decision of %(group)s: %(title)s") % {
            "group": decision.group.name,
            "title": decision.title,
        }
        body = _("%(text)s\n\nRationale: %(rationale)s") % {
            "text": decision.text,
            "rationale": decision.rationale,
        }
        date = date_format(timezone.localtime(decision.published_at).date(), "DATE_FORMAT")
        publisher = decision.published_by
        if publisher is not None:
            decided = _("Decided by %(group)s on %(date)s; published by %(person)s.") % {
                "group": decision.group.name,
                "date": date,
                "person": publisher.get_full_name() or publisher.get_username(),
            }
        else:
            decided = _("Decided by %(group)s on %(date)s.") % {
                "group": decision.group.name,
                "date": date,
            }
    return subject, body, f"{decided}\n\n{body}"


@transaction.atomic
def decision_communicate(*, decision, circles):
    """Inform the stakeholders of `circles` of a published decision, each once: in the app
    (with a link to the decision) when they use it, by e-mail with the whole decision in it
    otherwise. Returns the communications made now."""
    if not decision.is_published:
        raise ValidationError(_("Only a published decision can be communicated."))
    circles = sorted({int(c) for c in circles})
    if not circles:
        raise ValidationError({"circles": _("Choose at least one circle to inform.")})
    already = set(decision.communications.values_list("stakeholder", flat=True))
    url = reverse("regiegroep:decision_detail", args=[decision.pk])
    subject, body, full_body = _messages(decision)
    made = []
    now = timezone.now()
    stakeholders = decision.group.stakeholders.filter(circle__in=circles).select_related("user")
    for stakeholder in stakeholders:
        if stakeholder.pk in already:
            continue
        key = f"regiegroep:decision:{decision.pk}:stakeholder:{stakeholder.pk}"
        if stakeholder.user_id:
            notify(subject=subject, body=body, url=url, recipients=[stakeholder.user], key=key)
            channel, address = Communication.Channel.IN_APP, stakeholder.user.get_username()
        elif stakeholder.email:
            notify(subject=subject, body=full_body, emails=[stakeholder.email], key=key)
            channel, address = Communication.Channel.EMAIL, stakeholder.email
        else:
            continue
        made.append(
            Communication.objects.create(
                decision=decision,
                stakeholder=stakeholder,
                name=stakeholder.name,
                circle=stakeholder.circle,
                channel=channel,
                address=address,
                informed_at=now,
            )
        )
    decision.circles = sorted(set(decision.circles) | set(circles))
    decision.communicated_at = decision.communicated_at or now
    decision.save(update_fields=["circles", "communicated_at"])
    return made
