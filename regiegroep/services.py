"""Operations of the steering group that write several rows or have side effects.

Every function is keyword-only and runs in one transaction.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from coalition.services import notify

from .models import (
    Communication,
    Decision,
    Lesson,
    OrganisationInterest,
    PlaybookPdf,
    PlaybookVersion,
    PriorityGoal,
    Scenario,
    Seat,
    SteeringGroup,
    Step,
)

MEMBER_PERMS = ("view_steeringgroup", "change_steeringgroup")


# --- Steering group and seats -------------------------------------------------------------


@transaction.atomic
def group_save(*, group, organisations):
    """Create or update a group with its member organisations."""
    group.full_clean()
    group.save()
    group.organisations.set(organisations)
    return group


def _lock_group(group):
    # The lock serialises everything that counts seats or numbers versions of this group.
    return SteeringGroup.objects.select_for_update().get(pk=group.pk)


def _check_seat(group, seat, today):
    """Cap and duplicate checks, run while the group row is locked."""
    if seat.end_date is not None and seat.end_date < today:
        return  # a seat recorded for the history takes no place
    others = Seat.objects.filter(group=group).not_ended(today).exclude(pk=seat.pk)
    if others.filter(person=seat.person).exists():
        raise ValidationError(
            {"person": _("This person already holds a seat in this steering group.")}
        )
    if others.count() >= group.max_members:
        raise ValidationError(
            _(
                "The steering group is full: it has %(count)d of at most %(max)d members. "
                "End a seat first or raise the maximum."
            )
            % {"count": others.count(), "max": group.max_members}
        )


@transaction.atomic
def seat_save(*, seat, today=None):
    """Add or change a seat; the member cap and one seat per person hold under concurrency."""
    today = today or timezone.localdate()
    group = _lock_group(seat.group)
    seat.full_clean()
    _check_seat(group, seat, today)
    seat.save()
    sync_member_permissions(group=group, today=today)
    return seat


@transaction.atomic
def seat_end(*, seat, end_date):
    if end_date < seat.start_date:
        raise ValidationError(
            {"end_date": _("The end date cannot be before the start date of the seat.")}
        )
    seat.end_date = end_date
    seat.save(update_fields=["end_date"])
    sync_member_permissions(group=seat.group)
    return seat


def sync_member_permissions(*, group, today=None):
    """Give the holders of current seats the steering member's object permissions on the
    group, and take them from people whose seats have ended."""
    today = today or timezone.localdate()
    User = get_user_model()
    current = set(
        group.seats.not_ended(today).filter(start_date__lte=today).values_list("person", flat=True)
    )
    holders = get_users_with_perms(
        group, only_with_perms_in=["change_steeringgroup"], with_group_users=False
    )
    held = set(holders.values_list("pk", flat=True))
    for user in User.objects.filter(pk__in=current - held):
        for perm in MEMBER_PERMS:
            assign_perm(perm, user, group)
    for user in User.objects.filter(pk__in=held - current):
        for perm in MEMBER_PERMS:
            remove_perm(perm, user, group)


# --- Circles ------------------------------------------------------------------------------


@transaction.atomic
def stakeholder_save(*, stakeholder):
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder):
    """Remove a stakeholder; who was informed of what stays recorded on the decisions."""
    stakeholder.delete()


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
    """Save a priority and the member organisations' goals it serves ({organisation: text})."""
    if priority.pk is None:
        last = priority.group.priorities.aggregate(m=Max("position"))["m"]
        priority.position = 0 if last is None else last + 1
    priority.save()
    for organisation, text in goals.items():
        text = text.strip()
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
    positions are always 0..n-1 and a swap is well defined."""
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


# --- Scenarios ----------------------------------------------------------------------------


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


# --- Crises and decisions -----------------------------------------------------------------


@transaction.atomic
def crisis_save(*, crisis):
    crisis.save()
    return crisis


@transaction.atomic
def crisis_event_save(*, event):
    if not event.crisis.is_open:
        raise ValidationError(_("This crisis is closed; no events can be added."))
    event.save()
    return event


@transaction.atomic
def crisis_close(*, crisis, closed_on, lessons):
    """Close a crisis and record what it taught (one lesson per non-empty title)."""
    if not crisis.is_open:
        raise ValidationError(_("This crisis is already closed."))
    if closed_on < crisis.started_on:
        raise ValidationError({"closed_on": _("A crisis cannot end before it started.")})
    crisis.closed_on = closed_on
    crisis.save(update_fields=["closed_on"])
    created = [
        Lesson.objects.create(
            group=crisis.group, crisis=crisis, title=title, description=description
        )
        for title, description in lessons
    ]
    return created


PUBLISHED_IS_FINAL = gettext_lazy(
    "A published decision cannot be changed; supersede it with a new decision."
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
        stored = Decision.objects.select_for_update().get(pk=decision.pk)
        if stored.is_published:
            raise ValidationError(str(PUBLISHED_IS_FINAL))
    decision.save()
    return decision


@transaction.atomic
def decision_supersede(*, decision):
    """A new draft that will replace `decision` once it is published."""
    if not decision.is_published:
        raise ValidationError(_("Only a published decision can be superseded."))
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError(_("This decision already has a successor."))
    return Decision.objects.create(
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


@transaction.atomic
def decision_publish(*, decision, actor, circles):
    """Publish a draft (from then on it is final) and inform the chosen circles, in one
    transaction: the communications and in-app notifications are written with the
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


