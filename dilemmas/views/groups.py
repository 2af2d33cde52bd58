from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.history import render_history

from .. import services
from ..forms import MemberForm, QuestionFormSet, ThemeForm, WorkingGroupForm
from ..models import WorkingGroupMember
from ..permissions import (
    cases_visible_to,
    consultations_visible_to,
    get_form_version_for_user,
    get_group_for_user,
    groups_visible_to,
    may_compose_group,
    may_create_group,
    may_follow_reflection,
    may_manage_group,
    may_plan_session,
    require,
    sessions_visible_to,
)


def index(request):
    user = request.user
    return render(
        request,
        "dilemmas/index.html",
        {
            "groups": groups_visible_to(user).prefetch_related("organisations"),
            "case_count": cases_visible_to(user).count(),
            "session_count": sessions_visible_to(user).count(),
            "consultation_count": consultations_visible_to(user).count(),
            "may_plan": may_plan_session(user),
            "may_follow_reflection": may_follow_reflection(user),
        },
    )


def group_list(request):
    groups = groups_visible_to(request.user).prefetch_related(
        "organisations",
        Prefetch("memberships", queryset=WorkingGroupMember.objects.select_related("user")),
    )
    return render(
        request,
        "dilemmas/group_list.html",
        {"groups": groups, "may_create": may_create_group(request.user)},
    )


def group_detail(request, pk):
    return _render_group_detail(request, get_group_for_user(request.user, pk))


def _render_group_detail(request, group, *, member_form=None, theme_form=None):
    """The group page; a submitted form with errors is shown in place (status 400)."""
    memberships = list(group.memberships.select_related("user"))
    may_manage = may_manage_group(request.user, group)
    may_compose = may_compose_group(request.user, group)
    context = {
        "group": group,
        "memberships": memberships,
        "missing": group.missing_perspectives(memberships),
        "themes": group.themes.all(),
        "may_manage": may_manage,
        "may_compose": may_compose,
        "versions": group.form_versions.filter(published_at__isnull=False),
        "current_form": services.latest_published(group),
        "pending_grants": services.pending_grants_of_group(group),
    }
    if may_compose:
        if member_form is None:
            member_form = MemberForm(group=group)
        context["member_form"] = member_form
    if may_manage:
        if theme_form is None:
            theme_form = ThemeForm(group=group)
        context["theme_form"] = theme_form
    invalid = (member_form is not None and member_form.is_bound) or (
        theme_form is not None and theme_form.is_bound
    )
    return render(request, "dilemmas/group_detail.html", context, status=400 if invalid else 200)


def group_create(request):
    require(may_create_group(request.user))
    form = WorkingGroupForm(request.POST or None)

    def save(form):
        group = form.save(commit=False)
        # A new group has no members yet: its organisations need no confirming.
        _save_group(form, group, actor=request.user)
        return group

    return form_page(
        request,
        form,
        save=save,
        template="form_page.html",
        context={"title": _("New working group")},
        success_url=lambda group: group,
        message=_("Working group created."),
    )


def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, perm="compose")
    form = WorkingGroupForm(request.POST or None, instance=group)
    return form_page(
        request,
        form,
        save=lambda form: _save_group(form, form.save(commit=False), actor=request.user),
        template="form_page.html",
        context={"title": _("Edit working group"), "back": group.get_absolute_url()},
        success_url=group,
        message=_("Working group saved."),
        then=lambda requested: _tell_requested(request, requested),
    )


def _save_group(form, group, *, actor):
    return services.group_save(
        group=group, organisations=list(form.cleaned_data["organisations"]), actor=actor
    )


def group_history(request, pk):
    group = get_group_for_user(request.user, pk)
    return render_history(request, group, back_url=group.get_absolute_url())


