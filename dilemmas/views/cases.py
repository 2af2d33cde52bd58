from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.history import render_history
from coalition.models import AccessLogEntry
from coalition.paging import paginate
from coalition.pdf import render_pdf
from coalition.permissions import user_organisation_ids
from coalition.services import log_access_many

from .. import services
from ..forms import CaseFilterForm, CaseForm, CaseThemesForm
from ..models import CaseStatus, DilemmaCase, SessionCase, Theme, WorkingGroup
from ..permissions import (
    cases_visible_to,
    get_case_for_user,
    may_on_case,
    may_write_case,
    member_group_ids,
    organisations_for_new_case,
    require,
)


def _themes_for(organisation_ids, user):
    served = WorkingGroup.organisations.through.objects.filter(
        organisation_id__in=organisation_ids
    ).values("workinggroup_id")
    return Theme.objects.filter(Q(group_id__in=served) | Q(group_id__in=member_group_ids(user)))


def case_list(request):
    user = request.user
    themes = _themes_for(user_organisation_ids(user), user).order_by("name")
    filters = CaseFilterForm(request.GET or None, themes=themes)
    cases = cases_visible_to(user).select_related("author", "organisation", "team")
    cases = cases.prefetch_related("themes")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            cases = cases.filter(title__icontains=data["q"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["theme"]:
            cases = cases.filter(themes=data["theme"])
    page, query = paginate(request, cases.order_by("-created_at", "-pk"))
    # Titles are confidential: every case shown on the page is a read.
    log_access_many(request=request, objects=page.object_list)
    return render(
        request,
        "dilemmas/case_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "may_write": may_write_case(user),
        },
    )


def _case_form_context(request, form, organisation, case=None):
    return {
        "form": form,
        "organisation": organisation,
        "case": case,
        "other_organisations": organisations_for_new_case(request.user).exclude(pk=organisation.pk)
        if case is None
        else [],
    }


def _saved_message(case, *, was_draft):
    """What the author is told after saving: a case that was just submitted says so and
    names who receives it."""
    if not (was_draft and case.status == CaseStatus.SUBMITTED):
        return _("Draft saved.") if case.status == CaseStatus.DRAFT else _("Case saved.")
    readers = services.case_readers(case)
    if readers:
        return _("Case submitted. It goes to %(readers)s.") % {"readers": readers}
    return _(
        "Case submitted. You chose no team and no working group serves %(organisation)s yet, "
        "so for now nobody else can read it."
    ) % {"organisation": case.organisation.name}


def case_create(request):
    require(may_write_case(request.user))
    organisations = organisations_for_new_case(request.user)
    chosen = request.GET.get("organisatie", "")
    organisation = (
        organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    ) or organisations.first()
    version = services.current_form_for(organisation.pk)
    case = DilemmaCase(organisation=organisation, form_version=version)
    form = CaseForm(
        request.POST or None,
        instance=case,
        user=request.user,
        version=version,
        themes=_themes_for([organisation.pk], request.user),
    )
    return form_page(
        request,
        form,
        save=lambda form: _save_case(request, form, author=request.user),
        template="dilemmas/case_form.html",
        context=lambda: _case_form_context(request, form, organisation),
        success_url=lambda case: case,
        message=lambda case: _saved_message(case, was_draft=True),
    )


def _save_case(request, form, *, author):
    return services.case_save(
        case=form.save(commit=False),
        author=author,
        answers=form.answers(),
        themes=form.cleaned_data.get("themes", []),
        submit=request.POST.get("action") == "submit",
    )


def case_detail(request, pk):
    case = get_case_for_user(request.user, pk, request=request)
    return _render_case_detail(request, case)


def _render_case_detail(request, case, *, themes_form=None):
    """The case page; submitted themes with an error are shown in place (status 400)."""
    links = SessionCase.objects.filter(case=case).select_related("session__team")
    if themes_form is None and may_on_case(case, "tag"):
        themes_form = CaseThemesForm(
            initial={"themes": case.themes.all()},
            themes=_themes_for([case.organisation_id], request.user),
        )
    return render(
        request,
        "dilemmas/case_detail.html",
        {
            "case": case,
            "answers": case.answered_questions(),
            "links": links,
            "themes": case.themes.all(),
            "may_change": may_on_case(case, "change"),
            "may_close": may_on_case(case, "close"),
            "themes_form": themes_form,
            # A draft is seen by its author only; the page says who will read it once sent.
            "readers": services.case_readers(case) if case.status == CaseStatus.DRAFT else "",
        },
        status=400 if themes_form is not None and themes_form.is_bound else 200,
    )


@require_POST
def case_themes(request, pk):
    case = get_case_for_user(request.user, pk, perm="tag", request=request)
    form = CaseThemesForm(request.POST, themes=_themes_for([case.organisation_id], request.user))
    return form_page(
        request,
        form,
        save=lambda form: services.case_set_themes(case=case, themes=form.cleaned_data["themes"]),
        success_url=case,
        message=_("Themes saved."),
        on_error=lambda form: _render_case_detail(request, case, themes_form=form),
    )


def case_edit(request, pk):
    case = get_case_for_user(request.user, pk, perm="change", request=request)
    form = CaseForm(
        request.POST or None,
        instance=case,
        user=request.user,
        version=case.form_version,
        themes=_themes_for([case.organisation_id], request.user),
    )
    # The status before saving: submitting changes it on this same instance.
    was_draft = case.status == CaseStatus.DRAFT
    return form_page(
        request,
        form,
        save=lambda form: _save_case(request, form, author=case.author),
        template="dilemmas/case_form.html",
        context=lambda: _case_form_context(request, form, case.organisation, case),
        success_url=lambda case: case,
        message=lambda case: _saved_message(case, was_draft=was_draft),
    )


@require_POST
def case_close(request, pk):
    case = get_case_for_user(request.user, pk, perm="close", request=request)
    services.case_close(case=case)
    messages.success(request, _("Case closed."))
    return redirect(case)


def case_history(request, pk):
    case = get_case_for_user(request.user, pk, request=request)
    titles = {str(q.pk): q.title for q in case.form_version.questions.all()}
    return render_history(
        request,
        case,
        back_url=case.get_absolute_url(),
        key_labels={"answers": lambda key: titles.get(str(key), key)},
    )


def case_export(request, pk):
    case = get_case_for_user(
        request.user, pk, request=request, action=AccessLogEntry.Action.EXPORTED
    )
    pdf = render_pdf(
        "dilemmas/case_pdf.html",
        {
            "case": case,
            "answers": case.answered_questions(),
            "links": SessionCase.objects.filter(case=case).select_related("session__team"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="casus-{case.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
