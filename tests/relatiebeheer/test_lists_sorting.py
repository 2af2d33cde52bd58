"""The partner list's order is a choice kept in the URL."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def test_partner_list_sorts_by_longest_without_contact(client_for, keeper, make_partner):
    today = timezone.localdate()
    recent = make_partner("Recent")
    old = make_partner("Lang geleden")
    never = make_partner("Nooit")
    type(recent).objects.filter(pk=recent.pk).update(last_contact_on=today)
    type(old).objects.filter(pk=old.pk).update(last_contact_on=today - timedelta(days=300))
    response = client_for(keeper).get(reverse("relatiebeheer:partner_list"), {"sort": "contact"})
    names = [p.name for p in response.context["page"].object_list]
    assert names == [never.name, old.name, recent.name]


def test_categories_are_listed_by_organisation_and_name_with_their_counts(
    client_for, keeper, make_partner, organisation, partner_category
):
    """The partner count is a grouped query, which drops the model's ordering: the list
    orders itself."""
    from relatiebeheer.models import Category

    made = {
        name: Category.objects.create(organisation=organisation, name=name)
        for name in ("Zorg", "Bibliotheek", "Welzijn", "Onderwijs")
    }
    make_partner("Buurthuis", category=made["Welzijn"])
    make_partner("OBA", category=made["Bibliotheek"])
    make_partner("Bieb Noord", category=made["Bibliotheek"])
    response = client_for(keeper).get(reverse("relatiebeheer:category_list"))
    listed = [(c.name, c.partner_count) for c in response.context["categories"]]
    assert listed == [
        ("Bibliotheek", 2),
        (partner_category.name, 0),
        ("Onderwijs", 0),
        ("Welzijn", 1),
        ("Zorg", 0),
    ]
