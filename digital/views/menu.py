"""The menu (menukaart) of digital services: the staff list and detail pages, keeping
services and their texts, feedback, and the menu for clients on screen and on paper.

The menu is not confidential: every signed-in member of staff browses it and reacts to it.
Who may change what is asked of digital.permissions; the services check it again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, FloatField, Prefetch, Q, Value, When
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.history import render_history
from coalition.paging import paginate
from coalition.pdf import render_pdf

from .. import readability
from ..forms_menu import (
    FeedbackForm,
    MenuChoiceForm,
    ServiceFilterForm,
    ServiceForm,
    ServiceTextForm,
)
from ..models import (
    Language,
    Service,
    ServiceFeedback,
    ServiceText,
    SkillArea,
    TargetGroup,
    Verdict,
)
from ..permissions import (
    get_service_for_user,
    may_add_service,
    may_edit_service,
    may_manage_menu,
    services_visible_to,
)
from ..services import menu as menu_services

RECENT_COMMENTS = 10
LATEST_COMMENTS_IN_OVERVIEW = 3


# --- The list and one service ---


def _shown_with(services, field, everything):
    """Set `shown_<field>` on each service: its target groups or languages in name order,
    from `everything` (all of them, read once for the filter form too) and one query of
    (service, id) pairs, not an object per pair."""
    relation = Service._meta.get_field(field)
    pairs = relation.remote_field.through.objects.filter(
        **{f"{relation.m2m_field_name()}__in": [s.pk for s in services]}
    ).values_list(relation.m2m_column_name(), relation.m2m_reverse_name())
    own = {}
    for service_pk, pk in pairs:  # no query for no services
        own.setdefault(service_pk, set()).add(pk)
    for service in services:
        mine = own.get(service.pk, ())
        setattr(service, f"shown_{field}", [item for item in everything if item.pk in mine])


def service_list(request):
    user = request.user
    may_manage = may_manage_menu(user)
    # Read once: the filter's choices, and the names shown on each card.
    target_groups = list(TargetGroup.objects.all())
    languages = list(Language.objects.all())
    filters = ServiceFilterForm(
        request.GET or None, may_manage=may_manage, target_groups=target_groups, languages=languages
    )
    services = (
        filters.filter(services_visible_to(user)).select_related("provider").order_by("name", "pk")
    )
    page, query = paginate(request, services)
    _shown_with(page.object_list, "target_groups", target_groups)
    _shown_with(page.object_list, "languages", languages)
    return render(
        request,
        "digital/service_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "may_add": may_add_service(user),
            "may_manage": may_manage,
        },
    )


def service_detail(request, pk):
    service = get_service_for_user(request.user, pk)
    return _render_detail(request, service)


def _render_detail(request, service, *, feedback_form=None):
    """The service page; a reaction with an error comes back in place (status 400)."""
    may_edit = may_edit_service(request.user, service)
    texts = list(service.texts.select_related("language", "target_group"))
    context = {
        "service": service,
        "target_groups": list(service.target_groups.all()),
        "languages": list(service.languages.all()),
        "statements": list(service.statements.all()),
        "texts": texts,
        "feedback_form": feedback_form or FeedbackForm(),
        "verdicts": Verdict.choices,
        "may_edit": may_edit,
    }
    if may_edit:
        counts = menu_services.feedback_counts([service]).get(service.pk, {})
        context["counts"] = [
            (value, label, counts.get(value, 0)) for value, label in Verdict.choices
        ]
        context["feedback_total"] = counts.get("total", 0)
        context["comments"] = list(
            service.feedback.exclude(comment="").select_related("user")[:RECENT_COMMENTS]
        )
        context["checks"] = _service_checks(service)
        for text in texts:
            text.check = readability.check(text.text, text.language.code)
    return render(
        request,
        "digital/service_detail.html",
        context,
        status=400 if feedback_form is not None else 200,
    )


def _service_checks(service):
    """The plain-language check of the service's own Dutch fields."""
    return [
        (_("What it is"), readability.check(service.description)),
        (_("Analog alternative"), readability.check(service.analog_alternative)),
    ]


@require_POST
def service_feedback(request, pk):
    service = get_service_for_user(request.user, pk)
    form = FeedbackForm(request.POST)
    return form_page(
        request,
        form,
        save=lambda form: menu_services.feedback_give(
            service=service,
            user=request.user,
            verdict=form.cleaned_data["verdict"],
            comment=form.cleaned_data["comment"],
        ),
        success_url=service,
        message=_("Thank you. Your reaction helps the menu grow."),
        on_error=lambda form: _render_detail(request, service, feedback_form=form),
    )


def service_history(request, pk):
    service = get_service_for_user(request.user, pk)
    return render_history(request, service, back_url=service.get_absolute_url())


# --- Keeping services ---


def _service_form_page(request, form, *, title, back, service=None):
    return form_page(
        request,
        form,
        save=lambda form: menu_services.service_save(
            service=form.save(commit=False),
            target_groups=form.cleaned_data["target_groups"],
            languages=form.cleaned_data["languages"],
            statements=form.cleaned_data["statements"],
            actor=request.user,
        ),
        template="digital/service_form.html",
        context=lambda: {
            "title": title,
            "back": back,
            "service": service,
            "checks": _service_checks(service) if service is not None else [],
        },
        success_url=lambda saved: saved,
        message=_("Service saved."),
        error_status=400,
    )


def service_create(request):
    if not may_add_service(request.user):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, user=request.user)
    return _service_form_page(
        request, form, title=_("Add a service"), back=reverse("digital:service_list")
    )


