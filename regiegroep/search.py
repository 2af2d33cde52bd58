"""What the coalition search finds in the steering group part: decisions and scenarios.

Readers of a group (staff of its member organisations) find its published decisions; those
who may see all of a group's content find its drafts and its scenarios too."""

from django.db.models import Q
from django.utils.translation import gettext as _

from coalition.search import Provider, SearchHit, matching

from .models import Decision, Scenario
from .permissions import access_for_groups, groups_visible_to


def _groups(user):
    """(readable group ids, fully visible group ids), in a fixed number of queries however
    many steering groups the coalition has."""
    access = access_for_groups(user, groups_visible_to(user))
    return (
        [pk for pk, a in access.items() if a.read],
        [pk for pk, a in access.items() if a.view],
    )


def find_decisions(user, terms, limit):
    readable, visible = _groups(user)
    decisions = (
        Decision.objects.filter(
            Q(group_id__in=visible) | Q(group_id__in=readable, status=Decision.Status.PUBLISHED)
        )
        .filter(matching(["title", "text"], terms))
        .select_related("group")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        SearchHit(
            title=d.title,
            url=d.get_absolute_url(),
            detail=f"{d.group.name} · {d.get_status_display()}",
        )
        for d in decisions
    ]


def find_scenarios(user, terms, limit):
    _readable, visible = _groups(user)
    scenarios = (
        Scenario.objects.filter(group_id__in=visible)
        .filter(matching(["title", "trigger", "description"], terms))
        .select_related("group")
        .order_by("title", "pk")[:limit]
    )
    return [
        SearchHit(title=s.title, url=s.get_absolute_url(), detail=s.group.name) for s in scenarios
    ]


def providers():
    return [
        Provider("decisions", _("Decisions"), find_decisions, order=20),
        Provider("scenarios", _("Crisis scenarios"), find_scenarios, order=22),
    ]
