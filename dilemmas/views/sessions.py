from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coalition.access import sight_excluded_ids
from coalition.formpage import form_page
from coalition.history import render_history
from coalition.models import Team
from coalition.paging import paginate
from coalition.services import log_access_many

from .. import services
from ..forms import FeedbackForm, OutcomeForm, ReflectionTargetForm, SessionForm
from ..models import CaseStatus, SessionRespondent, SupervisionSession
from ..permissions import (
    case_sight,
    cases_visible_to,
    get_reflection_team_for_user,
    get_reflection_teams_for_user,
    get_session_for_user,
    led_team_ids,
    may_change_session,
    may_give_feedback,
    may_plan_session,
    people_led_by,
    require,
    sessions_visible_to,
    visible_case_counts,
)


def session_list(request):
    user = request.user
    sessions = (
        sessions_visible_to(user)
        .select_related("team", "lead")
        .annotate(participant_count=Count("participants", distinct=True))
        # A grouped query leaves out the model's ordering: newest first, as everywhere.
        .order_by("-starts_at", "-pk")
    )
    page, query = paginate(request, sessions)
    cases = visible_case_counts(user, page.object_list)
    for session in page.object_list:
        session.case_count = cases.get(session.pk, 0)
    return render(
        request,
        "dilemmas/session_list.html",
        {
            "page": page,
            "query": query,
            "now": timezone.now(),
            "may_plan": may_plan_session(user),
        },
    )


def _session_form(request, instance):
    """The session form offers the lead's teams, the members of those teams (never a
    coordinator) and the cases their authors brought to those teams."""
    user = request.user
    led = led_team_ids(user)
    teams = Team.objects.filter(pk__in=led).select_related("organisation")
    cases = cases_visible_to(user).filter(
        team_id__in=led, status__in=[CaseStatus.SUBMITTED, CaseStatus.DISCUSSED]
    )
    if instance.pk:
        cases = cases | cases_visible_to(user).filter(pk__in=instance.cases.values("pk"))
    initial = {}
    case_pk = request.GET.get("casus", "")
    if case_pk.isdigit():
        initial["cases"] = [int(case_pk)]
    people = people_led_by(user).exclude(pk__in=sight_excluded_ids())
    form = SessionForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        teams=teams,
        people=people,
        cases=cases.distinct().order_by("-submitted_at"),
    )
    # The case titles on the form are confidential: showing them is a read.
    log_access_many(request=request, objects=form.fields["cases"].queryset)
    return form


def _save_session(request, form):
    return services.session_save(
        session=form.save(commit=False),
        participants=list(form.cleaned_data["participants"]),
        cases=list(form.cleaned_data["cases"]),
        actor=request.user,
    )


def session_create(request):
    require(may_plan_session(request.user))
    form = _session_form(request, SupervisionSession(lead=request.user))
    return form_page(
        request,
        form,
        save=lambda form: _save_session(request, form),
        template="dilemmas/session_form.html",
        context={"title": _("Plan a session")},
        success_url=_after_planning,
        message=lambda session: (
            _(
                "Session recorded. Write down what it brought; the participants are then "
                "asked one question."
            )
            if session.has_taken_place()
            else _("Session planned.")
        ),
    )


def _after_planning(session):
    if session.has_taken_place():
        # Recorded afterwards: what it brought is the next thing to write down.
        return reverse("dilemmas:session_outcomes", args=[session.pk])
    return session.get_absolute_url()


def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, perm="change")
    form = _session_form(request, session)
    hidden = len(services.hidden_case_ids(session, request.user))

    def tell_hidden(session):
        if hidden:
            messages.info(
                request,
                ngettext(
                    "%(count)s case of this session that you cannot open stays in it.",
                    "%(count)s cases of this session that you cannot open stay in it.",
                    hidden,
                )
                % {"count": hidden},
            )

    return form_page(
        request,
        form,
        save=lambda form: _save_session(request, form),
        template="dilemmas/session_form.html",
        context={"title": _("Edit session"), "session": session, "hidden": hidden},
        success_url=session,
        message=_("Session saved."),
        then=tell_hidden,
    )


def session_detail(request, pk):
    user = request.user
    session = get_session_for_user(user, pk)
    # A case only appears to those who may open it, and showing its title is a read.
    shown = list(session.session_cases.filter(case_sight(user)).select_related("case"))
    participants = list(session.participants.order_by("last_name", "first_name"))
    log_access_many(request=request, objects=[link.case for link in shown])
    return render(
        request,
        "dilemmas/session_detail.html",
        {
            "session": session,
            "links": shown,
            "participants": participants,
            "may_change": may_change_session(user, session),
            "ask_feedback": session.outcomes_recorded_at is not None
            and may_give_feedback(user, session),
            "has_answered": SessionRespondent.objects.filter(session=session, user=user).exists(),
            "feedback_count": session.respondents.count(),
            "taken_place": session.has_taken_place(),
        },
    )


def session_history(request, pk):
    session = get_session_for_user(request.user, pk)
    return render_history(request, session, back_url=session.get_absolute_url())


def session_outcomes(request, pk):
    session = get_session_for_user(request.user, pk, perm="change")
    form = OutcomeForm(request.POST or None, session=session, case_sight=case_sight(request.user))
    log_access_many(request=request, objects=[link.case for link in form.links])
    return form_page(
        request,
        form,
        save=lambda form: services.session_record_outcomes(
            session=session,
            outcomes=form.outcomes(),
            notes=form.cleaned_data["notes"],
            actor=request.user,
        ),
        template="dilemmas/session_outcomes.html",
        context={"session": session},
        success_url=session,
        message=_("Outcomes recorded. Participants are asked one question."),
    )


@require_POST
def session_feedback(request, pk):
    session = get_session_for_user(request.user, pk, perm="feedback")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers."))
        return redirect(session)
    try:
        services.session_feedback(
            session=session, user=request.user, answer=form.cleaned_data["answer"]
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Thank you. Your answer is counted anonymously."))
    return redirect(session)


def reflection(request):
    return _render_reflection(request)


def _render_reflection(request, bound=None):
    """The reflection table; `bound` is a team's submitted form with errors, shown in that
    team's row with the value that was entered (status 400)."""
    user = request.user
    teams = get_reflection_teams_for_user(user)
    today = timezone.localdate()
    rows = services.reflection_statuses(teams, today)
    forms = []
    for row in rows:
        prefix = f"t{row.team.pk}"
        if bound is not None and bound.prefix == prefix:
            forms.append((row, bound))
        else:
            forms.append(
                (row, ReflectionTargetForm(initial={"per_year": row.target}, prefix=prefix))
            )
    return render(
        request,
        "dilemmas/reflection.html",
        {"rows": forms, "may_plan": may_plan_session(user), "today": today},
        status=400 if bound is not None else 200,
    )


@require_POST
def reflection_target(request, team_pk):
    team = get_reflection_team_for_user(request.user, team_pk)
    form = ReflectionTargetForm(request.POST, prefix=f"t{team.pk}")
    return form_page(
        request,
        form,
        save=lambda form: services.reflection_target_set(
            team=team, per_year=form.cleaned_data["per_year"]
        ),
        success_url="dilemmas:reflection",
        message=_("Target saved."),
        on_error=lambda form: _render_reflection(request, bound=form),
    )
