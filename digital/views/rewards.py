"""Badges and digital champions.

- The champions page is for everyone signed in: colleagues and clients must be able to
  find who helps on the job. Coordinators name and remove champions.
- "My badges" and the Open Badges download are their owner's alone (404 for anyone else).
- The recognition overview is for coordinators, as counts per organisation only.
- A client's badges appear on the client page only (digital/_client_badges.html).
There is no ranking of clients anywhere.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.paging import paginate
from coalition.permissions import require_coordinator

from .. import openbadges
from ..forms_rewards import ChampionForm, OrganisationFilterForm
from ..models import Achievement, Audience, Champion
from ..permissions import (
    champions_visible_to,
    get_champion_for_user,
    get_staff_badge_for_user,
    may_manage_champions,
    staff_badges_of,
)
from ..services import rewards as rewards_services

RECENT_CHANGES = 10


def champion_list(request):
    champions = champions_visible_to(request.user)
    form = OrganisationFilterForm(request.GET or None)
    organisation = form.cleaned_data["organisatie"] if form.is_valid() else None
    if organisation is not None:
        champions = champions.filter(organisation=organisation)
    page, query = paginate(
        request, champions.order_by("organisation__name", "user__last_name", "user__first_name")
    )
    may_manage = may_manage_champions(request.user)
    changes = []
    if may_manage:
        # Removed champions are gone from the list; their naming and removal stay here.
        changes = list(
            Champion.history.select_related("history_user", "user", "organisation").order_by(
                "-history_date", "-history_id"
            )[:RECENT_CHANGES]
        )
    return render(
        request,
        "digital/champion_list.html",
        {
            "page": page,
            "query": query,
            "form": form,
            "organisation": organisation,
            "may_manage": may_manage,
            "changes": changes,
        },
    )


def champion_create(request):
    require_coordinator(request.user)
    form = ChampionForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: rewards_services.champion_name(
            user=form.cleaned_data["user"],
            organisation=form.cleaned_data["organisation"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        template="form_page.html",
        context={
            "title": _("Name a digital champion"),
            "back": reverse("digital:champion_list"),
            "lead": _(
                "A digital champion (digicoach) helps colleagues and clients with digital "
                "services on the job. They earn the Digicoach badge."
            ),
        },
        success_url="digital:champion_list",
        message=lambda champion: (
            _("%(person)s is now a digital champion of %(organisation)s.")
            % {
                "person": champion.user.get_full_name() or champion.user.get_username(),
                "organisation": champion.organisation.name,
            }
        ),
        error_status=400,
    )


@require_POST
def champion_remove(request, pk):
    champion = get_champion_for_user(request.user, pk, perm="change")
    name = champion.user.get_full_name() or champion.user.get_username()
    rewards_services.champion_remove(champion=champion, actor=request.user)
    messages.success(request, _("%(person)s is no longer on the list.") % {"person": name})
    return redirect("digital:champion_list")


def my_badges(request):
    badges = list(staff_badges_of(request.user).order_by("-awarded_at", "-pk"))
    earned = {badge.achievement_id for badge in badges}
    to_earn = [a for a in Achievement.objects.filter(audience=Audience.STAFF) if a.pk not in earned]
    return render(request, "digital/rewards_my_badges.html", {"badges": badges, "to_earn": to_earn})


def badge_credential(request, pk):
    badge = get_staff_badge_for_user(request.user, pk)
    response = HttpResponse(
        openbadges.credential_json(badge), content_type=f"{openbadges.CONTENT_TYPE}; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{openbadges.credential_filename(badge)}"'
    )
    return response


@login_not_required
def achievement_detail(request, code):
    """What a badge stands for: the page an Open Badges credential points to, so it is
    public (whoever receives a credential can look it up). It holds the badge's definition
    only, never who earned it."""
    achievement = get_object_or_404(Achievement, code=code)
    return render(request, "digital/rewards_achievement.html", {"achievement": achievement})


def rewards_overview(request):
    require_coordinator(request.user)
    return render(
        request, "digital/rewards_overview.html", {"tables": rewards_services.badge_counts()}
    )
