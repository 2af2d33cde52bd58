"""Partners: the list with the contact rhythm, a partner's page with its contacts, roles and
managers, "my partners", and the categories with their rhythm."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coalition.formpage import form_page
from coalition.history import render_history
from coalition.paging import Sorting, paginate

from ..forms import (
    AssignmentForm,
    CategoryForm,
    ContactMomentForm,
    PartnerFilterForm,
    PartnerForm,
    RoleForm,
)
from ..models import Assignment, ContactPerson, ContactRole, Health
from ..permissions import (
    can_use_app,
    categories_of,
    contact_people_of,
    get_partner_for_user,
    keeper_organisations,
    may_add_partner,
    may_keep_partner,
    partners_visible_to,
)
from ..services import partners as services
from ..services.merge import undoable_merge

User = get_user_model()


PARTNER_SORTING = {
    "naam": (gettext_lazy("Name"), ("name",)),
    "contact": (
        gettext_lazy("Longest without contact"),
        (F("last_contact_on").asc(nulls_first=True), "name"),
    ),
    "prioriteit": (gettext_lazy("Priority"), ("priority", "name")),
}


def partner_list(request):
    user = request.user
    today = timezone.localdate()
    partners = partners_visible_to(user).select_related("category", "organisation")
    sorting = Sorting(request, PARTNER_SORTING)
    filters = PartnerFilterForm(request.GET or None, categories=categories_of(user))
    filters.fields["sort"] = sorting.field()
    partners = filters.apply(partners, today)
    page, query = paginate(request, sorting.apply(partners))
    for partner in page.object_list:
        partner.status = partner.health(today)
    return render(
        request,
        "relatiebeheer/partner_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "may_add": may_add_partner(user),
            "today": today,
        },
    )


def partner_create(request):
    can_use_app(request.user)
    if not may_add_partner(request.user):
        raise PermissionDenied
    form = PartnerForm(
        request.POST or None,
        organisations=keeper_organisations(request.user),
        categories=categories_of(request.user),
    )
    duplicates = []
    # Likely duplicates come first; "add anyway" (toch=1) posts past them to the save.
    if request.method == "POST" and form.is_valid():
        from ..duplicates import likely_duplicates

        data = form.cleaned_data
        duplicates = likely_duplicates(data["organisation"].pk, data["name"], data["place"])
        if duplicates and request.POST.get("toch") != "1":
            return render(
                request,
                "relatiebeheer/partner_form.html",
                {"form": form, "title": _("Add a partner"), "duplicates": duplicates},
                status=400,
            )
    return form_page(
        request,
        form,
        save=lambda form: services.partner_save(
            partner=form.save(commit=False), actor=request.user
        ),
        template="relatiebeheer/partner_form.html",
        context={"title": _("Add a partner"), "duplicates": duplicates},
        success_url=lambda partner: partner,
        message=_("Partner added."),
        error_status=400,
    )


def partner_edit(request, pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    form = PartnerForm(
        request.POST or None,
        instance=partner,
        organisations=keeper_organisations(request.user),
        categories=categories_of(request.user).filter(organisation=partner.organisation),
    )
    return form_page(
        request,
        form,
        save=lambda form: services.partner_save(
            partner=form.save(commit=False), actor=request.user
        ),
        template="relatiebeheer/partner_form.html",
        context={"title": _("Change %(name)s") % {"name": partner.name}, "partner": partner},
        success_url=partner,
        message=_("Partner saved."),
        error_status=400,
    )


def partner_detail(request, pk):
    partner = get_partner_for_user(request.user, pk)
    return _render_partner(request, partner)


def _render_partner(request, partner, *, contact_form=None, role_form=None, assignment_form=None):
    """The partner page; a submitted form with errors is shown in place (status 400)."""
    today = timezone.localdate()
    may_keep = may_keep_partner(request.user, partner)
    people = contact_people_of(request.user).filter(organisation=partner.organisation)
    roles = list(partner.contact_roles.select_related("person").order_by("level", "person__name"))
    if may_keep:
        contact_form = contact_form or ContactMomentForm(
            people=people.filter(roles__partner=partner).distinct(), prefix="contact"
        )
        role_form = role_form or RoleForm(people=people, prefix="role")
        assignment_form = assignment_form or AssignmentForm(
            prefix="manager",
            people=User.objects.filter(
                is_active=True, profile__organisations=partner.organisation_id
            ).order_by("last_name", "first_name"),
        )
    bound = any(f is not None and f.is_bound for f in (contact_form, role_form, assignment_form))
    return render(
        request,
        "relatiebeheer/partner_detail.html",
        {
            "partner": partner,
            "status": partner.health(today),
            "rhythm": partner.rhythm,
            "next_contact": partner.next_contact_on(),
            "current_roles": [r for r in roles if r.is_current(today)],
            "past_roles": [r for r in roles if not r.is_current(today)],
            "assignments": partner.assignments.select_related("manager"),
            "contacts": partner.contacts.select_related("person", "logged_by")[:20],
            "may_keep": may_keep,
            # Who merged what stays with those who keep the partner (a shared partner's
            # page is seen by other organisations).
            "merge": undoable_merge(partner) if may_keep else None,
            "contact_form": contact_form,
            "role_form": role_form,
            "assignment_form": assignment_form,
        },
        status=400 if bound else 200,
    )


def partner_history(request, pk):
    partner = get_partner_for_user(request.user, pk)
    return render_history(request, partner, back_url=partner.get_absolute_url())


@require_POST
def contact_log(request, pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    people = (
        contact_people_of(request.user)
        .filter(organisation=partner.organisation, roles__partner=partner)
        .distinct()
    )
    form = ContactMomentForm(request.POST, people=people, prefix="contact")

    def save(form):
        data = form.cleaned_data
        return services.contact_log(
            partner=partner,
            on=data["on"],
            kind=data["kind"],
            summary=data["summary"],
            follow_up=data["follow_up"],
            person=data["person"],
            actor=request.user,
        )

    return form_page(
        request,
        form,
        save=save,
        success_url=partner,
        message=_("Contact logged. The rhythm starts again from it."),
        on_error=lambda form: _render_partner(request, partner, contact_form=form),
    )


@require_POST
def role_add(request, pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    form = RoleForm(
        request.POST,
        prefix="role",
        people=contact_people_of(request.user).filter(organisation=partner.organisation),
    )

    def save(form):
        data = form.cleaned_data
        person = data["person"] or ContactPerson.objects.create(
            organisation=partner.organisation,
            name=data["name"].strip(),
            email=data["email"],
            phone=data["phone"],
        )
        return services.role_save(
            role=ContactRole(
                person=person,
                partner=partner,
                level=data["level"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
            actor=request.user,
        )

    return form_page(
        request,
        form,
        save=save,
        success_url=partner,
        message=_("Contact person added."),
        on_error=lambda form: _render_partner(request, partner, role_form=form),
    )


@require_POST
def assignment_add(request, pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    form = AssignmentForm(
        request.POST,
        prefix="manager",
        instance=Assignment(partner=partner),
        people=User.objects.filter(is_active=True, profile__organisations=partner.organisation_id),
    )
    return form_page(
        request,
        form,
        save=lambda form: services.assignment_save(
            assignment=form.save(commit=False), actor=request.user
        ),
        success_url=partner,
        message=_("Relationship manager added."),
        on_error=lambda form: _render_partner(request, partner, assignment_form=form),
    )


@require_POST
def assignment_remove(request, pk, assignment_pk):
    partner = get_partner_for_user(request.user, pk, perm="change")
    assignment = get_object_or_404(Assignment, pk=assignment_pk, partner=partner)
    services.assignment_remove(assignment=assignment, actor=request.user)
    messages.success(request, _("Relationship manager removed."))
    return redirect(partner)


def my_partners(request):
    """The partners this person keeps, most overdue first, with their hours a week."""
    can_use_app(request.user)
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.filter(manager=request.user).select_related(
            "partner__category", "partner__organisation"
        )
    )
    rows = []
    for assignment in assignments:
        partner = assignment.partner
        rows.append(
            {
                "assignment": assignment,
                "partner": partner,
                "status": partner.health(today),
                "next_contact": partner.next_contact_on(),
            }
        )
    order = {Health.RED: 0, Health.AMBER: 1, Health.GREEN: 2}
    rows.sort(key=lambda r: (order[r["status"]], r["next_contact"] or today))
    return render(
        request,
        "relatiebeheer/my_partners.html",
        {
            "rows": rows,
            "hours": sum(r["assignment"].hours_per_week for r in rows),
            "today": today,
        },
    )


# --- Categories and their rhythm ---


def category_list(request):
    can_use_app(request.user)
    categories = (
        categories_of(request.user)
        .select_related("organisation")
        .annotate(partner_count=Count("partners"))
        # Explicitly: a grouped query (the count) drops the model's ordering.
        .order_by("organisation__name", "name", "pk")
    )
    return render(
        request,
        "relatiebeheer/category_list.html",
        {"categories": categories, "may_add": may_add_partner(request.user)},
    )


def category_create(request):
    can_use_app(request.user)
    if not may_add_partner(request.user):
        raise PermissionDenied
    form = CategoryForm(request.POST or None, organisations=keeper_organisations(request.user))
    return _category_page(
        request,
        form,
        context={
            "title": _("New category"),
            "lead": _(
                "A category (rubriek) of partners: how often you want contact, and at the latest."
            ),
        },
    )


def category_edit(request, pk):
    can_use_app(request.user)
    category = get_object_or_404(categories_of(request.user), pk=pk)
    form = CategoryForm(
        request.POST or None, instance=category, organisations=keeper_organisations(request.user)
    )
    return _category_page(request, form, context={"title": category.name})


def _category_page(request, form, *, context):
    return form_page(
        request,
        form,
        save=lambda form: services.category_save(
            category=form.save(commit=False), actor=request.user
        ),
        template="form_page.html",
        context={**context, "back": reverse("relatiebeheer:category_list")},
        success_url="relatiebeheer:category_list",
        message=_("Category saved."),
        error_status=400,
    )
