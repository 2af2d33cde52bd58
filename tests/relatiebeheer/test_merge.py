"""Merging two partners and undoing it: what moves, what is chosen, what comes back; who
may, who may only look, who gets nothing; refusals; the pages; a fixed query count."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from coalition import roles
from relatiebeheer.models import (
    Assignment,
    Category,
    ContactMoment,
    ContactPerson,
    ContactRole,
    Level,
    Meeting,
    MeetingSeries,
    Outcome,
    Partner,
    PartnerMerge,
    PlanItem,
    Success,
)
from relatiebeheer.services import merge as services
from relatiebeheer.services.partners import contact_log

pytestmark = pytest.mark.django_db

PARTNER_FIELDS = [f.attname for f in Partner._meta.concrete_fields]


@pytest.fixture(autouse=True)
def english():
    """Messages and pages in English, the language of the source, whatever the .po files
    say by the time these tests run."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for, settings):
    def make(user):
        c = client_for(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    return make


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


def values(partner):
    """Every stored field of the partner, as the database has it now."""
    return Partner.objects.filter(pk=partner.pk).values(*PARTNER_FIELDS).get()


@pytest.fixture
def colleague(make_person, organisation):
    return make_person(roles.RELATIONSHIP_MANAGER, organisation, username="colleague")


@pytest.fixture
def other_manager(make_person, other_organisation):
    return make_person(roles.RELATIONSHIP_MANAGER, other_organisation, username="othermanager")


@pytest.fixture
def survivor(make_partner):
    return make_partner("Stichting De Brug", "Amsterdam", priority=1)


@pytest.fixture
def absorbed(make_partner):
    return make_partner(
        "De Brug", "Amsterdam", sector="Welzijn", website="https://debrug.example", priority=3
    )


def log(partner, days_ago, actor, summary="Gebeld"):
    return contact_log(
        partner=partner,
        on=timezone.localdate() - timedelta(days=days_ago),
        kind="call",
        summary=summary,
        follow_up="",
        person=None,
        actor=actor,
    )


@pytest.fixture
def world(survivor, absorbed, keeper, colleague, organisation):
    """Something of every kind on the absorbed partner, and some on the survivor. keeper
    keeps both on the operational level (a double the merge drops); colleague keeps the
    absorbed one on the tactical level (moves)."""
    person = ContactPerson.objects.create(organisation=organisation, name="Anouk Bos")
    series = MeetingSeries.objects.create(
        organisation=organisation, first_starts_at=timezone.now(), chair=keeper
    )
    meetings = [
        Meeting.objects.create(series=series, occurrence=start, starts_at=start)
        for start in (timezone.now() - timedelta(days=14), timezone.now() - timedelta(days=7))
    ]
    meetings[0].guests.add(absorbed)
    meetings[1].guests.add(absorbed, survivor)
    return {
        "role": ContactRole.objects.create(person=person, partner=absorbed, level=Level.TACTICAL),
        "own_assignment": Assignment.objects.create(
            partner=survivor, manager=keeper, level=Level.OPERATIONAL, hours_per_week=2
        ),
        "double": Assignment.objects.create(
            partner=absorbed, manager=keeper, level=Level.OPERATIONAL, hours_per_week=1
        ),
        "assignment": Assignment.objects.create(
            partner=absorbed, manager=colleague, level=Level.TACTICAL, hours_per_week=3
        ),
        "own_contact": log(survivor, 20, keeper),
        "contact": log(absorbed, 5, keeper),
        "plan_item": PlanItem.objects.create(
            manager=keeper,
            year=timezone.localdate().year,
            partner=absorbed,
            aim="Convenant tekenen",
            due_on=timezone.localdate(),
        ),
        "success": Success.objects.create(
            organisation=organisation, partner=absorbed, title="Warme overdracht", shared_by=keeper
        ),
        "outcome": Outcome.objects.create(
            meeting=meetings[0], text="Brug bellen", partner=absorbed, created_by=keeper
        ),
        "meetings": meetings,
    }


def merge(survivor, absorbed, actor, **choices):
    return services.partner_merge(
        survivor=survivor, absorbed=absorbed, choices=choices, actor=actor
    )


# --- The service ---


def test_merge_moves_every_kind_and_removes_the_other(world, survivor, absorbed, keeper):
    done = merge(survivor, absorbed, keeper)

    assert not Partner.objects.filter(pk=absorbed.pk).exists()
    for key in ("role", "assignment", "contact", "plan_item", "success", "outcome"):
        world[key].refresh_from_db()
        assert world[key].partner_id == survivor.pk, key
    assert not Assignment.objects.filter(pk=world["double"].pk).exists()
    assert set(survivor.rro_meetings.all()) == set(world["meetings"])
    assert set(survivor.assignments.values_list("manager__username", "level")) == {
        ("relations", Level.OPERATIONAL),
        ("colleague", Level.TACTICAL),
    }
    survivor.refresh_from_db()
    assert survivor.last_contact_on == world["contact"].on  # the later of the two
    assert done.survivor == survivor and done.absorbed_pk == absorbed.pk
    assert done.absorbed_name == "De Brug" and done.merged_by == keeper


def test_the_survivors_values_stay_unless_another_is_chosen(survivor, absorbed, keeper):
    merge(survivor, absorbed, keeper, name=services.ABSORBED, priority=services.SURVIVOR)
    survivor.refresh_from_db()
    assert survivor.name == "De Brug"
    assert survivor.normalised_name == "brug amsterdam"
    assert survivor.priority == 1
    # Not chosen: the survivor's sector and website were empty, so the other's fill them.
    assert survivor.sector == "Welzijn" and survivor.website == "https://debrug.example"


def test_a_last_contact_without_a_logged_moment_is_kept(survivor, absorbed, keeper):
    earlier = timezone.localdate() - timedelta(days=40)
    Partner.objects.filter(pk=absorbed.pk).update(last_contact_on=earlier)
    absorbed.refresh_from_db()
    merge(survivor, absorbed, keeper)
    survivor.refresh_from_db()
    assert survivor.last_contact_on == earlier


def test_undo_restores_both_partners_exactly(world, survivor, absorbed, keeper, colleague):
    Partner.objects.filter(pk=absorbed.pk).update(created_at=timezone.now() - timedelta(days=400))
    before_survivor, before_absorbed = values(survivor), values(absorbed)
    absorbed.refresh_from_db()
    done = merge(survivor, absorbed, keeper, name=services.ABSORBED, place=services.ABSORBED)

    back = services.partner_merge_undo(merge=done, actor=colleague)

    assert back.pk == absorbed.pk
    assert values(survivor) == before_survivor
    assert values(absorbed) == before_absorbed
    for key in ("role", "assignment", "contact", "plan_item", "success", "outcome"):
        world[key].refresh_from_db()
        assert world[key].partner_id == absorbed.pk, key
    world["own_contact"].refresh_from_db()
    assert world["own_contact"].partner_id == survivor.pk
    double = Assignment.objects.get(pk=world["double"].pk)
    assert (double.partner_id, double.manager, double.level) == (
        absorbed.pk,
        keeper,
        Level.OPERATIONAL,
    )
    assert double.hours_per_week == 1
    assert set(absorbed.rro_meetings.all()) == set(world["meetings"])
    assert list(survivor.rro_meetings.all()) == [world["meetings"][1]]  # was there before
    done.refresh_from_db()
    assert done.undone_by == colleague and done.undone_at is not None
    assert services.undoable_merge(survivor) is None


def test_what_was_added_after_the_merge_stays_with_the_survivor(survivor, absorbed, keeper):
    moved = log(absorbed, 3, keeper)
    done = merge(survivor, absorbed, keeper)
    added = log(survivor, 1, keeper, summary="Na het samenvoegen")

    services.partner_merge_undo(merge=done, actor=keeper)

    moved.refresh_from_db()
    added.refresh_from_db()
    assert moved.partner_id == absorbed.pk and added.partner_id == survivor.pk
    survivor.refresh_from_db()
    assert survivor.last_contact_on == added.on


def test_history_records_the_merge_and_its_undo(world, survivor, absorbed, keeper):
    done = merge(survivor, absorbed, keeper, name=services.ABSORBED)
    assert Partner.history.filter(
        id=absorbed.pk, history_type="-", history_change_reason="Merged into De Brug"
    ).exists()
    changed = survivor.history.filter(history_type="~").first()
    assert changed.history_change_reason == "Merged with De Brug"
    assert changed.history_user == keeper and changed.name == "De Brug"
    assert ContactMoment.history.filter(
        id=world["contact"].pk, partner_id=survivor.pk, history_change_reason="Merged with De Brug"
    ).exists()
    assert Assignment.history.filter(id=world["double"].pk, history_type="-").exists()
    assert world["meetings"][0].history.filter(history_user=keeper).exists()

    services.partner_merge_undo(merge=done, actor=keeper)
    assert Partner.history.filter(
        id=absorbed.pk, history_type="+", history_change_reason="Merge with De Brug undone"
    ).exists()
    assert Assignment.history.filter(id=world["double"].pk, history_type="+").count() == 2


def test_merging_with_itself_or_across_organisations_is_refused(
    survivor, make_partner, make_person, other_organisation, coordinator
):
    with pytest.raises(ValidationError, match="cannot be merged with itself"):
        merge(survivor, survivor, coordinator)
    category = Category.objects.create(organisation=other_organisation, name="Zorg")
    elsewhere = make_partner("De Brug", "Amsterdam", category=category, actor=coordinator)
    with pytest.raises(ValidationError, match="same organisation"):
        merge(survivor, elsewhere, coordinator)
    assert Partner.objects.filter(pk__in=[survivor.pk, elsewhere.pk]).count() == 2


def test_someone_who_does_not_keep_both_may_not_merge(survivor, absorbed, other_manager):
    with pytest.raises(PermissionDenied):
        merge(survivor, absorbed, other_manager)
    assert Partner.objects.filter(pk=absorbed.pk).exists()


def test_a_choice_that_breaks_the_rhythm_is_refused(make_partner, keeper):
    survivor = make_partner("GGD", "Amsterdam", target_days=10, max_days=20)
    other = make_partner("GGD Amsterdam", "Amsterdam", target_days=30, max_days=40)
    with pytest.raises(ValidationError) as refused:
        merge(survivor, other, keeper, target_days=services.ABSORBED)
    assert "max_days" in refused.value.message_dict
    assert Partner.objects.filter(pk=other.pk).exists()


def test_only_the_latest_merge_and_only_for_thirty_days_can_be_undone(make_partner, keeper):
    survivor = make_partner("Humanitas", "Amsterdam")
    first = merge(survivor, make_partner("Humanitas Amsterdam", ""), keeper)
    second = merge(survivor, make_partner("Stichting Humanitas", "Amsterdam"), keeper)
    with pytest.raises(ValidationError, match="latest merge"):
        services.partner_merge_undo(merge=first, actor=keeper)
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        assert services.undoable_merge(survivor) is None
        with pytest.raises(ValidationError, match="30 days"):
            services.partner_merge_undo(merge=second, actor=keeper)
    services.partner_merge_undo(merge=second, actor=keeper)
    assert services.undoable_merge(survivor) == first
    services.partner_merge_undo(merge=first, actor=keeper)
    with pytest.raises(ValidationError, match="already been undone"):
        services.partner_merge_undo(merge=first, actor=keeper)
    assert Partner.objects.filter(organisation=survivor.organisation).count() == 3


def test_an_earlier_merge_follows_its_partner_and_comes_back(make_partner, keeper):
    a = make_partner("Humanitas", "Amsterdam")
    b = make_partner("Humanitas Amsterdam", "")
    first = merge(a, b, keeper)
    survivor = make_partner("Stichting Humanitas", "Amsterdam")
    second = merge(survivor, a, keeper)
    first.refresh_from_db()
    assert first.survivor_id == survivor.pk
    assert services.undoable_merge(survivor) == second
    services.partner_merge_undo(merge=second, actor=keeper)
    first.refresh_from_db()
    assert first.survivor_id == a.pk
    assert services.undoable_merge(Partner.objects.get(pk=a.pk)) == first


# --- The pages ---


@pytest.fixture
def shared_pair(survivor, absorbed):
    Partner.objects.filter(pk__in=[survivor.pk, absorbed.pk]).update(shared=True)


@pytest.mark.parametrize(
    "who, status",
    [
        ("keeper", 200),
        ("coordinator", 200),  # keeps the partners of every organisation
        ("other_manager", 404),  # another organisation's partners, not shared
        ("employee", 403),  # no business in relationship management
    ],
)
def test_merge_pages_by_person(request, client_for, survivor, absorbed, who, status):
    c = client_for(request.getfixturevalue(who))
    assert c.get(url("partner_merge_choose", survivor.pk)).status_code == status
    assert c.get(url("partner_merge_compare", survivor.pk, absorbed.pk)).status_code == status
    keep = {name: "survivor" for name in ("name", "sector", "priority", "website")}
    response = c.post(url("partner_merge_compare", survivor.pk, absorbed.pk), keep)
    assert response.status_code == (302 if status == 200 else status)
    assert Partner.objects.filter(pk=absorbed.pk).exists() == (status != 200)


def test_someone_who_may_only_look_gets_403(
    client_for, shared_pair, survivor, absorbed, other_manager
):
    c = client_for(other_manager)
    assert c.get(url("partner_detail", survivor.pk)).status_code == 200
    assert (
        url("partner_merge_choose", survivor.pk)
        not in c.get(url("partner_detail", survivor.pk)).content.decode()
    )
    assert c.get(url("partner_merge_choose", survivor.pk)).status_code == 403
    assert c.get(url("partner_merge_compare", survivor.pk, absorbed.pk)).status_code == 403
    assert c.post(url("partner_merge_compare", survivor.pk, absorbed.pk)).status_code == 403
    assert Partner.objects.filter(pk=absorbed.pk).exists()


@pytest.mark.parametrize("who, status", [("other_manager", 403), ("employee", 403)])
def test_undo_by_someone_who_may_not_keep_is_refused(
    request, client_for, shared_pair, survivor, absorbed, keeper, who, status
):
    done = merge(survivor, absorbed, keeper)
    response = client_for(request.getfixturevalue(who)).post(url("partner_merge_undo", done.pk))
    assert response.status_code == status
    assert not Partner.objects.filter(pk=absorbed.pk).exists()


def test_undo_of_an_unseen_partners_merge_is_404(
    client_for, survivor, absorbed, keeper, other_manager
):
    done = merge(survivor, absorbed, keeper)
    assert client_for(other_manager).post(url("partner_merge_undo", done.pk)).status_code == 404
    assert client_for(keeper).get(url("partner_merge_undo", done.pk)).status_code == 405


def test_merge_and_undo_through_the_pages(client_for, world, survivor, absorbed, keeper):
    c = client_for(keeper)
    detail = c.get(url("partner_detail", survivor.pk)).content.decode()
    assert url("partner_merge_choose", survivor.pk) in detail

    choose = c.get(url("partner_merge_choose", survivor.pk))
    assert choose.status_code == 200
    assert absorbed in choose.context["duplicates"]
    assert url("partner_merge_compare", survivor.pk, absorbed.pk) in choose.content.decode()
    response = c.get(url("partner_merge_choose", survivor.pk), {"other": ""})
    assert response.status_code == 400 and "other" in response.context["form"].errors

    compare = c.get(url("partner_merge_compare", survivor.pk, absorbed.pk))
    assert compare.status_code == 200
    form = compare.context["form"]
    assert set(form.fields) == {"name", "sector", "priority", "website"}
    assert form["sector"].initial == services.ABSORBED
    assert form["name"].initial == services.SURVIVOR
    page = compare.content.decode()
    assert "Welzijn" in page and "Contact moments: 1" in page
    assert "Relationship managers: 1" in page  # the double is dropped

    response = c.post(
        url("partner_merge_compare", survivor.pk, absorbed.pk),
        {"name": "absorbed", "sector": "absorbed", "priority": "survivor", "website": "survivor"},
        follow=True,
    )
    assert response.redirect_chain == [(survivor.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Merged with De Brug. You can undo this on this page." in page
    assert "Merged with De Brug on" in page
    done = PartnerMerge.objects.get()
    assert url("partner_merge_undo", done.pk) in page
    survivor.refresh_from_db()
    assert (survivor.name, survivor.sector, survivor.website) == ("De Brug", "Welzijn", "")
    assert c.get(url("partner_detail", absorbed.pk)).status_code == 404

    response = c.post(url("partner_merge_undo", done.pk), follow=True)
    assert response.redirect_chain == [(survivor.get_absolute_url(), 302)]
    assert "is a partner of its own again" in response.content.decode()
    assert c.get(url("partner_detail", absorbed.pk)).status_code == 200
    survivor.refresh_from_db()
    assert survivor.name == "Stichting De Brug"
    response = c.post(url("partner_merge_undo", done.pk), follow=True)
    assert "already been undone" in response.content.decode()


def test_choosing_from_the_other_partners_leads_to_the_comparison(
    client_for, survivor, make_partner, keeper
):
    other = make_partner("Wijkteam Noord", "Amsterdam")
    c = client_for(keeper)
    response = c.get(url("partner_merge_choose", survivor.pk), {"q": "noord"})
    assert list(response.context["form"].fields["other"].queryset) == [other]
    response = c.get(url("partner_merge_choose", survivor.pk), {"q": "noord", "other": other.pk})
    assert response.status_code == 302
    assert response.url == url("partner_merge_compare", survivor.pk, other.pk)


def test_the_pages_refuse_with_a_clear_message(
    client_for, survivor, make_partner, coordinator, other_organisation
):
    category = Category.objects.create(organisation=other_organisation, name="Zorg")
    elsewhere = make_partner("De Brug", "Amsterdam", category=category, actor=coordinator)
    c = client_for(coordinator)
    for other in (elsewhere, survivor):
        for method in (c.get, c.post):
            response = method(url("partner_merge_compare", survivor.pk, other.pk), follow=True)
            assert response.redirect_chain == [(url("partner_merge_choose", survivor.pk), 302)]
    page = response.content.decode()
    assert "cannot be merged with itself" in page
    response = c.get(url("partner_merge_compare", survivor.pk, elsewhere.pk), follow=True)
    assert "Only partners of the same organisation can be merged" in response.content.decode()
    assert Partner.objects.count() == 2


def test_a_refused_choice_is_shown_next_to_the_field(client_for, make_partner, keeper):
    survivor = make_partner("GGD", "Amsterdam", target_days=10, max_days=20)
    other = make_partner("GGD Amsterdam", "Amsterdam", target_days=30, max_days=40)
    response = client_for(keeper).post(
        url("partner_merge_compare", survivor.pk, other.pk),
        {"name": "survivor", "target_days": "absorbed", "max_days": "survivor"},
    )
    assert response.status_code == 400
    assert "max_days" in response.context["form"].errors
    assert Partner.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("count", [1, 30])
def test_compare_page_runs_a_fixed_number_of_queries(
    client_for, survivor, absorbed, keeper, organisation, count, django_assert_max_num_queries
):
    person = ContactPerson.objects.create(organisation=organisation, name="Anouk Bos")
    for number in range(count):
        ContactRole.objects.create(person=person, partner=absorbed, level=Level.OPERATIONAL)
        ContactMoment.objects.create(
            partner=absorbed, kind="call", summary=f"Gesprek {number}", logged_by=keeper
        )
    c = client_for(keeper)
    with django_assert_max_num_queries(14):
        response = c.get(url("partner_merge_compare", survivor.pk, absorbed.pk))
    assert response.status_code == 200


def test_two_partners_with_the_same_details_merge_without_choices(client_for, make_partner, keeper):
    survivor, twin = make_partner("GGD", "Amsterdam"), make_partner("GGD", "Amsterdam")
    c = client_for(keeper)
    page = c.get(url("partner_merge_compare", survivor.pk, twin.pk))
    assert "there is nothing to choose" in page.content.decode()
    response = c.post(url("partner_merge_compare", survivor.pk, twin.pk))
    assert response.status_code == 302
    assert list(Partner.objects.all()) == [survivor]
