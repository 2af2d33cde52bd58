"""The services refuse what a relationship manager does not keep, whoever calls them: a
partner or a category of another organisation is refused (PermissionDenied), not only
left out of the forms."""

import pytest
from django.core.exceptions import PermissionDenied

from relatiebeheer.models import Category, Partner
from relatiebeheer.services import partners as services

pytestmark = pytest.mark.django_db


def test_a_category_of_an_organisation_one_does_not_keep_is_refused(
    relationship_manager, other_organisation
):
    with pytest.raises(PermissionDenied):
        services.category_save(
            category=Category(organisation=other_organisation, name="Elders"),
            actor=relationship_manager,
        )
    assert not Category.objects.exists()


def test_a_partner_of_an_organisation_one_does_not_keep_is_refused(
    relationship_manager, other_organisation
):
    category = Category.objects.create(organisation=other_organisation, name="Elders")
    with pytest.raises(PermissionDenied):
        services.partner_save(
            partner=Partner(organisation=other_organisation, name="Wijkteam", category=category),
            actor=relationship_manager,
        )
    assert not Partner.objects.exists()


def test_a_partner_of_ones_own_organisation_is_saved(relationship_manager, organisation):
    category = Category.objects.create(organisation=organisation, name="Huisartsen")
    partner = services.partner_save(
        partner=Partner(organisation=organisation, name="Huisarts Zuid", category=category),
        actor=relationship_manager,
    )
    assert partner.pk is not None
