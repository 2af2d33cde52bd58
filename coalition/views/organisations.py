"""Organisations and their teams, as coordinators keep them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import people
from ..forms import OrganisationForm, TeamForm
from ..models import Organisation, Team
from ..permissions import require_coordinator


def organisation_create(request):
    require_coordinator(request.user)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = people.organisation_save(
            organisation=form.save(commit=False), actor=request.user
        )
        messages.success(request, _("Organisation added."))
        return redirect(organisation)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Add an organisation"),
            "back": redirect("coalition:organisation_list").url,
        },
    )


def organisation_edit(request, pk):
    require_coordinator(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        people.organisation_save(organisation=form.save(commit=False), actor=request.user)
        messages.success(request, _("Organisation saved."))
        return redirect(organisation)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Change %(name)s") % {"name": organisation.name},
            "back": organisation.get_absolute_url(),
        },
    )


def team_create(request, pk):
    require_coordinator(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = TeamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        team = form.save(commit=False)
        team.organisation = organisation
        people.team_save(team=team, actor=request.user)
        messages.success(request, _("Team added."))
        return redirect(organisation)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New team at %(name)s") % {"name": organisation.name},
            "back": organisation.get_absolute_url(),
        },
    )


def team_edit(request, pk):
    require_coordinator(request.user)
    team = get_object_or_404(Team.objects.select_related("organisation"), pk=pk)
    form = TeamForm(request.POST or None, instance=team, organisation=team.organisation)
    if request.method == "POST" and form.is_valid():
        people.team_save(team=form.save(commit=False), actor=request.user)
        messages.success(request, _("Team saved."))
        return redirect(team.organisation)
    return render(
        request,
        "coalition/team_form.html",
        {"form": form, "team": team, "back": team.organisation.get_absolute_url()},
    )


@require_POST
def team_delete(request, pk):
    require_coordinator(request.user)
    team = get_object_or_404(Team.objects.select_related("organisation"), pk=pk)
    try:
        people.team_delete(team=team, actor=request.user)
    except people.TeamInUse:
        messages.error(
            request,
            _(
                "Team %(team)s keeps its place: cases or sessions belong to it, and deleting "
                "it would leave their access behind. Rename it instead."
            )
            % {"team": team.name},
        )
        return redirect("coalition:team_edit", pk=team.pk)
    messages.success(request, _("Team %(team)s deleted.") % {"team": team.name})
    return redirect(team.organisation)
