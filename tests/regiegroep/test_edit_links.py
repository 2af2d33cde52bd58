"""Every link to an edit form in the steering group says "Edit" ("Bewerken"): on its own
in a row of a table, or before what it edits ("Edit scenario", "Scenario bewerken")."""

import pytest
from django.conf import settings
from django.urls import reverse

from regiegroep import services
from regiegroep.models import Priority
from tests.coalition.test_edit_links import edit_links
from tests.regiegroep.factories import (
    DecisionFactory,
    LessonFactory,
    PrincipleFactory,
    RiskFactory,
    ScenarioFactory,
    StakeholderFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "nl"])
def test_edit_links_say_edit(client_for, coordinator, member, group, organisation, language):
    services.priority_save(priority=Priority(group=group, title="Zorg"), goals={organisation: "x"})
    scenario = ScenarioFactory(group=group)
    StepFactory(scenario=scenario)
    RiskFactory(scenario=scenario)
    StakeholderFactory(group=group)
    PrincipleFactory(group=group, lesson=LessonFactory(group=group))
    decision = DecisionFactory(group=group)
    pages = [
        group.get_absolute_url(),
        reverse("regiegroep:seat_list", args=[group.pk]),
        reverse("regiegroep:stakeholder_list", args=[group.pk]),
        reverse("regiegroep:framework", args=[group.pk]),
        scenario.get_absolute_url(),
        decision.get_absolute_url(),
    ]
    texts = []
    for user in (coordinator, member):
        c = client_for(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in pages:
            response = c.get(url)
            assert response.status_code == 200, url
            texts += edit_links(response.content.decode())
    for text in texts:
        if language == "en":
            assert text == "Edit" or text.startswith("Edit "), text
        else:
            assert text == "Bewerken" or text.endswith(" bewerken"), text
    # Priority, seat, stakeholder, principle, lesson, step and risk at least, in their rows.
    assert texts.count("Edit" if language == "en" else "Bewerken") >= 7
