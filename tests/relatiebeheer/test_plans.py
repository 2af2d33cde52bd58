"""The yearly plan: only one's own, only partners one keeps, on schedule or behind."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relatiebeheer.models import Category, Partner, PlanItem
from relatiebeheer.services import partners as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(organisation, relationship_manager):
    category = Category.objects.create(organisation=organisation, name="Huisartsen")
    return services.partner_save(
        partner=Partner(organisation=organisation, name="Huisarts Noord", category=category),
        actor=relationship_manager,
    )


@pytest.fixture
def foreign(other_organisation, relationship_manager):
    category = Category.objects.create(organisation=other_organisation, name="Elders")
    return Partner.objects.create(organisation=other_organisation, name="Elders", category=category)


def test_add_mark_and_remove_an_item(client_for, relationship_manager, kept):
    c = client_for(relationship_manager)
    year = timezone.localdate().year
    response = c.post(
        reverse("relatiebeheer:plan_item_add") + f"?jaar={year}",
        {"partner": kept.pk, "aim": "Vaste contactpersoon", "due_on": f"{year}-12-01"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.manager == relationship_manager and item.year == year
    c.post(reverse("relatiebeheer:plan_item_done", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    c.post(reverse("relatiebeheer:plan_item_delete", args=[item.pk]))
    assert not PlanItem.objects.exists()


def test_bad_input_keeps_the_aim(client_for, relationship_manager, kept, foreign):
    c = client_for(relationship_manager)
    year = timezone.localdate().year
    response = c.post(
        reverse("relatiebeheer:plan_item_add") + f"?jaar={year}",
        {"partner": kept.pk, "aim": "Samen scholing", "due_on": f"{year + 1}-01-10"},
    )
    assert response.status_code == 400
    assert "due_on" in response.context["form"].errors
    assert 'value="Samen scholing"' in response.content.decode()
    response = c.post(
        reverse("relatiebeheer:plan_item_add") + f"?jaar={year}",
        {"partner": foreign.pk, "aim": "x", "due_on": f"{year}-06-01"},
    )
    assert response.status_code == 400  # not a partner this manager keeps
    assert not PlanItem.objects.exists()


def test_someone_elses_plan_item_is_404(
    client_for, relationship_manager, kept, make_person, organisation
):
    colleague = make_person("relationship_manager", organisation, username="relations2")
    item = PlanItem.objects.create(
        manager=relationship_manager, year=2026, partner=kept, aim="x", due_on=date(2026, 5, 1)
    )
    c = client_for(colleague)
    assert c.post(reverse("relatiebeheer:plan_item_done", args=[item.pk])).status_code == 404
    assert c.post(reverse("relatiebeheer:plan_item_delete", args=[item.pk])).status_code == 404
    assert "x" not in [
        i.aim for i in c.get(reverse("relatiebeheer:yearly_plan") + "?jaar=2026").context["items"]
    ]


def test_the_plan_says_whether_it_is_on_schedule_and_the_dashboard_shows_what_is_late(
    client_for, relationship_manager, kept
):
    today = timezone.localdate()
    PlanItem.objects.create(
        manager=relationship_manager,
        year=today.year,
        partner=kept,
        aim="Te laat doel",
        due_on=today - timedelta(days=1)
        if (today - timedelta(days=1)).year == today.year
        else today,
    )
    page = client_for(relationship_manager).get(reverse("relatiebeheer:yearly_plan"))
    if page.context["items"][0].due_on < today:
        assert page.context["summary"]["behind"] == 1
        body = client_for(relationship_manager).get(reverse("coalition:dashboard")).content.decode()
        assert "Te laat doel" in body


def test_people_without_the_role_get_403(client_for, employee):
    assert client_for(employee).get(reverse("relatiebeheer:yearly_plan")).status_code == 403


def test_an_added_item_goes_back_to_the_plan_of_its_year_and_says_so(
    client_for, relationship_manager, kept
):
    from django.contrib.messages import get_messages

    year = timezone.localdate().year + 1
    response = client_for(relationship_manager).post(
        reverse("relatiebeheer:plan_item_add") + f"?jaar={year}",
        {"partner": kept.pk, "aim": "Jaargesprek", "due_on": f"{year}-03-01"},
    )
    assert response.status_code == 302
    assert response.url == reverse("relatiebeheer:yearly_plan") + f"?jaar={year}"
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    assert PlanItem.objects.get().year == year
