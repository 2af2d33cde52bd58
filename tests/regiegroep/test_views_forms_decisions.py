"""Decision forms: within or outside the mandate as one explicit choice, the service's
refusal shown on the form, a published decision unchanged and replaced by a successor,
publishing that informs the circles ticked (every circle by default), errors next to the
circles, the history of each change, the list filters, and notifications in Dutch whatever
language the member uses."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coalition.models import Notification
from regiegroep import services
from regiegroep.models import Decision
from tests.regiegroep.factories import DecisionFactory, StakeholderFactory
from tests.regiegroep.forms_helpers import field_errors, in_english

pytestmark = pytest.mark.django_db


DECISION = {
    "title": "Noodfonds",
    "domain": "finances",
    "text": "We richten een noodfonds op.",
    "rationale": "Liquiditeit.",
}


def test_decision_mandate_is_one_choice(client_for, member, group):
    url = reverse("regiegroep:decision_create", args=[group.pk])
    body = client_for(member).get(url).content.decode()
    radios = re.findall(r'<input[^>]*name="within_mandate"[^>]*>', body)
    assert len(radios) == 2 and all('type="radio"' in radio for radio in radios)
    # Within the mandate unless chosen otherwise; no second box to tick.
    assert [radio for radio in radios if "checked" in radio] == [
        radio for radio in radios if 'value="within"' in radio
    ]
    assert "confirm_outside_mandate" not in body


def test_decision_outside_mandate_is_chosen_explicitly(client_for, member, group):
    c = in_english(client_for(member))
    url = reverse("regiegroep:decision_create", args=[group.pk])
    response = c.post(url, DECISION)
    errors = field_errors(response.content.decode(), "within_mandate")
    assert "Choose whether this decision is within the mandate." in errors
    assert 'value="Noodfonds"' in response.content.decode()
    assert not Decision.objects.exists()
    response = c.post(url, {**DECISION, "within_mandate": "outside"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and not decision.within_mandate
    page = c.get(decision.get_absolute_url()).content.decode()
    assert "The steering group took this decision outside its mandate" in page
    # Editing the draft starts from that choice.
    edit = c.get(reverse("regiegroep:decision_edit", args=[decision.pk])).content.decode()
    assert re.search(r'<input[^>]*name="within_mandate" value="outside"[^>]*checked', edit)


def test_decision_form_shows_the_refusal_of_the_service(client_for, member, group, monkeypatch):
    # Should the form ever pass on a contradiction, the service refuses and the form says why.
    monkeypatch.setattr(
        "regiegroep.forms.DecisionForm.outside_mandate_confirmed", lambda form: True
    )
    c = in_english(client_for(member))
    url = reverse("regiegroep:decision_create", args=[group.pk])
    response = c.post(url, {**DECISION, "within_mandate": "within"})
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), "within_mandate")
    assert "A decision is either within the mandate or outside it, not both." in errors
    assert not Decision.objects.exists()


def test_published_decision_edit_redirects_with_message(client_for, member, group):
    decision = DecisionFactory(group=group)
    services.decision_publish(decision=decision, actor=member, circles=[])
    response = client_for(member).post(
        reverse("regiegroep:decision_edit", args=[decision.pk]),
        {
            "title": "Anders",
            "domain": "personnel",
            "text": "x",
            "rationale": "y",
            "within_mandate": "within",
        },
        follow=True,
    )
    assert "Een gepubliceerd besluit kan niet worden gewijzigd" in response.content.decode()
    decision.refresh_from_db()
    assert decision.title != "Anders"


def test_publish_then_supersede(client_for, member, group):
    decision = DecisionFactory(group=group)
    c = client_for(member)
    c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": []})
    decision.refresh_from_db()
    assert decision.is_published
    response = c.post(reverse("regiegroep:decision_supersede", args=[decision.pk]))
    successor = Decision.objects.get(supersedes=decision)
    assert response.url == reverse("regiegroep:decision_edit", args=[successor.pk])
    page = c.get(decision.get_absolute_url()).content.decode()
    assert "Een concept gaat dit besluit vervangen" in page


def publish_form_defaults(client, decision):
    """What the publish form on the decision page sends when nothing is changed."""
    body = client.get(decision.get_absolute_url()).content.decode()
    action = reverse("regiegroep:decision_publish", args=[decision.pk])
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', body, re.S).group(0)
    return re.findall(r'<input[^>]*name="circles" value="(\d+)"[^>]*checked', form)


def test_publishing_with_the_default_choices_informs_every_circle(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group)
    c = client_for(member)
    defaults = publish_form_defaults(c, decision)
    assert sorted(defaults) == ["2", "3"]
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": defaults}
        )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_published and decision.communicated_at is not None
    assert {x.name for x in decision.communications.all()} == {"GGD", "Raad"}
    assert sorted(m.to[0] for m in mail.outbox) == ["crisis@ggd.example", "raad@x.example"]


def test_publishing_with_a_circle_unticked_leaves_that_circle_uninformed(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group)
    c = client_for(member)
    chosen = [circle for circle in publish_form_defaults(c, decision) if circle != "3"]
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": chosen})
    decision.refresh_from_db()
    assert decision.is_published
    assert [x.name for x in decision.communications.all()] == ["GGD"]
    assert [m.to[0] for m in mail.outbox] == ["crisis@ggd.example"]
    assert not Notification.objects.filter(email="raad@x.example").exists()


def test_a_successor_preselects_the_circles_of_the_decision_it_replaces(client_for, member, group):
    decision = services.decision_publish(
        decision=DecisionFactory(group=group), actor=member, circles=[2]
    )
    successor = services.decision_supersede(decision=decision)
    assert publish_form_defaults(client_for(member), successor) == ["2"]


def test_communicate_requires_a_circle(client_for, member, group):
    decision = DecisionFactory(group=group)
    services.decision_publish(decision=decision, actor=member, circles=[])
    response = client_for(member).post(
        reverse("regiegroep:decision_communicate", args=[decision.pk]), {}
    )
    assert response.status_code == 400
    errors = field_errors(response.content.decode(), "inform-circles")
    assert "Kies minstens één kring om te informeren." in errors
    assert 'aria-describedby="id_inform-circles_error"' in errors


def test_publish_with_a_wrong_circle_shows_the_error_at_the_circles(client_for, member, group):
    decision = DecisionFactory(group=group)
    response = client_for(member).post(
        reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": ["2", "9"]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Selecteer een geldige keuze" in field_errors(body, "circles")
    assert re.search(r'<input[^>]*name="circles" value="2"[^>]*checked', body)
    decision.refresh_from_db()
    assert not decision.is_published


def test_decision_history_shows_each_change(client_for, member, group):
    c = client_for(member)
    url = reverse("regiegroep:decision_create", args=[group.pk])
    c.post(
        url,
        {
            "title": "Flexpool",
            "domain": "personnel",
            "text": "Eerste tekst",
            "rationale": "r",
            "within_mandate": "within",
        },
    )
    decision = Decision.objects.get()
    c.post(
        reverse("regiegroep:decision_edit", args=[decision.pk]),
        {
            "title": "Flexpool",
            "domain": "personnel",
            "text": "Tweede tekst",
            "rationale": "r",
            "within_mandate": "within",
        },
    )
    c.post(reverse("regiegroep:decision_publish", args=[decision.pk]), {})
    body = c.get(reverse("regiegroep:decision_history", args=[decision.pk])).content.decode()
    assert "Eerste tekst" in body and "Tweede tekst" in body
    assert "Gepubliceerd" in body and "Concept" in body
    assert body.count('<li class="card">') >= 3


def test_decision_list_filters_by_status_and_domain(client_for, member, reader, group):
    DecisionFactory(group=group, title="Concept over locaties", domain="locations")
    published = DecisionFactory(group=group, title="Besluit over personeel", domain="personnel")
    services.decision_publish(decision=published, actor=member, circles=[])
    url = reverse("regiegroep:decision_list", args=[group.pk])
    body = client_for(member).get(url, {"status": "draft"}).content.decode()
    assert "Concept over locaties" in body and "Besluit over personeel" not in body
    body = client_for(member).get(url, {"domain": "personnel"}).content.decode()
    assert "Besluit over personeel" in body and "Concept over locaties" not in body
    body = client_for(reader).get(url, {"status": "draft"}).content.decode()
    assert "Concept over locaties" not in body and 'name="status"' not in body


def test_notifications_are_dutch_whatever_language_the_member_uses(
    client_for, member, group, django_capture_on_commit_callbacks
):
    StakeholderFactory(group=group, circle=2, name="GGD", email="crisis@ggd.example")
    StakeholderFactory(group=group, circle=3, name="Raad", email="raad@x.example")
    decision = DecisionFactory(group=group, title="Flexpool", rationale="Te weinig mensen")
    c = client_for(member)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("regiegroep:decision_publish", args=[decision.pk]), {"circles": ["2"]}
        )
        assert response.status_code == 302
        c.post(
            reverse("regiegroep:decision_communicate", args=[decision.pk]),
            {"inform-circles": ["3"]},
        )
    notes = {n.email: n for n in Notification.objects.all()}
    assert set(notes) == {"crisis@ggd.example", "raad@x.example"}
    for note in notes.values():
        assert note.subject == f"Besluit van {group.name}: Flexpool"
        assert "Onderbouwing: Te weinig mensen" in note.body
