from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coalition.middleware import marks_notifications_read

from .. import services
from ..calendar import coming_for, feed_for
from ..forms import AttendanceForm, TeamEnrolForm, TrainingSessionForm, TrainingTypeForm
from ..models import CalendarFeed, Enrolment, TrainingSession
from ..permissions import (
    get_training_session_for_user,
    get_training_type_for_user,
    led_team_ids,
    managed_groups,
    member_group_ids,
    training_sessions_visible_to,
    training_types_visible_to,
)

User = get_user_model()


@marks_notifications_read
def training_list(request):
    user = request.user
    today = timezone.localdate()
    upcoming = (
        training_sessions_visible_to(user)
        .filter(starts_at__gte=timezone.now())
        .select_related("training", "internal_expert")
        .annotate(
            enrolled_count=Count("enrolments"),
            is_enrolled=Exists(Enrolment.objects.filter(session=OuterRef("pk"), user=user)),
        )
        .annotate(free=Greatest(F("capacity") - F("enrolled_count"), Value(0)))
        .order_by("starts_at")
    )
    return render(
        request,
        "dilemmas/training_list.html",
        {
            "dues": services.trainings_due_for([user], today).get(user.pk, []),
            "today": today,
            "upcoming": upcoming,
            "types": training_types_visible_to(user).select_related("group"),
            "may_manage": bool(member_group_ids(user)),
            "is_team_lead": bool(led_team_ids(user)),
        },
    )


def training_type_create(request):
    groups = managed_groups(request.user)
    if not groups.exists():
        raise PermissionDenied
    form = TrainingTypeForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        services.training_type_save(training=form.save(commit=False), actor=request.user)
        messages.success(request, _("Training saved."))
        return redirect("dilemmas:training_list")
    return render(request, "form_page.html", {"form": form, "title": _("New training")})


def training_type_edit(request, pk):
    training = get_training_type_for_user(request.user, pk, perm="manage")
    form = TrainingTypeForm(
        request.POST or None, instance=training, groups=managed_groups(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.training_type_save(training=form.save(commit=False), actor=request.user)
        messages.success(request, _("Training saved."))
        return redirect("dilemmas:training_list")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Edit training"), "back": reverse("dilemmas:training_list")},
    )


def training_session_create(request, pk):
    training = get_training_type_for_user(request.user, pk, perm="manage")
    form = TrainingSessionForm(
        request.POST or None, instance=TrainingSession(training=training), training=training
    )
    if request.method == "POST" and form.is_valid():
        session = services.training_session_save(
            session=form.save(commit=False), actor=request.user
        )
        messages.success(request, _("Training session planned."))
        return redirect(session)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New session of %(name)s") % {"name": training.name},
            "back": reverse("dilemmas:training_list"),
        },
    )


def _team_people(user):
    return (
        User.objects.filter(is_active=True, profile__teams__in=led_team_ids(user))
        .distinct()
        .order_by("last_name", "first_name")
    )


def _session_page(request, session, *, team_form=None, attendance_form=None, status=200):
    user = request.user
    enrolments = list(session.enrolments.select_related("user"))
    may_manage = session.training.group_id in member_group_ids(user)
    context = {
        "session": session,
        "enrolments": enrolments,
        "free": max(session.capacity - len(enrolments), 0),
        "is_enrolled": any(e.user_id == user.pk for e in enrolments),
        "may_manage": may_manage,
        "has_started": session.starts_at <= timezone.now(),
    }
    if led_team_ids(user):
        context["team_form"] = team_form or TeamEnrolForm(people=_team_people(user))
    if may_manage:
        context["attendance_form"] = attendance_form or AttendanceForm(enrolments=enrolments)
    return render(request, "dilemmas/training_session_detail.html", context, status=status)


@marks_notifications_read
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
    services.unenrol(session=session, user=request.user, actor=request.user)
    messages.success(request, _("You are no longer enrolled."))
    return redirect(session)


@require_POST
def training_team_enrol(request, pk):
    session = get_training_session_for_user(request.user, pk)
    if not led_team_ids(request.user):
        raise PermissionDenied
    form = TeamEnrolForm(request.POST, people=_team_people(request.user))
    if form.is_valid():
        try:
            new = services.enrol(
                session=session, users=list(form.cleaned_data["people"]), actor=request.user
            )
        except services.EnrolmentClosed:
            form.add_error(None, _("This session has started; enrolment is closed."))
        except services.CapacityError as exc:
            form.add_error(
                "people",
                _("Only %(free)s places are left; choose fewer people or another session.")
                % {"free": exc.free},
            )
        else:
            messages.success(request, _("%(count)s people enrolled.") % {"count": len(new)})
            return redirect(session)
    return _session_page(request, session, team_form=form, status=400)


@require_POST
def training_attendance(request, pk):
    session = get_training_session_for_user(request.user, pk, perm="manage")
    enrolments = list(session.enrolments.select_related("user"))
    if session.starts_at > timezone.now():
        messages.error(request, _("Attendance can be recorded once the session has started."))
        return redirect(session)
    form = AttendanceForm(request.POST, enrolments=enrolments)
    if form.is_valid():
        services.record_attendance(
            session=session,
            present_ids=[int(pk) for pk in form.cleaned_data["present"]],
            actor=request.user,
        )
        messages.success(request, _("Attendance recorded."))
        return redirect(session)
    return _session_page(request, session, attendance_form=form, status=400)


def team_training_status(request):
    user = request.user
    if not led_team_ids(user):
        raise PermissionDenied
    people = list(_team_people(user))
    today = timezone.localdate()
    dues = services.trainings_due_for(people, today)
    return render(
        request,
        "dilemmas/team_training_status.html",
        {"rows": [(person, dues.get(person.pk, [])) for person in people], "today": today},
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
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(
        feed_for(feed.user, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="moreel-beraad.ics"'
    return response
