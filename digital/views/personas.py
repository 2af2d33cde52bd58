"""Digital personas: read by everyone who works with clients or the menu; coordinators keep
them."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from coalition.formpage import form_page
from coalition.permissions import is_coordinator

from ..forms import PersonaForm
from ..models import Persona
from ..permissions import can_use_app, get_persona_for_user
from ..services import intake as intake_services


def persona_list(request):
    can_use_app(request.user)
    personas = Persona.objects.prefetch_related("services").order_by("digcomp_level", "name")
    return render(
        request,
        "digital/persona_list.html",
        {"personas": personas, "may_change": is_coordinator(request.user)},
    )


def persona_detail(request, pk):
    persona = get_persona_for_user(request.user, pk)
    return render(
        request,
        "digital/persona_detail.html",
        {
            "persona": persona,
            "services": persona.services.current(),
            "may_change": is_coordinator(request.user),
        },
    )


def persona_edit(request, pk):
    persona = get_persona_for_user(request.user, pk, perm="change")
    form = PersonaForm(request.POST or None, instance=persona)
    return form_page(
        request,
        form,
        save=lambda form: intake_services.persona_save(
            persona=form.save(commit=False),
            services=form.cleaned_data["services"],
            actor=request.user,
        ),
        template="form_page.html",
        context={
            "title": _("Change persona %(name)s") % {"name": persona.name},
            "back": persona.get_absolute_url(),
        },
        success_url=persona,
        message=_("Persona saved."),
        error_status=400,
    )
