"""Clients and their intakes: confidential, seen by the intake staff and care workers of the
client's organisation only; every look is in the access log."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.formpage import form_page
from coalition.history import render_history
from coalition.paging import Sorting, paginate
from coalition.services import log_access, log_access_many

from ..forms import AttemptForm, ClientForm, IntakeForm, PersonaChoiceForm, SwitchUndoForm
from ..models import STRIKES, Attempt, Intake, SkillStatement, TargetGroup
from ..permissions import (
    can_use_app,
    client_organisation_ids,
    clients_visible_to,
    get_client_for_user,
    may_add_client,
    may_change_client,
)
from ..services import intake as intake_services
from ..services import plans, rewards

CLIENT_SORTING = {
    "nummer": (gettext_lazy("Number"), ("organisation__name", "number")),
    "nieuwste": (gettext_lazy("Newest first"), ("-created_at",)),
}


def client_list(request):
    can_use_app(request.user)
    clients = clients_visible_to(request.user).select_related(
        "organisation", "language", "target_group", "persona"
    )
    q = request.GET.get("q", "").strip()
    if q:
        clients = clients.filter(number__icontains=q)
    group = request.GET.get("doelgroep", "")
    if group.isdigit():
        clients = clients.filter(target_group_id=int(group))
    if request.GET.get("wacht") == "1":
        clients = clients.filter(
            Q(persona__isnull=True) | Q(intakes__persona__isnull=True)
        ).distinct()
    sorting = Sorting(request, CLIENT_SORTING)
    page, query = paginate(request, sorting.apply(clients))
    # A client number is a client record: showing it is a read.
    log_access_many(request=request, objects=page.object_list)
    return render(
        request,
        "digital/client_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "group": int(group) if group.isdigit() else None,
            "waiting_only": request.GET.get("wacht") == "1",
            "groups": TargetGroup.objects.all(),
            "may_add": may_add_client(request.user),
            "sort": sorting.key,
            "sort_options": [(key, label) for key, (label, _o) in CLIENT_SORTING.items()],
        },
    )


def _save_client(request, form):
    return intake_services.client_save(client=form.save(commit=False), actor=request.user)


def client_create(request):
    if not may_add_client(request.user):
        raise PermissionDenied
    form = ClientForm(request.POST or None, organisation_ids=client_organisation_ids(request.user))
    return form_page(
        request,
        form,
        save=lambda form: _save_client(request, form),
        template="form_page.html",
        context={
            "title": _("Add a client"),
            "back": reverse("digital:client_list"),
            "lead": _("Only a client number, a language and a target group: no name, no address."),
        },
        success_url=lambda client: reverse("digital:intake_create", kwargs={"pk": client.pk}),
        message=_("Client added. Do the intake now."),
        error_status=400,
    )


def client_edit(request, pk):
    client = get_client_for_user(request.user, pk, perm="change", request=request)
    form = ClientForm(
        request.POST or None,
        instance=client,
        organisation_ids=client_organisation_ids(request.user),
    )
    return form_page(
        request,
        form,
        save=lambda form: _save_client(request, form),
        template="form_page.html",
        context={"title": str(client), "back": client.get_absolute_url()},
        success_url=client,
        message=_("Saved."),
        error_status=400,
    )


def client_detail(request, pk):
    client = get_client_for_user(request.user, pk, request=request)
    return render_client_page(request, client)


def render_client_page(request, client, *, bound=None, goal_pk=None):
    """The client page: facts, goals with their attempts, intakes. `bound` is a submitted
    form with errors for the goal `goal_pk`, shown in place with what was entered (400)."""
    intakes = list(
        client.intakes.select_related("done_by", "proposed_persona", "persona").order_by(
            "-done_at", "-pk"
        )
    )
    statements = SkillStatement.objects.in_bulk()
    for intake in intakes:
        intake.can_statements = [statements[i] for i in intake.can if i in statements]
        intake.wants_statements = [statements[i] for i in intake.wants if i in statements]
    goals = list(
        client.goals.select_related("service").prefetch_related(
            Prefetch(
                "attempts",
                queryset=Attempt.objects.select_related("logged_by").order_by("-logged_at", "-pk"),
            )
        )
    )
    keeps_plan = plans.may_keep_plan(request.user, client)
    for goal in goals:
        attempts = list(goal.attempts.all())
        goal.recent_attempts = attempts[:5]
        goal.failures = sum(
            1 for a in attempts if not a.worked and a.logged_at >= goal.strikes_since
        )
        goal.strikes_left = max(STRIKES - goal.failures, 0)
        prefix = f"g{goal.pk}"
        is_bound = bound is not None and goal.pk == goal_pk
        goal.attempt_form = (
            bound if is_bound and isinstance(bound, AttemptForm) else AttemptForm(prefix=prefix)
        )
        goal.undo_form = (
            bound
            if is_bound and isinstance(bound, SwitchUndoForm)
            else SwitchUndoForm(prefix=prefix)
        )
    return render(
        request,
        "digital/client_detail.html",
        {
            "client": client,
            "intakes": intakes,
            "goals": goals,
            "strikes": STRIKES,
            "may_change": may_change_client(request.user, client),
            "keeps_plan": keeps_plan,
            "badges": rewards.client_badges(client),
            "today": timezone.localdate(),
        },
        status=400 if bound is not None else 200,
    )


def client_history(request, pk):
    client = get_client_for_user(request.user, pk, request=request)
    return render_history(request, client, back_url=client.get_absolute_url())


def intake_create(request, pk):
    client = get_client_for_user(request.user, pk, perm="change", request=request)
    form = IntakeForm(request.POST or None)

    def save(form):
        data = form.cleaned_data
        return intake_services.intake_record(
            client=client,
            actor=request.user,
            can=[s.pk for s in data["can"]],
            wants=[s.pk for s in data["wants"]],
            devices=data["devices"],
            internet=data["internet"],
            help_at_home=data["help_at_home"],
        )

    return form_page(
        request,
        form,
        save=save,
        template="digital/intake_form.html",
        context=lambda: {"client": client, "reintake": client.intakes.exists()},
        # Step two, the persona, follows at once.
        success_url=lambda intake: reverse(
            "digital:intake_persona", kwargs={"pk": client.pk, "intake_pk": intake.pk}
        ),
        error_status=400,
    )


def intake_persona(request, pk, intake_pk):
    """Step two: the proposal with its reason; confirm it or choose another with a reason."""
    client = get_client_for_user(request.user, pk, perm="change", request=request)
    intake = get_object_or_404(
        Intake.objects.select_related("proposed_persona", "persona").prefetch_related(
            Prefetch("proposed_persona__services")
        ),
        pk=intake_pk,
        client=client,
    )
    # The intake's answers are on this page: a read of the intake itself, beside the client's.
    log_access(request=request, obj=intake, organisation_id=client.organisation_id)
    initial = {"persona": intake.persona or intake.proposed_persona}
    form = PersonaChoiceForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda form: intake_services.intake_choose_persona(
            intake=intake,
            persona=form.cleaned_data["persona"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        template="digital/intake_persona.html",
        context={"client": client, "intake": intake},
        success_url=client,
        message=_("Persona saved for this client."),
        error_status=400,
    )
