"""Partners, contacts and the rhythm: who may, who may only look, who gets nothing; bad
input; the digest; fixed query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition.models import Notification
from relatiebeheer.models import Assignment, Category, ContactMoment, Health, Partner
from relatiebeheer.services import partners as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rhythm(organisation):
    return Category.objects.create(
        organisation=organisation, name="Ziekenhuizen", target_days=28, max_days=42
    )


@pytest.fixture
def manager(relationship_manager):
    return relationship_manager


@pytest.fixture
def partner(rhythm, manager):
    return services.partner_save(
        partner=Partner(organisation=rhythm.organisation, name="OLVG Oost", category=rhythm),
        actor=manager,
    )


@pytest.fixture
def other_manager(make_person, other_organisation):
    return make_person("relationship_manager", other_organisation, username="relations-zh")


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


@pytest.mark.parametrize(
    "who, view, change",
    [
        ("manager", 200, 200),
        ("coordinator", 200, 200),
        ("other_manager", 404, 404),  # another organisation's partner
        ("employee", 403, 403),  # no business in relationship management
    ],
)
def test_partner_pages_by_person(request, client_for, partner, who, view, change):
    c = client_for(request.getfixturevalue(who))
    assert c.get(url("partner_detail", partner.pk)).status_code == view
    assert c.get(url("partner_history", partner.pk)).status_code == view
    assert c.get(url("partner_edit", partner.pk)).status_code == change


def test_a_shared_partner_is_seen_but_not_kept_by_another_organisation(
    client_for, partner, other_manager
):
    partner.shared = True
    partner.save()
    c = client_for(other_manager)
    assert c.get(url("partner_detail", partner.pk)).status_code == 200
    assert c.get(url("partner_edit", partner.pk)).status_code == 403
    response = c.post(
        url("contact_log", partner.pk),
        {
            "contact-on": timezone.localdate().isoformat(),
            "contact-kind": "call",
            "contact-summary": "Even gebeld",
        },
    )
    assert response.status_code == 403


def test_the_rhythm_turns_amber_then_red_and_a_contact_resets_it(client_for, partner, manager):
    today = timezone.localdate()
    assert partner.health(today) == Health.RED  # never contacted
    services.contact_log(
        partner=partner,
        on=today - timedelta(days=30),
        kind="call",
        summary="Afstemming",
        follow_up="",
        person=None,
        actor=manager,
    )
    partner.refresh_from_db()
    assert partner.health(today) == Health.AMBER
    assert partner.health(today + timedelta(days=13)) == Health.RED
    response = client_for(manager).post(
        url("contact_log", partner.pk),
        {
            "contact-on": today.isoformat(),
            "contact-kind": "meeting",
            "contact-summary": "Kennismaking",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.last_contact_on == today and partner.health(today) == Health.GREEN
    # Logging an older moment later does not move the last contact back.
    services.contact_log(
        partner=partner,
        on=today - timedelta(days=60),
        kind="email",
        summary="Oude mail",
        follow_up="",
        person=None,
        actor=manager,
    )
    partner.refresh_from_db()
    assert partner.last_contact_on == today


def test_a_contact_in_the_future_is_refused_and_the_summary_kept(client_for, partner, manager):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(manager).post(
        url("contact_log", partner.pk),
        {
            "contact-on": tomorrow.isoformat(),
            "contact-kind": "call",
            "contact-summary": "Nog te bellen",
        },
    )
    assert response.status_code == 400
    assert "on" in response.context["contact_form"].errors
    assert "Nog te bellen" in response.content.decode()
    assert not ContactMoment.objects.exists()


def test_a_rhythm_of_zero_or_a_maximum_below_it_is_refused(client_for, coordinator, organisation):
    response = client_for(coordinator).post(
        url("category_create"),
        {"organisation": organisation.pk, "name": "Scholen", "target_days": 0, "max_days": 10},
    )
    assert response.status_code == 400
    assert "target_days" in response.context["form"].errors
    response = client_for(coordinator).post(
        url("category_create"),
        {"organisation": organisation.pk, "name": "Scholen", "target_days": 30, "max_days": 10},
    )
    assert "max_days" in response.context["form"].errors
    assert not Category.objects.filter(name="Scholen").exists()


def test_a_partner_without_a_name_keeps_what_was_entered(client_for, manager, rhythm):
    response = client_for(manager).post(
        url("partner_create"),
        {
            "organisation": rhythm.organisation_id,
            "name": "",
            "category": rhythm.pk,
            "priority": 2,
            "place": "Zaandam",
        },
    )
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert 'value="Zaandam"' in response.content.decode()


def test_a_name_close_to_an_existing_partner_warns_first(client_for, manager, partner, rhythm):
    data = {
        "organisation": rhythm.organisation_id,
        "name": "Stichting OLVG Oost",
        "category": rhythm.pk,
        "priority": 2,
    }
    response = client_for(manager).post(url("partner_create"), data)
    assert response.status_code == 400
    assert partner in response.context["duplicates"]
    assert Partner.objects.count() == 1
    response = client_for(manager).post(url("partner_create"), {**data, "toch": "1"})
    assert response.status_code == 302
    assert Partner.objects.count() == 2


def test_roles_on_three_levels_and_dated(client_for, partner, manager):
    c = client_for(manager)
    today = timezone.localdate()
    response = c.post(
        url("role_add", partner.pk),
        {
            "role-name": "Anouk Bos",
            "role-email": "a.bos@olvg.example",
            "role-level": "tactical",
            "role-title": "Manager zorg",
            "role-starts_on": (today - timedelta(days=100)).isoformat(),
            "role-ends_on": (today - timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    response = c.post(
        url("role_add", partner.pk),
        {"role-name": "", "role-level": "strategic", "role-starts_on": today.isoformat()},
    )
    assert response.status_code == 400
    page = c.get(url("partner_detail", partner.pk))
    assert page.context["past_roles"][0].person.name == "Anouk Bos"
    assert not page.context["current_roles"]


def test_a_manager_is_someone_of_the_organisation_with_hours(
    client_for, partner, manager, outsider
):
    c = client_for(manager)
    response = c.post(
        url("assignment_add", partner.pk),
        {
            "manager-manager": outsider.pk,
            "manager-level": "operational",
            "manager-hours_per_week": "2",
        },
    )
    assert response.status_code == 400
    response = c.post(
        url("assignment_add", partner.pk),
        {
            "manager-manager": manager.pk,
            "manager-level": "operational",
            "manager-hours_per_week": "0",
        },
    )
    assert response.status_code == 400
    response = c.post(
        url("assignment_add", partner.pk),
        {
            "manager-manager": manager.pk,
            "manager-level": "operational",
            "manager-hours_per_week": "1.5",
        },
    )
    assert response.status_code == 302
    page = client_for(manager).get(url("my_partners")).content.decode()
    assert "OLVG Oost" in page


def test_overdue_partners_are_on_the_dashboard_and_in_one_digest_a_week(
    client_for, partner, manager
):
    Assignment.objects.create(partner=partner, manager=manager, level="operational")
    body = client_for(manager).get(reverse("coalition:dashboard")).content.decode()
    assert "OLVG Oost" in body
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert services.send_weekly_digests(monday) == 1
    assert services.send_weekly_digests(monday + timedelta(days=2)) == 0  # same week
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert services.send_weekly_digests(monday + timedelta(days=7)) == 1


def test_service_refuses_a_contact_from_someone_who_does_not_keep_the_partner(
    partner, other_manager
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.contact_log(
            partner=partner,
            on=timezone.localdate(),
            kind="call",
            summary="x",
            follow_up="",
            person=None,
            actor=other_manager,
        )


def test_service_refuses_a_category_of_another_organisation(manager, other_organisation, rhythm):
    foreign = Category.objects.create(organisation=other_organisation, name="Elders")
    with pytest.raises(ValidationError):
        services.partner_save(
            partner=Partner(organisation=rhythm.organisation, name="X", category=foreign),
            actor=manager,
        )


def test_partner_list_runs_a_fixed_number_of_queries(
    client_for, manager, rhythm, django_assert_max_num_queries
):
    c = client_for(manager)
    Partner.objects.create(organisation=rhythm.organisation, name="P0", category=rhythm)
    c.get(url("partner_list"))
    with django_assert_max_num_queries(30) as first:
        c.get(url("partner_list") + "?gezondheid=red")
    Partner.objects.bulk_create(
        [
            Partner(organisation=rhythm.organisation, name=f"P{i}", category=rhythm)
            for i in range(1, 61)
        ]
    )
    with django_assert_max_num_queries(len(first)):
        assert "Pagina 1 van 2" in c.get(url("partner_list") + "?gezondheid=red").content.decode()
