"""The RRO: series, the agenda and record of a meeting, its minutes, the decision log and
the calendar feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coalition.formpage import call_service, form_page
from coalition.paging import paginate

from .. import calendar
from ..forms_meetings import (
    AttendanceForm,
    DecisionLogFilter,
    MeetingMoveForm,
    MeetingNotesForm,
    OutcomeForm,
    SeriesForm,
)
from ..models import Meeting, MeetingSeries, Outcome
from ..permissions import (
    can_use_app,
    get_meeting_for_user,
    get_outcome_for_user,
    get_series_for_user,
    keeper_organisations,
    may_add_series,
    may_record_meeting,
    may_run_series,
    outcomes_visible_to,
    require_series_adder,
    series_visible_to,
)
from ..services import meetings as services
from ..services.agenda import Agenda
from ..services.minutes import minutes_pdf
from ..services.planning import current_members, eligible_members_for

# --- Series ---


def series_list(request):
    user = request.user
    coming = Meeting.objects.filter(
        series=OuterRef("pk"), cancelled=False, starts_at__gte=timezone.now() - timedelta(hours=1)
    ).order_by("starts_at")
    series = (
        series_visible_to(user)
        .select_related("organisation", "chair")
        .annotate(
            next_pk=Subquery(coming.values("pk")[:1]),
            next_at=Subquery(coming.values("starts_at")[:1]),
        )
        .order_by("title", "pk")
    )
    page, query = paginate(request, series)
    return render(
        request,
        "relatiebeheer/series_list.html",
        {"page": page, "query": query, "may_add": may_add_series(user)},
    )


def _series_form(request, instance=None):
    organisations = keeper_organisations(request.user).order_by("name")
    org_ids = (
        [instance.organisation_id] if instance else list(organisations.values_list("pk", flat=True))
    )
    return SeriesForm(
        request.POST or None,
        instance=instance,
        organisations=organisations,
        people=eligible_members_for(org_ids),
        initial=None if instance else {"chair": request.user, "members": [request.user]},
    )


def series_create(request):
    require_series_adder(request.user)
    form = _series_form(request)
    return _series_page(
        request,
        form,
        context={"title": _("Plan an RRO")},
        message=_("RRO planned. The coming meetings are on the page."),
    )


def series_edit(request, pk):
    series = get_series_for_user(request.user, pk, perm="change")
    form = _series_form(request, series)
    return _series_page(
        request,
        form,
        context={"title": _("Change %(title)s") % {"title": series.title}, "series": series},
        message=_("RRO saved."),
    )


def _series_page(request, form, *, context, message):
    def save(form):
        series = form.save(commit=False)
        services.series_save(
            series=series, members=form.cleaned_data["members"], actor=request.user
        )
        return series

    return form_page(
        request,
        form,
        save=save,
        template="relatiebeheer/series_form.html",
        context=context,
        success_url=lambda series: series,
        message=message,
        error_status=400,
    )


def series_detail(request, pk):
    series = get_series_for_user(request.user, pk)
    now = timezone.now()
    meetings = series.meetings.order_by("starts_at")
    coming = list(meetings.filter(starts_at__gte=now - series.duration)[:6])
    past, query = paginate(request, meetings.filter(starts_at__lt=now - series.duration).reverse())
    members = list(series.members.order_by("last_name", "first_name", "username"))
    return render(
        request,
        "relatiebeheer/series_detail.html",
        {
            "series": series,
            "coming": coming,
            "page": past,
            "query": query,
            "members": members,
            "may_run": may_run_series(request.user, series),
            "is_member": any(m.pk == request.user.pk for m in members),
            "feed_url": request.build_absolute_uri(
                reverse("relatiebeheer:series_feed", args=[series.feed_token])
            ),
        },
    )


@require_POST
def series_feed_reset(request, pk):
    series = get_series_for_user(request.user, pk, perm="change")
    services.feed_token_reset(series=series, actor=request.user)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect(series)


@login_not_required
@never_cache
@require_GET
def series_feed(request, token):
    series = MeetingSeries.objects.filter(feed_token=token).first()
    if series is None:
        raise Http404
    response = HttpResponse(
        calendar.series_feed(series), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="rro.ics"'
    return response


# --- A meeting ---


def meeting_detail(request, pk):
    perm = "record" if request.method == "POST" else "view"
    meeting = get_meeting_for_user(request.user, pk, perm=perm)
    may_record = may_record_meeting(request.user, meeting)
    forms = None
    # Final minutes are read-only; a save that crossed the finalising shows its refusal
    # with what was typed still in the fields.
    if may_record and not meeting.cancelled and (request.method == "POST" or not meeting.closed_at):
        forms = _record_forms(meeting, request.POST if request.method == "POST" else None)
        if request.method == "POST":
            saved = _save_record(request, meeting, *forms)
            if saved:
                messages.success(request, _("Meeting saved."))
                return redirect(meeting)
    return _render_meeting(request, meeting, forms=forms, may_record=may_record)


def _record_forms(meeting, data):
    rows = list(meeting.attendance.select_related("person"))
    row_forms = {
        row.person_id: AttendanceForm(data, instance=row, prefix=f"p{row.person_id}")
        for row in rows
    }
    partners = meeting.series.organisation.partners.order_by("name")
    notes_form = MeetingNotesForm(
        data,
        partners=partners,
        initial={"notes": meeting.notes, "guests": list(meeting.guests.all())},
        prefix="meeting",
    )
    return row_forms, notes_form


def _save_record(request, meeting, row_forms, notes_form):
    if not (all(f.is_valid() for f in row_forms.values()) and notes_form.is_valid()):
        return False
    answers = {
        person_id: (f.cleaned_data["status"], f.cleaned_data["did"], f.cleaned_data["will_do"])
        for person_id, f in row_forms.items()
    }
    return call_service(
        notes_form,
        services.meeting_record,
        meeting=meeting,
        answers=answers,
        guests=notes_form.cleaned_data["guests"],
        notes=notes_form.cleaned_data["notes"],
        actor=request.user,
    )


def _outcome_form(meeting, data=None):
    return OutcomeForm(
        data,
        people=current_members(meeting.series).order_by("last_name", "first_name"),
        partners=meeting.series.organisation.partners.order_by("name"),
        prefix="outcome",
        initial={"kind": Outcome.Kind.ACTION},
    )


def _render_meeting(request, meeting, *, forms=None, may_record, outcome_form=None, status=200):
    agenda = Agenda(meeting, timezone.localdate())
    row_forms, notes_form = forms or ({}, None)
    for row in agenda.rows:
        row.form = row_forms.get(row.person_id)
    if may_record and outcome_form is None:
        outcome_form = _outcome_form(meeting)
    return render(
        request,
        "relatiebeheer/meeting_detail.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "agenda": agenda,
            "notes_form": notes_form,
            "outcome_form": outcome_form,
            "may_record": may_record,
            "may_run": may_run_series(request.user, meeting.series),
            "started": meeting.starts_at <= timezone.now(),
        },
        status=400 if (notes_form is not None and notes_form.is_bound) else status,
    )


def meeting_move(request, pk):
    meeting = get_meeting_for_user(request.user, pk, perm="change")
    form = MeetingMoveForm(
        request.POST or None,
        initial={
            "starts_at": timezone.localtime(meeting.starts_at),
            "cancelled": meeting.cancelled,
        },
    )
    return form_page(
        request,
        form,
        save=lambda form: services.meeting_move(
            meeting=meeting,
            starts_at=form.cleaned_data["starts_at"],
            cancelled=form.cleaned_data["cancelled"],
            actor=request.user,
        ),
        template="form_page.html",
        context={
            "title": _("Move or cancel %(meeting)s") % {"meeting": meeting},
            "back": meeting.get_absolute_url(),
        },
        success_url=meeting,
        message=_("Meeting changed; the calendar follows."),
        error_status=400,
    )


@require_POST
def outcome_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, perm="record")
    form = _outcome_form(meeting, request.POST)

    def save(form):
        data = form.cleaned_data
        return services.outcome_add(
            meeting=meeting,
            kind=data["kind"],
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
            partner=data["partner"],
            actor=request.user,
        )

    def show_errors(form):
        forms = None if meeting.cancelled else _record_forms(meeting, None)
        return _render_meeting(
            request, meeting, forms=forms, may_record=True, outcome_form=form, status=400
        )

    return form_page(
        request,
        form,
        save=save,
        success_url=reverse("relatiebeheer:meeting_detail", args=[pk]) + "#outcomes",
        message=_("Added to the minutes."),
        on_error=show_errors,
    )


@require_POST
def outcome_status(request, pk):
    outcome = get_outcome_for_user(request.user, pk, perm="record")
    status = request.POST.get("status")
    if status not in Outcome.Status.values:
        messages.error(request, _("Choose done, dropped or open."))
    else:
        in_meeting = None
        meeting_pk = request.POST.get("meeting")
        if meeting_pk and meeting_pk.isdigit():
            in_meeting = get_meeting_for_user(request.user, int(meeting_pk), perm="record")
        try:
            services.outcome_set_status(
                outcome=outcome, status=status, meeting=in_meeting, actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Action item: %(status)s.") % {"status": outcome.get_status_display()}
            )
    back = request.POST.get("meeting")
    if back and back.isdigit():
        return redirect(reverse("relatiebeheer:meeting_detail", args=[back]) + "#carried-over")
    return redirect("relatiebeheer:decision_log")


@require_POST
def outcome_delete(request, pk):
    outcome = get_outcome_for_user(request.user, pk, perm="record")
    meeting = outcome.meeting
    try:
        services.outcome_delete(outcome=outcome, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the minutes."))
    return redirect(reverse("relatiebeheer:meeting_detail", args=[meeting.pk]) + "#outcomes")


# --- Minutes ---


def meeting_minutes_pdf(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    local = timezone.localtime(meeting.starts_at)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notulen-{local:%Y-%m-%d}.pdf"'
    return response


@require_POST
def meeting_finalise(request, pk):
    meeting = get_meeting_for_user(request.user, pk, perm="record")
    try:
        services.minutes_finalise(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The minutes are final and go by e-mail to those present and excused.")
        )
    return redirect(meeting)


@require_POST
def meeting_reopen(request, pk):
    meeting = get_meeting_for_user(request.user, pk, perm="record")
    services.minutes_reopen(meeting=meeting, actor=request.user)
    messages.success(request, _("The minutes can be changed again; make them final to resend."))
    return redirect(meeting)


# --- The decision log ---


def decision_log(request):
    user = request.user
    can_use_app(user)
    filters = DecisionLogFilter(request.GET or None, series=series_visible_to(user))
    outcomes = filters.apply(
        outcomes_visible_to(user).select_related("meeting__series", "owner", "partner")
    )
    page, query = paginate(request, outcomes.order_by("-meeting__starts_at", "-pk"))
    return render(
        request,
        "relatiebeheer/decision_log.html",
        {"filters": filters, "page": page, "query": query, "today": timezone.localdate()},
    )
