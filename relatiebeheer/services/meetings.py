"""The RRO: planning a series, recording each meeting, making its minutes final.

Meetings are rows for the occurrences of the series' rule (services.planning); the agenda
is built from the facts at the moment (services.agenda); the minutes go out as PDF after
they are made final (services.minutes, through a task)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Attendance,
    ContactKind,
    ContactMoment,
    Meeting,
    MeetingSeries,
    Outcome,
    new_feed_token,
)
from ..permissions import keeper_organisation_ids, may_record_meeting, may_run_series
from ..tasks import send_meeting_minutes
from .partners import refresh_last_contact
from .planning import current_members, eligible_members_for, plan_meetings, sync_invitations

RULE_FIELDS = ("first_starts_at", "frequency", "interval", "until")
MAX_DURATION = 480  # minutes: the RRO is short by design
MAX_INTERVAL = 52


# --- Series ---


@transaction.atomic
def series_save(*, series, members, actor, now=None):
    """Create or change a series and (re)plan its coming meetings.

    A change of the rule removes the coming meetings nothing was recorded in and plans the
    new ones; meetings with answers or outcomes stay where they are."""
    now = now or timezone.now()
    keepers = keeper_organisation_ids(actor)
    if keepers is not None and series.organisation_id not in keepers:
        raise PermissionDenied
    if series.pk and not may_run_series(actor, series):
        raise PermissionDenied
    if not 1 <= series.interval <= MAX_INTERVAL:
        raise ValidationError({"interval": _("Repeat every 1 to %(max)s.") % {"max": MAX_INTERVAL}})
    if not 5 <= series.duration_minutes <= MAX_DURATION:
        raise ValidationError(
            {"duration_minutes": _("A meeting lasts 5 to %(max)s minutes.") % {"max": MAX_DURATION}}
        )
    if series.until and series.until < timezone.localdate(series.first_starts_at):
        raise ValidationError({"until": _("The last date cannot come before the first meeting.")})
    allowed = set(eligible_members_for([series.organisation_id]).values_list("pk", flat=True))
    members = list(members)
    strangers = [m for m in members if m.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "members": _(
                    "%(names)s cannot take part: participants keep relationships for "
                    "this organisation."
                )
                % {"names": ", ".join(m.get_full_name() or m.username for m in strangers)}
            }
        )
    if series.chair_id not in allowed:
        raise ValidationError({"chair": _("Choose a chair who keeps relationships here.")})
    if series.chair_id not in {m.pk for m in members}:
        members.append(series.chair)
    rule_changed = False
    if series.pk:
        before = MeetingSeries.objects.get(pk=series.pk)
        rule_changed = any(getattr(before, f) != getattr(series, f) for f in RULE_FIELDS)
    series.changed_at = now
    if series.pk:
        series.sequence += 1
    series.save()
    series.members.set(members)
    if rule_changed:
        # Only what nobody touched is replanned: a cancelled or moved meeting, notes,
        # answers, outcomes or partners present keep a meeting where it is.
        untouched = (
            series.meetings.filter(
                starts_at__gte=now,
                closed_at__isnull=True,
                cancelled=False,
                sequence=0,
                notes="",
            )
            .exclude(attendance__status__in=["present", "excused", "absent"])
            .exclude(attendance__did__gt="")
            .exclude(attendance__will_do__gt="")
            .exclude(outcomes__isnull=False)
            .exclude(guests__isnull=False)
        )
        Meeting.objects.filter(pk__in=list(untouched.values_list("pk", flat=True))).delete()
    plan_meetings(series=series, now=now)
    sync_invitations(series, now)
    return series


@transaction.atomic
def feed_token_reset(*, series, actor):
    if not may_run_series(actor, series):
        raise PermissionDenied
    series.feed_token = new_feed_token()
    series.save(update_fields=["feed_token"])
    return series


# --- One meeting ---


def _lock(meeting):
    """Lock the meeting's row and bring the caller's object up to date with it, so two
    people recording, finalising or reopening at once see each other's step."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for field in ("starts_at", "cancelled", "closed_at", "minutes_sent_at", "sequence"):
        setattr(meeting, field, getattr(locked, field))
    return meeting


@transaction.atomic
def meeting_move(*, meeting, starts_at, cancelled, actor):
    if not may_run_series(actor, meeting.series):
        raise PermissionDenied
    _lock(meeting)
    if meeting.closed_at:
        raise ValidationError(_("The minutes of this meeting are final; it cannot move."))
    meeting.starts_at = starts_at
    meeting.cancelled = cancelled
    meeting.sequence += 1
    meeting.changed_at = timezone.now()
    meeting.save()
    if cancelled:  # a meeting that did not take place had no partners present
        meeting.guests.clear()
        _sync_guest_contacts(meeting, [], actor)
    else:  # partners present met on the day it really was
        on = timezone.localdate(starts_at)
        moved = list(meeting.contact_moments.exclude(on=on).select_related("partner"))
        for moment in moved:
            moment.on = on
            moment.save(update_fields=["on"])
        for partner in {m.partner_id: m.partner for m in moved}.values():
            refresh_last_contact(partner)
    return meeting


