"""Confidential dilemma cases: the permission-filtered list at 100,000 cases, and the
permission rows stored per case as the number of people who may see it grows.

`top_up_cases` adds cases until there are `total`. Each new case copies an existing case
that no session discussed (its author, organisation, team, status and form), so it has the
same audience; that audience is asked of the app's own rules (`case_audience` for people,
`case_group_audience` for working groups) once per copied case, and the guardian rows are
written in bulk. A sample of the new cases is then
synced by `sync_case_permissions` itself: it must change nothing (`verified`)."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from guardian.models import GroupObjectPermission, UserObjectPermission

from coalition import roles
from coalition.models import Organisation, Team
from coalition.paging import paginate
from dilemmas.models import (
    CaseGroupObjectPermission,
    CaseStatus,
    CaseUserObjectPermission,
    DilemmaCase,
    Perspective,
    SessionCase,
    WorkingGroup,
)
from dilemmas.permissions import cases_visible_to
from dilemmas.services import access as case_access
from dilemmas.services import case_audience, member_add, sync_case_permissions

from .pool import make_people, unique
from .sweep_run import rolled_back

User = get_user_model()
TEMPLATES = 1000
SAMPLE = 20


def top_up_cases(total, rng):
    """Add cases until there are `total`; returns what was done."""
    missing = total - DilemmaCase.objects.count()
    if missing <= 0:
        return {"added": 0}
    discussed = SessionCase.objects.filter(case=OuterRef("pk"))
    templates = list(
        DilemmaCase.objects.exclude(status=CaseStatus.DRAFT)
        .filter(~Exists(discussed))
        .order_by("?")[:TEMPLATES]
    )
    permissions = {
        p.codename: p.pk for p in Permission.objects.filter(content_type__app_label="dilemmas")
    }
    per_template = -(-missing // len(templates))
    made = 0
    for template in templates:
        count = min(per_template, missing - made)
        if count <= 0:
            break
        audience = case_audience(template)
        groups = group_audience(template)
        copies = DilemmaCase.objects.bulk_create(
            [
                DilemmaCase(
                    author_id=template.author_id,
                    organisation_id=template.organisation_id,
                    team_id=template.team_id,
                    form_version_id=template.form_version_id,
                    title=template.title,
                    answers=template.answers,
                    status=template.status,
                    created_at=template.created_at,
                    submitted_at=template.submitted_at,
                )
                for _i in range(count)
            ],
            batch_size=2000,
        )
        CaseUserObjectPermission.objects.bulk_create(
            [
                CaseUserObjectPermission(
                    content_object=case, user_id=user_id, permission_id=permissions[codename]
                )
                for case in copies
                for user_id, codenames in audience.items()
                for codename in codenames
            ],
            batch_size=5000,
        )
        CaseGroupObjectPermission.objects.bulk_create(
            [
                CaseGroupObjectPermission(
                    content_object=case, group_id=group_id, permission_id=permissions[codename]
                )
                for case in copies
                for group_id, codenames in groups.items()
                for codename in codenames
            ],
            batch_size=5000,
        )
        made += count
    sample = list(DilemmaCase.objects.order_by("-pk")[:SAMPLE])
    before = _rows(sample)
    for case in sample:
        sync_case_permissions(case)
    return {"added": made, "templates": len(templates), "verified": _rows(sample) == before}


def group_audience(case):
    """{Django group id: codenames} the working groups get on `case`, where the app keeps
    them per group (case_group_audience); none where it keeps them per member."""
    rule = getattr(case_access, "case_group_audience", None)
    return rule(case) if rule else {}


def _rows(cases):
    people = CaseUserObjectPermission.objects.filter(content_object__in=cases)
    groups = CaseGroupObjectPermission.objects.filter(content_object__in=cases)
    return sorted(
        [
            ("user", *row)
            for row in people.values_list("content_object_id", "user_id", "permission_id")
        ]
        + [
            ("group", *row)
            for row in groups.values_list("content_object_id", "group_id", "permission_id")
        ]
    )


def _first_page(queryset):
    request = RequestFactory().get("/dilemmas/casussen/")
    started = time.perf_counter()
    page, _query = paginate(request, queryset.order_by("-created_at", "-pk"))
    page.paginator.count  # noqa: B018 - the count the page shows
    return time.perf_counter() - started


def list_timing(username="workgroup", repeat=7):
    """The case list's first page for a working-group member through the permission filter,
    and the same list without it; medians in seconds."""
    user = User.objects.get(username=username)

    def base(queryset):
        return queryset.select_related("author", "organisation", "team").prefetch_related("themes")

    filtered, unfiltered = [], []
    for _round in range(repeat):
        filtered.append(_first_page(base(cases_visible_to(user))))
        unfiltered.append(_first_page(base(DilemmaCase.objects.all())))
    return {
        "user": username,
        "cases": DilemmaCase.objects.count(),
        "visible": cases_visible_to(user).count(),
        "filtered_ms": round(statistics.median(filtered) * 1000, 2),
        "unfiltered_ms": round(statistics.median(unfiltered) * 1000, 2),
    }


def rows_of(case):
    """Every permission row stored for one case, in any of guardian's tables."""
    generic = {
        "content_type": ContentType.objects.get_for_model(DilemmaCase),
        "object_pk": str(case.pk),
    }
    return (
        CaseUserObjectPermission.objects.filter(content_object=case).count()
        + CaseGroupObjectPermission.objects.filter(content_object=case).count()
        + UserObjectPermission.objects.filter(**generic).count()
        + GroupObjectPermission.objects.filter(**generic).count()
    )


def rows_per_case(small=5, large=50):
    """Permission rows of one submitted case when the working group serving its organisation
    has `small` members, and after it grew to `large` (members added by the app's service)."""
    from dilemmas.default_form import ensure_default_form
    from dilemmas.models import CaseFormVersion, CaseQuestion

    with rolled_back():
        organisation = Organisation.objects.create(name=unique("Organisatie"), sector="social")
        team = Team.objects.create(organisation=organisation, name=unique("Team"))
        author = make_people(1, organisation=organisation, team=team, roles=[roles.EMPLOYEE])[0]
        group = WorkingGroup.objects.create(name=unique("Werkgroep"), mandate="Bench")
        group.organisations.add(organisation)
        members = make_people(large, organisation=organisation, roles=[roles.WORKING_GROUP_MEMBER])
        case = DilemmaCase.objects.create(
            author=author,
            organisation=organisation,
            team=team,
            form_version=ensure_default_form(CaseFormVersion, CaseQuestion),
            title="Bench",
            status=CaseStatus.SUBMITTED,
        )
        sync_case_permissions(case)
        for member in members[:small]:
            member_add(group=group, user=member, perspective=Perspective.OTHER, actor=None)
        at_small = rows_of(case)
        for member in members[small:]:
            member_add(group=group, user=member, perspective=Perspective.OTHER, actor=None)
        at_large = rows_of(case)
    return {"members_small": small, "rows_small": at_small, "members_large": large,
            "rows_large": at_large}  # fmt: skip
