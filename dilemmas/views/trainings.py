from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coalition import exports
from coalition.formpage import form_page
from coalition.permissions import is_coordinator

from .. import services
from ..calendar import coming_for, feed_for
from ..forms import AttendanceForm, TeamEnrolForm, TrainingSessionForm, TrainingTypeForm
from ..models import Enrolment, TrainingSession
from ..permissions import (
    get_calendar_feed_for_token,
    get_training_session_for_user,
    get_training_type_for_user,
    is_team_lead,
    managed_groups,
    may_manage_training,
    may_manage_trainings,
    people_led_by,
    require,
    training_report_people,
    training_sessions_visible_to,
    training_types_visible_to,
)


def training_list(request):
    user = request.user
    today = timezone.localdate()
    # The trainings listed below are read once: the coming sessions are theirs, each with
    # its training already read.
    types = list(training_types_visible_to(user))
    by_id = {training.pk: training for training in types}
    upcoming = list(
        training_sessions_visible_to(user, visible_trainings=types)
        .filter(starts_at__gte=timezone.now())
        .select_related("internal_expert")
        .annotate(
            enrolled_count=Count("enrolments"),
            is_enrolled=Exists(Enrolment.objects.filter(session=OuterRef("pk"), user=user)),
        )
        .order_by("starts_at")
    )
    for session in upcoming:
        session.training = by_id[session.training_id]
        session.free = session.places_left(session.enrolled_count)
    return render(
        request,
        "dilemmas/training_list.html",
        {
            "dues": services.trainings_due_for([user], today).get(user.pk, []),
            "today": today,
            "upcoming": upcoming,
            "types": types,
            "may_manage": may_manage_trainings(user),
            "is_team_lead": is_team_lead(user),
            "is_coordinator": is_coordinator(user),
        },
    )


def training_type_create(request):
    require(may_manage_trainings(request.user))
    form = TrainingTypeForm(request.POST or None, groups=managed_groups(request.user))
    return _training_type_page(request, form, context={"title": _("New training")})


def training_type_edit(request, pk):
    training = get_training_type_for_user(request.user, pk, perm="manage")
    form = TrainingTypeForm(
        request.POST or None, instance=training, groups=managed_groups(request.user)
    )
    return _training_type_page(
        request,
        form,
        context={"title": _("Edit training"), "back": reverse("dilemmas:training_list")},
    )


def _training_type_page(request, form, *, context):
    return form_page(
        request,
        form,
        save=lambda form: services.training_type_save(training=form.save(commit=False)),
        template="form_page.html",
        context=context,
        success_url="dilemmas:training_list",
        message=_("Training saved."),
    )


def training_session_create(request, pk):
    training = get_training_type_for_user(request.user, pk, perm="manage")
    form = TrainingSessionForm(
        request.POST or None, instance=TrainingSession(training=training), training=training
    )
    return form_page(
        request,
        form,
        save=lambda form: services.training_session_save(session=form.save(commit=False)),
        template="form_page.html",
        context={
            "title": _("New session of %(name)s") % {"name": training.name},
            "back": reverse("dilemmas:training_list"),
        },
        success_url=lambda session: session,
        message=_("Training session planned."),
    )


def _session_page(request, session, *, team_form=None, attendance_form=None, status=200):
    user = request.user
    enrolments = list(session.enrolments.select_related("user"))
    may_manage = may_manage_training(user, session.training)
    context = {
        "session": session,
        "enrolments": enrolments,
        "free": session.places_left(len(enrolments)),
        "is_enrolled": any(e.user_id == user.pk for e in enrolments),
        "may_manage": may_manage,
        "has_started": session.starts_at <= timezone.now(),
    }
    if is_team_lead(user):
        context["team_form"] = team_form or TeamEnrolForm(people=people_led_by(user))
    if may_manage:
        context["attendance_form"] = attendance_form or AttendanceForm(enrolments=enrolments)
    return render(request, "dilemmas/training_session_detail.html", context, status=status)


def training_session_detail(request, pk):
    session = get_training_session_for_user(request.user, pk)
    return _session_page(request, session)


@require_POST
def training_enrol(request, pk):
    session = get_training_session_for_user(request.user, pk)
    try:
        services.enrol(session=session, users=[request.user], actor=request.user)
    except services.CapacityError:
        messages.error(request, _("This session is full. Choose another session."))
    except services.EnrolmentClosed:
        messages.error(request, _("This session has started; enrolment is closed."))
    else:
        messages.success(request, _("You are enrolled."))
    return redirect(session)