@require_POST
def member_add(request, pk):
    group = get_group_for_user(request.user, pk, perm="compose")
    form = MemberForm(request.POST, group=group)

    def save(form):
        try:
            return services.member_request(
                group=group,
                user=form.cleaned_data["user"],
                perspective=form.cleaned_data["perspective"],
                actor=request.user,
            )
        except ValidationError as refusal:
            # What the service refuses concerns the person chosen: shown next to that field.
            raise ValidationError({"user": refusal.messages}) from refusal

    return form_page(
        request,
        form,
        save=save,
        success_url=group,
        # Added at once, or (reading confidential cases) once a second person confirms.
        message=lambda grant: _("Member added.") if grant is None else "",
        then=lambda grant: _tell_requested(request, [grant] if grant else []),
        on_error=lambda form: _render_group_detail(request, group, member_form=form),
    )


def _tell_requested(request, grants):
    if grants:
        messages.info(
            request,
            ngettext(
                "Access request made: it takes effect once a second person of the "
                "organisation concerned confirms it.",
                "%(count)s access requests made: each takes effect once a second person of "
                "the organisation concerned confirms it.",
                len(grants),
            )
            % {"count": len(grants)},
        )


@require_POST
def member_remove(request, pk, member_pk):
    group = get_group_for_user(request.user, pk, perm="compose")
    member = get_object_or_404(WorkingGroupMember, pk=member_pk, group=group)
    services.member_remove(member=member)
    messages.success(request, _("Member removed."))
    return redirect(group)


@require_POST
def theme_add(request, pk):
    group = get_group_for_user(request.user, pk, perm="manage")
    form = ThemeForm(request.POST, group=group)

    def save(form):
        theme = form.save(commit=False)
        theme.group = group
        theme.save()

    return form_page(
        request,
        form,
        save=save,
        success_url=group,
        message=_("Theme added."),
        on_error=lambda form: _render_group_detail(request, group, theme_form=form),
    )


def form_edit(request, pk):
    group = get_group_for_user(request.user, pk, perm="manage")
    draft = services.form_draft(group=group)
    if draft is None:
        # Opening the editor changes nothing: a draft is made only when asked for.
        if request.method == "POST":
            services.form_draft_for(group=group)
            return redirect("dilemmas:form_edit", pk=group.pk)
        return render(
            request,
            "dilemmas/form_start.html",
            {"group": group, "current": services.latest_published(group)},
        )
    formset = QuestionFormSet(request.POST or None, queryset=draft.questions.all())
    if request.method == "POST" and formset.is_valid():
        questions = formset.save(commit=False)
        for question in questions:
            question.version = draft
            question.save()
        for question in formset.deleted_objects:
            question.delete()
        messages.success(request, _("Draft of the case form saved."))
        return redirect("dilemmas:form_edit", pk=group.pk)
    return render(
        request,
        "dilemmas/form_edit.html",
        {"group": group, "draft": draft, "formset": formset},
    )


@require_POST
def form_publish(request, pk):
    group = get_group_for_user(request.user, pk, perm="manage")
    try:
        version = services.form_publish(group=group, actor=request.user)
    except ValidationError as refusal:
        # The draft stays as it was saved; its editor says why it was not published.
        messages.error(request, " ".join(refusal.messages))
        return redirect("dilemmas:form_edit", pk=group.pk)
    messages.success(
        request, _("Version %(number)s of the case form is published.") % {"number": version.number}
    )
    return redirect(group)


def form_version_detail(request, pk, version_pk):
    group = get_group_for_user(request.user, pk)
    version = get_form_version_for_user(request.user, group, version_pk)
    return render(
        request,
        "dilemmas/form_version.html",
        {"group": group, "version": version, "questions": version.questions.all()},
    )


def feedback_overview(request, pk):
    group = get_group_for_user(request.user, pk, perm="manage")
    return render(
        request,
        "dilemmas/feedback_overview.html",
        {
            "group": group,
            "teams": services.feedback_overview(group.organisations.values_list("pk", flat=True)),
            "min_answers": services.FEEDBACK_MIN_ANSWERS,
        },
    )
