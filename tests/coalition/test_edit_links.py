"""A link to an edit form says "Edit" ("Bewerken"), whatever it edits."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def edit_links(body):
    """The visible text of every link to an edit form (…/bewerken/) on a page."""
    links = re.findall(r'<a [^>]*href="[^"]*/bewerken/"[^>]*>(.*?)</a>', body, re.S)
    texts = []
    for inner in links:
        inner = re.sub(r'<span class="visually-hidden">.*?</span>', "", inner, flags=re.S)
        texts.append(re.sub(r"<[^>]+>", "", inner).strip())
    return texts


@pytest.mark.parametrize("language, word", [("en", "Edit"), ("nl", "Bewerken")])
def test_core_edit_links_say_edit(client_for, coordinator, employee, team, language, word):
    c = client_for(coordinator)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        reverse("coalition:organisation_detail", args=[team.organisation.pk]),
        reverse("coalition:person_detail", args=[employee.pk]),
    ]
    texts = []
    for url in pages:
        texts += edit_links(c.get(url).content.decode())
    # The organisation, its team and the person.
    assert texts == [word, word, word]