@transaction.atomic
def meeting_record(*, meeting, answers, guests, notes, actor, now=None):
    """Save attendance and answers (`answers`: {person_id: (status, did, will_do)}), the
    partners present and the notes. A partner present counts as a contact moment on the
    meeting's date, once; taken off the list, that contact moment goes again."""
    now = now or timezone.now()
    if not may_record_meeting(actor, meeting):
        raise PermissionDenied
    _lock(meeting)
    if meeting.cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.closed_at:
        raise ValidationError(_("The minutes of this meeting are final."))
    started = meeting.starts_at <= now
    rows = {row.person_id: row for row in meeting.attendance.all()}
    for person_id, (status, did, will_do) in answers.items():
        row = rows.get(person_id)
        if row is None:
            continue
        if status != Attendance.Status.INVITED and not started:
            raise ValidationError(_("Attendance can be recorded once the meeting has started."))
        changed = (row.status, row.did, row.will_do) != (status, did.strip(), will_do.strip())
        if changed:
            row.status, row.did, row.will_do = status, did.strip(), will_do.strip()
            row.save()
    guests = list(guests)
    if guests and not started:
        raise ValidationError(
            {"guests": _("Partners can be marked present once the meeting has started.")}
        )
    strangers = [p for p in guests if p.organisation_id != meeting.series.organisation_id]
    if strangers:
        raise ValidationError({"guests": _("Choose partners of this organisation.")})
    meeting.notes = notes.strip()
    meeting.save(update_fields=["notes"])
    meeting.guests.set(guests)
    _sync_guest_contacts(meeting, guests, actor)
    return meeting


def _sync_guest_contacts(meeting, guests, actor):
    """One contact moment per partner present; none for a partner not (or no longer) on
    the list, and no second one (two partners merged into one can bring two)."""
    on = timezone.localdate(meeting.starts_at)
    wanted = {p.pk: p for p in guests}
    kept, touched = set(), {}
    for moment in meeting.contact_moments.select_related("partner").order_by("pk"):
        if moment.partner_id in wanted and moment.partner_id not in kept:
            kept.add(moment.partner_id)
            continue
        touched[moment.partner_id] = moment.partner
        moment.delete()
    for partner_id, partner in wanted.items():
        if partner_id not in kept:
            ContactMoment.objects.create(
                partner=partner,
                on=on,
                kind=ContactKind.MEETING,
                summary=_("Present at %(meeting)s") % {"meeting": meeting.series.title},
                meeting=meeting,
                logged_by=actor,
            )
            touched[partner_id] = partner
    for partner in touched.values():
        refresh_last_contact(partner)


@transaction.atomic
def outcome_add(*, meeting, kind, text, owner, due_on, partner, actor):
    if not may_record_meeting(actor, meeting):
        raise PermissionDenied
    _lock(meeting)
    if meeting.cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.closed_at:
        raise ValidationError(_("The minutes of this meeting are final."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what was decided or what will be done.")})
    if kind == Outcome.Kind.ACTION and owner is None:
        raise ValidationError({"owner": _("An action item needs someone who does it.")})
    if owner is not None and not current_members(meeting.series).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("Choose a participant of this RRO.")})
    if partner is not None and partner.organisation_id != meeting.series.organisation_id:
        raise ValidationError({"partner": _("Choose a partner of this organisation.")})
    if kind == Outcome.Kind.DECISION:
        due_on = None
    return Outcome.objects.create(
        meeting=meeting,
        kind=kind,
        text=text,
        owner=owner,
        due_on=due_on,
        partner=partner,
        created_by=actor,
    )


@transaction.atomic
def outcome_set_status(*, outcome, status, meeting, actor):
    """Close (done, dropped) or reopen an action item, in `meeting` (where it came up)."""
    if not may_record_meeting(actor, outcome.meeting):
        raise PermissionDenied
    if outcome.kind != Outcome.Kind.ACTION:
        raise ValidationError(_("A decision has no status; record a new decision instead."))
    if meeting is not None and meeting.series_id != outcome.meeting.series_id:
        raise ValidationError(_("That meeting belongs to another RRO."))
    for final in (meeting, outcome.closed_in):
        if final is not None and final.closed_at:
            raise ValidationError(
                _("The minutes of the meeting of %(date)s are final.")
                % {"date": timezone.localtime(final.starts_at).strftime("%d-%m-%Y")}
            )
    outcome.status = status
    outcome.closed_in = None if status == Outcome.Status.OPEN else meeting
    outcome.save(update_fields=["status", "closed_in"])
    return outcome


@transaction.atomic
def outcome_delete(*, outcome, actor):
    if not may_record_meeting(actor, outcome.meeting):
        raise PermissionDenied
    if outcome.meeting.closed_at:
        raise ValidationError(_("The minutes of this meeting are final."))
    outcome.delete()


# --- Minutes ---


@transaction.atomic
def minutes_finalise(*, meeting, actor, now=None):
    """Make the minutes final and send them (after commit) to those present and excused."""
    now = now or timezone.now()
    if not may_record_meeting(actor, meeting):
        raise PermissionDenied
    _lock(meeting)
    if meeting.closed_at:
        return meeting  # already final and sent (or being sent): nothing twice
    if meeting.cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at > now:
        raise ValidationError(_("Minutes can be made final once the meeting has taken place."))
    if not meeting.attendance.filter(status=Attendance.Status.PRESENT).exists():
        raise ValidationError(_("Record who was present before the minutes go out."))
    meeting.closed_at = now
    meeting.minutes_sent_at = None
    meeting.save(update_fields=["closed_at", "minutes_sent_at"])
    send_meeting_minutes.delay_on_commit(meeting.pk)
    return meeting


@transaction.atomic
def minutes_reopen(*, meeting, actor):
    if not may_record_meeting(actor, meeting):
        raise PermissionDenied
    meeting.closed_at = None
    meeting.save(update_fields=["closed_at"])
    return meeting