@require_POST
def training_unenrol(request, pk):
    session = get_training_session_for_user(request.user, pk)
    services.unenrol(session=session, user=request.user)
    messages.success(request, _("You are no longer enrolled."))
    return redirect(session)


@require_POST
def training_team_enrol(request, pk):
    session = get_training_session_for_user(request.user, pk, perm="enrol_team")
    form = TeamEnrolForm(request.POST, people=people_led_by(request.user))

    def enrol(form):
        try:
            return services.enrol(
                session=session, users=list(form.cleaned_data["people"]), actor=request.user
            )
        except services.EnrolmentClosed:
            raise ValidationError(_("This session has started; enrolment is closed.")) from None
        except services.CapacityError as exc:
            raise ValidationError(
                {
                    "people": _(
                        "Only %(free)s places are left; choose fewer people or another session."
                    )
                    % {"free": exc.free}
                }
            ) from None

    return form_page(
        request,
        form,
        save=enrol,
        success_url=session,
        message=lambda new: _("%(count)s people enrolled.") % {"count": len(new)},
        on_error=lambda form: _session_page(request, session, team_form=form, status=400),
    )


@require_POST
def training_attendance(request, pk):
    session = get_training_session_for_user(request.user, pk, perm="manage")
    enrolments = list(session.enrolments.select_related("user"))
    form = AttendanceForm(request.POST, enrolments=enrolments)
    if form.is_valid():
        try:
            services.record_attendance(
                session=session, present_ids=[int(pk) for pk in form.cleaned_data["present"]]
            )
        except ValidationError as refusal:
            # Before the start the page shows no attendance list to put the message next to.
            messages.error(request, " ".join(refusal.messages))
            return redirect(session)
        messages.success(request, _("Attendance recorded."))
        return redirect(session)
    return _session_page(request, session, attendance_form=form, status=400)


def team_training_status(request):
    user = request.user
    require(is_team_lead(user))
    people = list(people_led_by(user))
    today = timezone.localdate()
    dues = services.trainings_due_for(people, today)
    return render(
        request,
        "dilemmas/team_training_status.html",
        {"rows": [(person, dues.get(person.pk, [])) for person in people], "today": today},
    )


@require_GET
def training_due_export(request):
    """Who must follow which mandatory training by when, as a file: for a team lead their
    teams, for a coordinator everyone. A fixed number of queries."""
    people = list(training_report_people(request.user).prefetch_related("profile__teams"))
    today = timezone.localdate()
    dues = services.trainings_due_for(people, today)
    rows = (
        [
            person.last_name,
            person.first_name,
            ", ".join(team.name for team in person.profile.teams.all()),
            due.training.name,
            due.last_attended,
            due.due,
            _("overdue") if due.due <= today else _("due"),
        ]
        for person in people
        for due in dues.get(person.pk, [])
    )
    headers = [
        _("Last name"),
        _("First name"),
        _("Teams"),
        _("Training"),
        _("Last followed"),
        _("Due on"),
        _("Status"),
    ]
    return exports.download(
        name=_("trainings-due"),
        headers=headers,
        rows=rows,
        file_format=request.GET.get("format", "csv"),
        widths=(22, 18, 24, 34, 14, 14, 12),
    )


# The calendar page lists this many coming sessions, and this many more per "show more".
CALENDAR_PAGE_SIZE = 10
CALENDAR_MAX_SHOWN = 200


def calendar_page(request):
    feed = services.calendar_feed_for(user=request.user)
    path = reverse("dilemmas:calendar_feed", args=[feed.token])
    try:
        shown = int(request.GET.get("aantal", CALENDAR_PAGE_SIZE))
    except ValueError:
        shown = CALENDAR_PAGE_SIZE
    shown = min(max(shown, CALENDAR_PAGE_SIZE), CALENDAR_MAX_SHOWN)
    items, more = coming_for(request.user, limit=shown)
    return render(
        request,
        "dilemmas/calendar.html",
        {
            "feed_url": request.build_absolute_uri(path),
            # webcal:// makes the browser hand the address to the calendar program, which
            # subscribes to it and fetches it again by itself.
            "webcal_url": f"webcal://{request.get_host()}{path}",
            "items": items,
            "more_url": f"?aantal={shown + CALENDAR_PAGE_SIZE}#sessie-{shown + 1}"
            if more and shown < CALENDAR_MAX_SHOWN
            else None,
        },
    )


@require_POST
def calendar_reset(request):
    services.calendar_feed_for(user=request.user, reset=True)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("dilemmas:calendar")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, token):
    feed = get_calendar_feed_for_token(token)
    response = HttpResponse(
        feed_for(feed.user, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="moreel-beraad.ics"'
    return response
