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
