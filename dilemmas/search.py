"""What the coalition search finds in the moral-dilemma part: trainings, and the cases the
user may see (their titles only; a case's answers are never searched)."""

from django.utils.translation import gettext as _

from coalition.search import Provider, SearchHit, matching

from .permissions import cases_visible_to, training_types_visible_to


def find_cases(user, terms, limit):
    cases = (
        cases_visible_to(user)
        .filter(matching(["title"], terms))
        .select_related("organisation")
        .order_by("-pk")[:limit]
    )
    return [
        SearchHit(
            title=c.title,
            url=c.get_absolute_url(),
            detail=f"{c.organisation} · {c.get_status_display()}",
            record=c,
        )
        for c in cases
    ]


def find_trainings(user, terms, limit):
    from django.urls import reverse

    trainings = (
        training_types_visible_to(user)
        .filter(matching(["name", "description"], terms))
        .order_by("name", "pk")[:limit]
    )
    url = reverse("dilemmas:training_list")
    return [
        SearchHit(title=t.name, url=f"{url}#training-{t.pk}", detail=t.get_audience_display())
        for t in trainings
    ]


def providers():
    return [
        Provider("trainings", _("Trainings"), find_trainings, order=40),
        Provider("cases", _("Dilemma cases"), find_cases, order=42),
    ]
