"""A page of one steering group reads its reader's access in one query; it says what the
check over many groups (search) says, for every kind of person."""

import pytest
from django.contrib.auth import get_user_model

from regiegroep.permissions import access_for, access_for_groups

pytestmark = pytest.mark.django_db


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_one_group_and_many_groups_agree(group, member, reader, coordinator, outsider):
    def copy_of(person, active=True):
        """The person as a new request loads them: nothing cached yet."""
        loaded = fresh(person)
        loaded.is_active = active
        return loaded

    cases = [(member, True), (reader, True), (coordinator, True), (outsider, True)]
    cases.append((reader, False))  # a member organisation's staff, no longer able to log in
    for person, active in cases:
        alone = access_for(copy_of(person, active), group)
        many = access_for_groups(copy_of(person, active), [group])[group.pk]
        assert many == alone, (person.username, active)
    assert access_for(copy_of(member), group).edit
    reader_access = access_for(copy_of(reader), group)
    assert reader_access.read and not reader_access.view
    assert not access_for(copy_of(outsider), group).read
    inactive = access_for(copy_of(reader, active=False), group)
    assert inactive.read and not inactive.view


def test_a_page_of_the_group_reads_access_in_one_query(group, member, django_assert_num_queries):
    person = fresh(member)
    with django_assert_num_queries(1):
        assert access_for(person, group).edit
