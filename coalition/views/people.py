"""People, as coordinators keep them: list, add (with an invitation), change, unlock."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from .. import exports, people, roles
from ..forms import PeopleFilterForm, PersonCreateForm, PersonEditForm
from ..history import render_history
from ..models import AccessGrant, Profile
from ..paging import Sorting, paginate
from ..permissions import (
    get_person_for_user,
    may_change_access_of,
    may_manage_person,
    people_visible_to,
    require_coordinator,
)
from ..tasks import send_invitation


def _locked_usernames(usernames):
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


PEOPLE_SORTING = {
    "naam": (gettext_lazy("Name"), ("last_name", "first_name", "username")),
    "laatst-ingelogd": (gettext_lazy("Last logged in"), (F("last_login").desc(nulls_last=True),)),
    "nieuwste": (gettext_lazy("Newest first"), ("-date_joined",)),
}


def _filtered_people(request):
    """(filter form, people) the coordinator may see, with the list's filters and order."""
    sorting = Sorting(request, PEOPLE_SORTING)
    filters = PeopleFilterForm(request.GET or None)
    filters.fields["sort"] = sorting.field()
    people_qs = people_visible_to(request.user).select_related("profile")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            people_qs = people_qs.filter(
                Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(username__icontains=q)
                | Q(email__icontains=q)
            )
        # Through a join a person could come twice; the filters ask "is there one" instead,
        # so the list needs no DISTINCT over every column (which sorted all people).
        if data["organisation"]:
            people_qs = people_qs.filter(
                profile__in=Profile.organisations.through.objects.filter(
                    organisation=data["organisation"]
                ).values("profile_id")
            )
        if data["role"]:
            people_qs = people_qs.filter(
                pk__in=get_user_model()
                .groups.through.objects.filter(group__name=data["role"])
                .values("user_id")
            )
    return filters, sorting.apply(people_qs)


def _role_labels(person):
    return roles.labels({g.name for g in person.groups.all()})


def _names_by_person(pairs):
    """{person id: [names]} of (person id, name) rows."""
    found = {}
    for pk, name in pairs:
        found.setdefault(pk, []).append(name)
    return found


def person_list(request):
    require_coordinator(request.user)
    filters, people_qs = _filtered_people(request)
    page, query = paginate(request, people_qs)
    # The page's roles and organisations as names only (two queries of pairs): no role or
    # organisation object is made for each of 50 people.
    pks = [person.pk for person in page.object_list]
    role_names = _names_by_person(
        get_user_model()
        .groups.through.objects.filter(user_id__in=pks)
        .values_list("user_id", "group__name")
    )
    organisation_names = _names_by_person(
        Profile.organisations.through.objects.filter(profile__user_id__in=pks)
        .order_by("organisation__name")
        .values_list("profile__user_id", "organisation__name")
    )
    locked = _locked_usernames([p.username for p in page.object_list])
    for person in page.object_list:
        labels = roles.labels(set(role_names.get(person.pk, ())))
        person.role_labels = ", ".join(str(label) for label in labels)
        person.organisation_names = ", ".join(organisation_names.get(person.pk, ()))
        person.is_locked = person.username in locked
    return render(
        request, "coalition/person_list.html", {"page": page, "filters": filters, "query": query}
    )


@require_GET
def person_export(request):
    """The people list as a file, with the list's filters: a fixed number of queries."""
    require_coordinator(request.user)
    _filters, people_qs = _filtered_people(request)
    people_qs = people_qs.prefetch_related("groups", "profile__organisations", "profile__teams")
    rows = (
        [
            person.last_name,
            person.first_name,
            person.username,
            person.email,
            ", ".join(o.name for o in person.profile.organisations.all()),
            ", ".join(t.name for t in person.profile.teams.all()),
            ", ".join(str(label) for label in _role_labels(person)),
            person.is_active,
            person.last_login,
        ]
        for person in people_qs
    )
    headers = [
        _("Last name"),
        _("First name"),
        _("User name"),
        _("E-mail address"),
        _("Organisations"),
        _("Teams"),
        _("Roles"),
        _("Can log in"),
        _("Last logged in"),
    ]
    return exports.download(
        name=_("people"),
        headers=headers,
        rows=rows,
        file_format=request.GET.get("format", "csv"),
        widths=(22, 18, 16, 30, 30, 24, 30, 10, 18),
    )