def service_edit(request, pk):
    service = get_service_for_user(request.user, pk, perm="change")
    form = ServiceForm(request.POST or None, instance=service, user=request.user)
    return _service_form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": service.name},
        back=service.get_absolute_url(),
        service=service,
    )


@require_POST
def service_retire(request, pk):
    service = get_service_for_user(request.user, pk, perm="change")
    retire = request.POST.get("action") != "restore"
    menu_services.service_retire(service=service, actor=request.user, retired=retire)
    if retire:
        messages.success(request, _("The service is off the menu. You can bring it back."))
    else:
        messages.success(request, _("The service is back on the menu."))
    return redirect(service)


# --- Texts per language and target group ---


def service_text_add(request, pk):
    service = get_service_for_user(request.user, pk, perm="change")
    form = ServiceTextForm(
        request.POST or None, instance=ServiceText(service=service), service=service
    )
    return _text_form_page(request, service, form, title=_("Add a text"))


def service_text_edit(request, pk, text_pk):
    service = get_service_for_user(request.user, pk, perm="change")
    text = get_object_or_404(service.texts.select_related("language", "target_group"), pk=text_pk)
    form = ServiceTextForm(request.POST or None, instance=text, service=service)
    check = readability.check(text.text, text.language.code)
    return _text_form_page(request, service, form, title=_("Edit text"), check=check)


def _text_form_page(request, service, form, *, title, check=None):
    def warn_above_b1(text):
        saved_check = readability.check(text.text, text.language.code)
        if saved_check.above_b1:
            messages.warning(request, saved_check.hint)

    return form_page(
        request,
        form,
        save=lambda form: menu_services.text_save(text=form.save(commit=False), actor=request.user),
        template="digital/service_text_form.html",
        context={"title": title, "service": service, "check": check},
        success_url=lambda text: reverse("digital:service_text_edit", args=[service.pk, text.pk]),
        message=_("Text saved."),
        then=warn_above_b1,
        error_status=400,
    )


# --- The menu for clients, on screen and on paper ---

AREA_ICONS = {
    SkillArea.FOUNDATION: "device",
    SkillArea.COMMUNICATING: "talk",
    SkillArea.INFORMATION: "search",
    SkillArea.TRANSACTING: "form",
    SkillArea.PROBLEM_SOLVING: "idea",
    SkillArea.SAFETY: "shield",
}


def _client_menu(user, target_group, language):
    """One card per current service for the target group in the language, with the text
    for that language and group, else the language's general text, else the Dutch
    description (marked as Dutch on the page)."""
    texts = ServiceText.objects.filter(language=language).filter(
        Q(target_group=target_group) | Q(target_group__isnull=True)
    )
    services = (
        services_visible_to(user)
        .current()
        .filter(target_groups=target_group, languages=language)
        .select_related("provider")
        .prefetch_related(Prefetch("texts", queryset=texts, to_attr="client_texts"), "statements")
        .order_by("name", "pk")
    )
    dutch = readability.is_dutch(language.code)
    cards = []
    for service in services:
        by_group = {text.target_group_id: text for text in service.client_texts}
        text = by_group.get(target_group.pk) or by_group.get(None)
        statements = list(service.statements.all())
        cards.append(
            {
                "service": service,
                "title": text.title if text else "",
                "body": text.text if text else service.description,
                "body_is_dutch": text is None and not dutch,
                "icon": AREA_ICONS.get(statements[0].area, "device") if statements else "device",
            }
        )
    return {
        "target_group": target_group,
        "language": language,
        "cards": cards,
        "dutch": dutch,
    }


def menu_for_clients(request):
    form = MenuChoiceForm(request.GET or None, initial={"taal": "nl"})
    context = {"form": form, "cards": None}
    if form.is_valid():
        context.update(
            _client_menu(request.user, form.cleaned_data["doelgroep"], form.cleaned_data["taal"])
        )
        context["query"] = request.GET.urlencode()
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "digital/menu_for_clients.html", context, status=status)


def menu_pdf(request):
    form = MenuChoiceForm(request.GET or None)
    if not form.is_valid():
        return render(
            request, "digital/menu_for_clients.html", {"form": form, "cards": None}, status=400
        )
    target_group, language = form.cleaned_data["doelgroep"], form.cleaned_data["taal"]
    pdf = render_pdf("digital/menu_pdf.html", _client_menu(request.user, target_group, language))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"menukaart-{slugify(target_group.name) or target_group.pk}-{slugify(language.code)}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# --- Feedback for coordinators ---


def menu_feedback(request):
    """Per current service the reactions, the hardest first: what to explain better, add
    help for, or retire."""
    if not may_manage_menu(request.user):
        raise PermissionDenied
    latest = ServiceFeedback.objects.exclude(comment="").order_by("-created_at", "-pk")
    services = (
        services_visible_to(request.user)
        .current()
        .select_related("provider")
        .annotate(
            useful=Count("feedback", filter=Q(feedback__verdict=Verdict.USEFUL)),
            too_hard=Count("feedback", filter=Q(feedback__verdict=Verdict.TOO_HARD)),
            not_for_me=Count("feedback", filter=Q(feedback__verdict=Verdict.NOT_FOR_ME)),
            total=Count("feedback"),
        )
        .annotate(
            too_hard_share=Case(
                When(total=0, then=Value(0.0)),
                default=Cast("too_hard", FloatField()) / Cast("total", FloatField()),
                output_field=FloatField(),
            )
        )
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=latest[:LATEST_COMMENTS_IN_OVERVIEW],
                to_attr="latest_comments",
            )
        )
        .order_by("-too_hard_share", "-total", "name", "pk")
    )
    page, query = paginate(request, services)
    return render(request, "digital/menu_feedback.html", {"page": page, "query": query})
