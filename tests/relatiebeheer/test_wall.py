"""The successes wall: who may see, share and take off successes; sharing with bad input;
the organisations and partners one may choose; newest first, paged; fixed query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition import roles
from relatiebeheer.models import Category, Partner, Success
from relatiebeheer.services import wall as wall_services
from relatiebeheer.services.partners import partner_save

pytestmark = pytest.mark.django_db

PEOPLE = ["coordinator", "relationship_manager", "colleague", "other_manager", "outsider"]


def url(name, *args, **query):
    path = reverse(f"relatiebeheer:{name}", args=args)
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def make_partner(organisation, actor, name, *, shared=False, category=None):
    category = (
        category or Category.objects.get_or_create(organisation=organisation, name="Gemeente")[0]
    )
    return partner_save(
        partner=Partner(organisation=organisation, category=category, name=name, shared=shared),
        actor=actor,
    )


def make_success(organisation, actor, title="Warme overdracht", *, partner=None, days_ago=0):
    success = wall_services.success_share(
        organisation=organisation, title=title, story="", partner=partner, actor=actor
    )
    if days_ago:
        Success.objects.filter(pk=success.pk).update(
            shared_at=timezone.now() - timedelta(days=days_ago)
        )
    return success


@pytest.fixture
def colleague(make_person, organisation):
    """A relationship manager of the same organisation who did not share the success."""
    return make_person(roles.RELATIONSHIP_MANAGER, organisation, username="colleague")


@pytest.fixture
def other_manager(make_person, other_organisation):
    return make_person(roles.RELATIONSHIP_MANAGER, other_organisation, username="othermanager")


@pytest.fixture
def partner(organisation, relationship_manager):
    return make_partner(organisation, relationship_manager, "Wijkteam Zuid")


@pytest.fixture
def hidden_partner(other_organisation, other_manager):
    """A partner of the other organisation, not shared: ours cannot see it."""
    return make_partner(other_organisation, other_manager, "Huisartsenpost West")


@pytest.fixture
def success(organisation, relationship_manager, partner):
    return make_success(organisation, relationship_manager, "Samen huisbezoek", partner=partner)


# --- Who may do what ---


@pytest.mark.parametrize(
    "name, who, status",
    [
        *(
            ("success_list", who, s)
            for who, s in zip(PEOPLE, [200, 200, 200, 200, 403], strict=True)
        ),
        *(
            ("success_create", who, s)
            for who, s in zip(PEOPLE, [200, 200, 200, 200, 403], strict=True)
        ),
    ],
)
def test_pages_by_person(request, client_for, success, name, who, status):
    response = client_for(request.getfixturevalue(who)).get(url(name))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who, status, kept",
    [
        ("relationship_manager", 302, False),  # shared it
        ("coordinator", 302, False),
        ("colleague", 403, True),  # may only look
        ("other_manager", 404, True),  # another organisation's wall
        ("outsider", 403, True),  # no role in relationship management
    ],
)
def test_delete_by_person(request, client_for, success, who, status, kept):
    response = client_for(request.getfixturevalue(who)).post(url("success_delete", success.pk))
    assert response.status_code == status
    assert Success.objects.filter(pk=success.pk).exists() is kept


def test_delete_needs_a_post(client_for, relationship_manager, success):
    response = client_for(relationship_manager).get(url("success_delete", success.pk))
    assert response.status_code == 405
    assert Success.objects.filter(pk=success.pk).exists()


def test_delete_of_an_unknown_success_is_not_found(client_for, coordinator):
    assert client_for(coordinator).post(url("success_delete", 99999)).status_code == 404


def test_only_the_sharer_and_coordinators_see_the_delete_button(
    client_for, relationship_manager, colleague, coordinator, success
):
    action = url("success_delete", success.pk)
    for user, shown in [(relationship_manager, True), (coordinator, True), (colleague, False)]:
        content = client_for(user).get(url("success_list")).content.decode()
        assert (action in content) is shown, user
    content = client_for(relationship_manager).get(url("success_list")).content.decode()
    assert "data-confirm=" in content


# --- The wall ---


def test_wall_shows_own_organisations_successes_newest_first(
    client_for, organisation, other_organisation, relationship_manager, other_manager
):
    make_success(organisation, relationship_manager, "Oudste succes", days_ago=3)
    make_success(organisation, relationship_manager, "Nieuwste succes")
    make_success(other_organisation, other_manager, "Succes van elders")
    response = client_for(relationship_manager).get(url("success_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Succes van elders" not in content
    assert content.index("Nieuwste succes") < content.index("Oudste succes")
    titles = [s.title for s in response.context["page"]]
    assert titles == ["Nieuwste succes", "Oudste succes"]


def test_coordinator_sees_every_wall_and_filters_by_organisation(
    client_for, organisation, other_organisation, coordinator, relationship_manager, other_manager
):
    make_success(organisation, relationship_manager, "Hier")
    make_success(other_organisation, other_manager, "Daar")
    c = client_for(coordinator)
    assert {s.title for s in c.get(url("success_list")).context["page"]} == {"Hier", "Daar"}
    response = c.get(url("success_list", organisatie=other_organisation.pk))
    assert [s.title for s in response.context["page"]] == ["Daar"]
    # An organisation not on the wall is not a filter: back to the whole wall.
    assert c.get(url("success_list", organisatie=99999)).status_code == 302


def test_wall_pages_by_twenty(client_for, organisation, relationship_manager):
    for number in range(25):
        make_success(organisation, relationship_manager, f"Succes {number}", days_ago=number)
    c = client_for(relationship_manager)
    first = c.get(url("success_list")).context["page"]
    second = c.get(url("success_list", page=2)).context["page"]
    assert len(first.object_list) == 20
    assert first.object_list[0].title == "Succes 0"
    assert [s.title for s in second] == [f"Succes {n}" for n in range(20, 25)]


def test_partner_is_linked_only_when_the_reader_can_open_it(
    client_for, organisation, other_organisation, relationship_manager, other_manager, coordinator
):
    shared = make_partner(other_organisation, other_manager, "Gedeelde Partner", shared=True)
    success = make_success(organisation, relationship_manager, "Met gedeelde", partner=shared)
    link = url("partner_detail", shared.pk)
    assert link in client_for(relationship_manager).get(url("success_list")).content.decode()
    shared.shared = False
    partner_save(partner=shared, actor=other_manager)
    content = client_for(relationship_manager).get(url("success_list")).content.decode()
    assert "Gedeelde Partner" in content
    assert link not in content
    assert Success.objects.get(pk=success.pk).partner_id == shared.pk


@pytest.mark.parametrize("count", [1, 60])
def test_wall_runs_a_fixed_number_of_queries(
    client_for, organisation, relationship_manager, partner, count, django_assert_max_num_queries
):
    for number in range(count):
        make_success(organisation, relationship_manager, f"Succes {number}", partner=partner)
    c = client_for(relationship_manager)
    with django_assert_max_num_queries(9):
        response = c.get(url("success_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 20)


# --- Sharing ---


def test_manager_shares_a_success_with_a_partner(
    client_for, organisation, relationship_manager, partner
):
    response = client_for(relationship_manager).post(
        url("success_create"),
        {
            "title": "  Snelle plaatsing  ",
            "story": "Binnen een dag geregeld.",
            "partner": partner.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("success_list")
    success = Success.objects.get()
    assert success.title == "Snelle plaatsing"
    assert success.story == "Binnen een dag geregeld."
    assert success.partner == partner
    assert success.organisation == organisation
    assert success.shared_by == relationship_manager
    assert success.history.first().history_user == relationship_manager


def test_a_success_needs_no_partner_and_no_story(client_for, relationship_manager):
    response = client_for(relationship_manager).post(url("success_create"), {"title": "Klein"})
    assert response.status_code == 302
    success = Success.objects.get()
    assert (success.partner, success.story) == (None, "")


def test_empty_title_is_refused_and_the_story_is_kept(client_for, relationship_manager, partner):
    story = "Een verhaal dat niemand opnieuw wil typen."
    response = client_for(relationship_manager).post(
        url("success_create"), {"title": "   ", "story": story, "partner": partner.pk}
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert story in response.content.decode()
    assert response.context["form"]["partner"].value() == str(partner.pk)
    assert not Success.objects.exists()


def test_too_long_title_is_refused(client_for, relationship_manager):
    response = client_for(relationship_manager).post(url("success_create"), {"title": "x" * 201})
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not Success.objects.exists()


def test_a_partner_one_cannot_see_is_refused(client_for, relationship_manager, hidden_partner):
    response = client_for(relationship_manager).post(
        url("success_create"), {"title": "Goed gegaan", "partner": hidden_partner.pk}
    )
    assert response.status_code == 400
    assert "partner" in response.context["form"].errors
    assert not Success.objects.exists()


def test_partner_choices_are_the_partners_one_can_see(
    client_for, relationship_manager, partner, hidden_partner, other_organisation, other_manager
):
    shared = make_partner(other_organisation, other_manager, "Gedeeld", shared=True)
    form = client_for(relationship_manager).get(url("success_create")).context["form"]
    assert set(form.fields["partner"].queryset) == {partner, shared}


def test_a_partner_can_be_chosen_beforehand(client_for, relationship_manager, partner):
    form = (
        client_for(relationship_manager)
        .get(url("success_create", partner=partner.pk))
        .context["form"]
    )
    assert form["partner"].value() == partner.pk


def test_one_organisation_needs_no_choice(client_for, relationship_manager):
    form = client_for(relationship_manager).get(url("success_create")).context["form"]
    assert "organisation" not in form.fields


def test_only_organisations_one_works_for_can_be_chosen(
    client_for, make_person, organisation, other_organisation, db
):
    from tests.coalition.factories import OrganisationFactory

    third = OrganisationFactory(name="De Derde")
    manager = make_person(roles.RELATIONSHIP_MANAGER, organisation, username="twoorgs")
    manager.profile.organisations.add(other_organisation)
    c = client_for(manager)
    form = c.get(url("success_create")).context["form"]
    assert set(form.fields["organisation"].queryset) == {organisation, other_organisation}

    response = c.post(url("success_create"), {"title": "Elders", "organisation": third.pk})
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    response = c.post(
        url("success_create"), {"title": "Daar", "organisation": other_organisation.pk}
    )
    assert response.status_code == 302
    assert Success.objects.get().organisation == other_organisation


# --- The service, for any caller ---


def test_service_refuses_with_field_keys(
    organisation, other_organisation, relationship_manager, hidden_partner
):
    with pytest.raises(ValidationError) as caught:
        wall_services.success_share(
            organisation=other_organisation,
            title="",
            story="x",
            partner=hidden_partner,
            actor=relationship_manager,
        )
    assert set(caught.value.message_dict) == {"organisation", "title", "partner"}
    assert not Success.objects.exists()


def test_service_refuses_people_without_a_role(organisation, outsider):
    outsider.profile.organisations.add(organisation)
    with pytest.raises(PermissionDenied):
        wall_services.success_share(
            organisation=organisation, title="Hoi", story="", partner=None, actor=outsider
        )


def test_service_delete_checks_the_actor(success, colleague, other_manager, relationship_manager):
    for actor in (colleague, other_manager):
        with pytest.raises(PermissionDenied):
            wall_services.success_delete(success=success, actor=actor)
    wall_services.success_delete(success=success, actor=relationship_manager)
    assert not Success.objects.exists()


# --- Many partners: the name is typed, not chosen from a list of them all ---


@pytest.fixture
def many_partners(monkeypatch):
    """A person who sees more partners than a list offers (the limit made small here)."""
    from relatiebeheer import forms_wall

    monkeypatch.setattr(forms_wall, "PARTNER_LIST_LIMIT", 0)


def share_with(client, partner_text, title="Samen opgelost"):
    return client.post(url("success_create"), {"title": title, "partner": partner_text})


def test_with_many_partners_the_form_asks_for_a_name_and_lists_none(
    client_for, relationship_manager, partner, organisation, many_partners
):
    make_partner(organisation, relationship_manager, "Wijkteam Noord")
    response = client_for(relationship_manager).get(url("success_create"))
    body = response.content.decode()
    assert '<input type="text" name="partner"' in body
    assert "<option" not in body.split('name="partner"')[1].split("</select>")[0][:200]
    assert "Wijkteam Noord" not in body


@pytest.mark.parametrize("typed", ["Wijkteam Zuid", "wijkteam zuid", "  Zuid ", "ZUID"])
def test_a_partner_is_found_by_its_name_or_part_of_it(
    client_for, relationship_manager, partner, organisation, many_partners, typed
):
    make_partner(organisation, relationship_manager, "Wijkteam Noord")
    assert share_with(client_for(relationship_manager), typed).status_code == 302
    assert Success.objects.get().partner == partner


def test_a_name_that_fits_several_partners_names_them_and_keeps_the_input(
    client_for, relationship_manager, partner, organisation, many_partners
):
    make_partner(organisation, relationship_manager, "Wijkteam Noord")
    response = share_with(client_for(relationship_manager), "Wijkteam", title="Bewaard blijft")
    assert response.status_code == 400
    error = str(response.context["form"].errors["partner"])
    assert "Wijkteam Zuid" in error and "Wijkteam Noord" in error
    body = response.content.decode()
    assert 'value="Wijkteam"' in body and 'value="Bewaard blijft"' in body
    assert not Success.objects.exists()


def test_a_partner_one_cannot_see_is_not_found_by_name(
    client_for, relationship_manager, partner, hidden_partner, many_partners
):
    response = share_with(client_for(relationship_manager), hidden_partner.name)
    assert response.status_code == 400
    assert "No partner found" in str(response.context["form"].errors["partner"]) or (
        "Geen partner gevonden" in str(response.context["form"].errors["partner"])
    )
    assert not Success.objects.exists()


def test_a_partner_chosen_beforehand_shows_as_its_name(
    client_for, relationship_manager, partner, many_partners
):
    response = client_for(relationship_manager).get(url("success_create", partner=partner.pk))
    assert 'value="Wijkteam Zuid"' in response.content.decode()


def test_the_form_costs_the_same_with_a_list_of_partners_as_with_a_name_field(
    client_for, relationship_manager, partner, organisation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relatiebeheer.forms_wall import PARTNER_LIST_LIMIT

    client = client_for(relationship_manager)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("success_create"))
        return len(captured), response

    few, response = queries()
    assert "<select" in response.content.decode().split('name="partner"')[0][-200:]
    for n in range(PARTNER_LIST_LIMIT):
        make_partner(organisation, relationship_manager, f"Partner {n:03d}")
    many, response = queries()
    assert '<input type="text" name="partner"' in response.content.decode()
    assert many == few