def _tell_requested(request, requested):
    if requested:
        messages.info(
            request,
            ngettext(
                "One change opens confidential records: it waits until a second person of "
                "the organisation confirms it.",
                "%(count)s changes open confidential records: each waits until a second "
                "person of the organisation concerned confirms it.",
                len(requested),
            )
            % {"count": len(requested)},
        )


def person_create(request):
    require_coordinator(request.user)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = people.person_create(
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            actor=request.user,
            role_names=data["role_names"],
            organisations=data["organisations"],
            teams=data["teams"],
            note=data["note"],
        )
        person = change.user
        messages.success(
            request,
            _("%(name)s is added and gets an invitation by e-mail to choose a password.")
            % {"name": person.get_full_name()},
        )
        _tell_requested(request, change.requested)
        return redirect("coalition:person_detail", pk=person.pk)
    return render(
        request,
        "coalition/person_form.html",
        {"form": form, "title": _("Add a person")},
    )


def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    profile = Profile.objects.filter(user=person).first()
    names = set(person.groups.values_list("name", flat=True))
    return render(
        request,
        "coalition/person_detail.html",
        {
            "person": person,
            "profile": profile,
            "role_labels": roles.labels(names),
            "teams": profile.teams.select_related("organisation") if profile else [],
            "organisations": profile.organisations.all() if profile else [],
            "pending": person.access_grants.filter(status=AccessGrant.Status.PENDING),
            "locked_until": people.lockout_until(person),
            "may_edit": may_manage_person(request.user, person),
        },
    )


def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, perm="change")
    can_change_access = may_change_access_of(request.user, person)
    form = PersonEditForm(request.POST or None, person=person, can_change_access=can_change_access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = people.person_save(
            user=person,
            actor=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            is_active=data["is_active"],
            role_names=data["role_names"],
            organisations=data["organisations"],
            teams=data["teams"],
            note=data["note"],
        )
        messages.success(request, _("Saved."))
        _tell_requested(request, change.requested)
        return redirect("coalition:person_detail", pk=person.pk)
    return render(
        request,
        "coalition/person_form.html",
        {
            "form": form,
            "title": _("Change %(name)s") % {"name": person.get_full_name() or person.username},
            "person": person,
        },
    )


@require_POST
def person_unlock(request, pk):
    person = get_person_for_user(request.user, pk, perm="change")
    people.person_unlock(user=person, actor=request.user)
    messages.success(request, _("%(name)s can log in again.") % {"name": person.get_full_name()})
    return redirect("coalition:person_detail", pk=person.pk)


@require_POST
def person_invite(request, pk):
    person = get_person_for_user(request.user, pk, perm="change")
    if person.last_login is not None:
        messages.error(
            request,
            _(
                "%(name)s has logged in before: they choose a new password themselves with "
                "“Forgot your password?” on the log-in page."
            )
            % {"name": person.get_full_name()},
        )
        return redirect("coalition:person_detail", pk=person.pk)
    send_invitation.delay_on_commit(person.pk)
    messages.success(
        request,
        _("A new invitation to choose a password is on its way to %(email)s.")
        % {"email": person.email},
    )
    return redirect("coalition:person_detail", pk=person.pk)


def person_history(request, pk):
    person = get_person_for_user(request.user, pk)
    profile = Profile.objects.filter(user=person).first()
    if profile is None:
        return redirect("coalition:person_detail", pk=person.pk)
    return render_history(
        request, profile, back_url=redirect("coalition:person_detail", pk=person.pk).url
    )
