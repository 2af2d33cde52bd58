"""The steering group itself: list, group page, vision and mandate, priorities, seats and
circles."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.history import render_history

from .. import services
from ..forms import GroupForm, PriorityForm, SeatEndForm, SeatForm, StakeholderForm, VisionForm
from ..models import Circle, Domain, Priority, PriorityGoal, Seat
from ..permissions import (
    EDIT,
    MANAGE_LEVEL,
    READ,
    VIEW_ALL,
    access_for,
    can_create_group,
    decisions_visible_to,
    get_group_for_user,
    get_priority_for_user,
    get_seat_for_user,
    get_stakeholder_for_user,
    groups_visible_to,
    new_group_for_user,
)
from .common import form_page


def index(request):
    groups = groups_visible_to(request.user).prefetch_related("organisations")
    return render(
        request,
        "regiegroep/index.html",
        {"groups": groups, "can_create": can_create_group(request.user)},
    )


def group_create(request):
    group = new_group_for_user(request.user)
    form = GroupForm(request.POST or None, instance=group)
    return form_page(
        request,
        form,
        save=_save_group,
        success_url=lambda group: reverse("regiegroep:seat_list", args=[group.pk]),
        message=_("Steering group created. Now add its seats."),
        title=_("New steering group"),
        group=None,
        back_url=reverse("regiegroep:index"),
    )


def _save_group(form):
    return services.group_save(
        group=form.save(commit=False), organisations=form.cleaned_data["organisations"]
    )


def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, MANAGE_LEVEL)
    form = GroupForm(request.POST or None, instance=group)
    return form_page(
        request,
        form,
        save=_save_group,
        success_url=group.get_absolute_url(),
        message=_("Saved."),
        title=_("Edit steering group"),
        group=group,
        back_url=group.get_absolute_url(),
    )


def group_detail(request, pk):
    group = get_group_for_user(request.user, pk, READ)
    access = access_for(request.user, group)
    today = timezone.localdate()
    context = {"group": group, "access": access, "today": today}
    decisions = decisions_visible_to(request.user, group).select_related("crisis", "scenario")
    context["decisions"] = list(decisions[:10])
    context["playbooks"] = list(group.playbooks.select_related("published_by")[:5])
    context["organisations"] = list(group.organisations.all())
    if access.view:
        context["interests"] = list(group.interests.select_related("organisation"))
        context["priorities"] = list(
            group.priorities.prefetch_related(
                Prefetch("goals", queryset=PriorityGoal.objects.select_related("organisation"))
            )
        )
        context["seats"] = list(
            Seat.objects.filter(group=group)
            .not_ended(today)
            .select_related("organisation", "person")
        )
        context["scenarios"] = list(group.scenarios.all())
        context["crises"] = list(group.crises.select_related("scenario")[:5])
    return render(request, "regiegroep/group_detail.html", context)


def group_history(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    return render_history(
        request,
        group,
        back_url=group.get_absolute_url(),
        value_labels={"mandate_domains": Domain.choices},
    )


def vision_edit(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = VisionForm(request.POST or None, instance=group)
    return form_page(
        request,
        form,
        save=lambda form: services.vision_save(
            group=form.save(commit=False), interests=form.interests()
        ),
        success_url=group.get_absolute_url(),
        message=_("Vision and mandate saved."),
        title=_("Vision and mandate"),
        group=group,
        back_url=group.get_absolute_url(),
        intro=_("Why this steering group exists, what it may decide, and what is at stake."),
    )


# --- Priorities ---------------------------------------------------------------------------


def _save_priority(form):
    return services.priority_save(priority=form.save(commit=False), goals=form.goals())


def priority_create(request, pk):
    group = get_group_for_user(request.user, pk, EDIT)
    form = PriorityForm(request.POST or None, instance=Priority(group=group), group=group)
    return form_page(
        request,
        form,
        save=_save_priority,
        success_url=group.get_absolute_url() + "#priorities",
        message=_("Priority added."),
        title=_("New priority"),
        group=group,
        back_url=group.get_absolute_url(),
    )


def priority_edit(request, pk):
    priority = get_priority_for_user(request.user, pk, EDIT)
    group = priority.group
    form = PriorityForm(request.POST or None, instance=priority, group=group)
    return form_page(
        request,
        form,
        save=_save_priority,
        success_url=group.get_absolute_url() + "#priorities",
        message=_("Priority saved."),
        title=_("Edit priority"),
        group=group,
        back_url=group.get_absolute_url(),
    )


@require_POST
def priority_move(request, pk):
    priority = get_priority_for_user(request.user, pk, EDIT)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.priority_move(priority=priority, direction=direction)
    return redirect(priority.group.get_absolute_url() + "#priorities")


@require_POST
def priority_delete(request, pk):
    priority = get_priority_for_user(request.user, pk, EDIT)
    services.priority_delete(priority=priority)
    messages.success(request, _("Priority removed."))
    return redirect(priority.group.get_absolute_url() + "#priorities")


# --- Seats --------------------------------------------------------------------------------


def seat_list(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    today = timezone.localdate()
    seats = list(
        Seat.objects.filter(group=group)
        .select_related("organisation", "person")
        .order_by("organisation__name", "start_date", "pk")
    )
    current = [s for s in seats if not s.is_ended(today)]
    past = [s for s in seats if s.is_ended(today)]
    hours = sum((s.hours_per_week for s in current), 0)
    return render(
        request,
        "regiegroep/seat_list.html",
        {
            "group": group,
            "access": access_for(request.user, group),
            "current": current,
            "past": past,
            "hours": hours,
            "free": max(group.max_members - len(current), 0),
            "today": today,
        },
    )


def _seat_list_url(group):
    return reverse("regiegroep:seat_list", args=[group.pk])


def seat_create(request, pk):
    group = get_group_for_user(request.user, pk, MANAGE_LEVEL)
    form = SeatForm(request.POST or None, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.seat_save(seat=form.save(commit=False)),
        success_url=_seat_list_url(group),
        message=_("Seat added."),
        title=_("Add a seat"),
        group=group,
        back_url=_seat_list_url(group),
        back_label=_("Seats"),
        intro=_("%(taken)d of %(max)d seats are taken.")
        % {
            "taken": group.seats.not_ended(timezone.localdate()).count(),
            "max": group.max_members,
        },
    )


def seat_edit(request, pk):
    seat = get_seat_for_user(request.user, pk, MANAGE_LEVEL)
    group = seat.group
    form = SeatForm(request.POST or None, instance=seat, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.seat_save(seat=form.save(commit=False)),
        success_url=_seat_list_url(group),
        message=_("Seat saved."),
        title=_("Edit seat"),
        group=group,
        back_url=_seat_list_url(group),
        back_label=_("Seats"),
    )


def seat_end(request, pk):
    seat = get_seat_for_user(request.user, pk, MANAGE_LEVEL)
    group = seat.group
    form = SeatEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda form: services.seat_end(seat=seat, end_date=form.cleaned_data["end_date"]),
        success_url=_seat_list_url(group),
        message=_("Seat ended; it stays in the history."),
        title=_("End the seat of %(seat)s") % {"seat": seat},
        group=group,
        back_url=_seat_list_url(group),
        back_label=_("Seats"),
        submit=_("End seat"),
    )


def seat_history(request, pk):
    seat = get_seat_for_user(request.user, pk, VIEW_ALL)
    return render_history(
        request, seat, back_url=reverse("regiegroep:seat_list", args=[seat.group_id])
    )


# --- Circles ------------------------------------------------------------------------------


def stakeholder_list(request, pk):
    group = get_group_for_user(request.user, pk, VIEW_ALL)
    stakeholders = list(group.stakeholders.select_related("organisation", "user"))
    return render(
        request,
        "regiegroep/stakeholder_list.html",
        {
            "group": group,
            "access": access_for(request.user, group),
            "second": [s for s in stakeholders if s.circle == Circle.SECOND],
            "third": [s for s in stakeholders if s.circle == Circle.THIRD],
        },
    )


def _stakeholder_list_url(group):
    return reverse("regiegroep:stakeholder_list", args=[group.pk])


def stakeholder_create(request, pk):
    group = get_group_for_user(request.user, pk, MANAGE_LEVEL)
    form = StakeholderForm(request.POST or None, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.stakeholder_save(stakeholder=form.save(commit=False)),
        success_url=_stakeholder_list_url(group),
        message=_("Stakeholder added."),
        title=_("Add a stakeholder"),
        group=group,
        back_url=_stakeholder_list_url(group),
        back_label=_("Circles"),
    )


def stakeholder_edit(request, pk):
    stakeholder = get_stakeholder_for_user(request.user, pk, MANAGE_LEVEL)
    group = stakeholder.group
    form = StakeholderForm(request.POST or None, instance=stakeholder, group=group)
    return form_page(
        request,
        form,
        save=lambda form: services.stakeholder_save(stakeholder=form.save(commit=False)),
        success_url=_stakeholder_list_url(group),
        message=_("Stakeholder saved."),
        title=_("Edit stakeholder"),
        group=group,
        back_url=_stakeholder_list_url(group),
        back_label=_("Circles"),
    )


@require_POST
def stakeholder_delete(request, pk):
    stakeholder = get_stakeholder_for_user(request.user, pk, MANAGE_LEVEL)
    services.stakeholder_delete(stakeholder=stakeholder)
    messages.success(request, _("Stakeholder removed."))
    return redirect("regiegroep:stakeholder_list", stakeholder.group_id)