@transaction.atomic
def decision_communicate(*, decision, circles):
    """Inform the stakeholders of `circles` of a published decision, each once: in the app
    when they use it, by e-mail otherwise. Returns the communications made now."""
    if not decision.is_published:
        raise ValidationError(_("Only a published decision can be communicated."))
    circles = sorted({int(c) for c in circles})
    if not circles:
        raise ValidationError({"circles": _("Choose at least one circle to inform.")})
    already = set(decision.communications.values_list("stakeholder", flat=True))
    url = reverse("regiegroep:decision_detail", args=[decision.pk])
    # The texts are stored and mailed to people outside the app: always in the product
    # language, never in the language of whoever clicked.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Decision of %(group)s: %(title)s") % {
            "group": decision.group.name,
            "title": decision.title,
        }
        body = _("%(text)s\n\nRationale: %(rationale)s") % {
            "text": decision.text,
            "rationale": decision.rationale,
        }
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
            notify(subject=subject, body=body, url=url, emails=[stakeholder.email], key=key)
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


# --- Playbook -----------------------------------------------------------------------------


@transaction.atomic
def playbook_publish(*, group, actor, change_note, render=True):
    """Freeze the current content as the next numbered version; its PDFs render in a worker
    after commit (`render=False` leaves them to the first download)."""
    from .playbook import build_snapshot
    from .tasks import render_playbook_pdf

    group = _lock_group(group)
    last = group.playbooks.aggregate(m=Max("number"))["m"] or 0
    version = PlaybookVersion.objects.create(
        group=group,
        number=last + 1,
        change_note=change_note,
        snapshot=build_snapshot(group),
        published_by=actor,
    )
    if render:
        for language, _name in settings.LANGUAGES:
            # robust: a broker that is down must not undo or break the publication; the
            # download renders the PDF itself when the worker never did.
            transaction.on_commit(_enqueue(render_playbook_pdf, version.pk, language), robust=True)
    return version


def _enqueue(task, *args):
    def enqueue_task():
        task.delay(*args)

    return enqueue_task


def playbook_pdf(*, version, language):
    """The stored PDF of a version in a language, rendered and stored now if it is missing."""
    existing = version.pdfs.filter(language=language).first()
    if existing and existing.file and existing.file.storage.exists(existing.file.name):
        return existing
    from .playbook import render_playbook

    started = time.monotonic()
    with translation.override(language):
        content = render_playbook(version)
    seconds = time.monotonic() - started
    try:
        with transaction.atomic():
            if existing is None:
                existing = PlaybookPdf(version=version, language=language)
            existing.render_seconds = seconds
            existing.rendered_at = timezone.now()
            existing.file.save(f"v{version.number}-{language}.pdf", ContentFile(content), save=True)
    except IntegrityError:
        # A worker stored it at the same moment: keep theirs.
        return version.pdfs.get(language=language)
    return existing


def send_review_reminders(*, today=None):
    """Remind the steering members of each group whose last playbook version is a year old
    or more; once per version and year overdue, however often this runs."""
    today = today or timezone.localdate()
    sent = 0
    latest_by_group = {}
    for version in PlaybookVersion.objects.select_related("group").order_by("group", "-number"):
        latest_by_group.setdefault(version.group_id, version)
    for version in latest_by_group.values():
        published = timezone.localtime(version.published_at).date()
        years = _years_between(published, today)
        if years < 1:
            continue
        members = get_users_with_perms(
            version.group, only_with_perms_in=["change_steeringgroup"], with_group_users=False
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Yearly review of the playbook of %(group)s") % {
                "group": version.group.name
            }
            body = _(
                "Version %(number)s of the playbook was published on %(date)s. "
                "Review it with the steering group and publish a new version."
            ) % {"number": version.number, "date": date_format(published, "DATE_FORMAT")}
        sent += len(
            notify(
                subject=subject,
                body=body,
                url=reverse("regiegroep:playbook_list", args=[version.group_id]),
                recipients=list(members),
                key=f"regiegroep:review:{version.group_id}:v{version.number}:y{years}",
            )
        )
    return sent


def _years_between(start, end):
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years
