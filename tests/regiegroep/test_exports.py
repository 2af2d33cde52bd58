"""The decision list pages, and leaves as a file with what each person may see of it."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.paging import PER_PAGE
from regiegroep.models import Decision
from tests.regiegroep.factories import DecisionFactory


@pytest.fixture
def decisions(group, member):
    published = DecisionFactory(
        group=group,
        title="=Kosten delen",  # a title that starts like a spreadsheet formula
        status=Decision.Status.PUBLISHED,
        published_at=timezone.now(),
        published_by=member,
        circles=[2],
    )
    draft = DecisionFactory(group=group, title="Noodbedden reserveren")
    return published, draft


def rows(response):
    assert response.status_code == 200
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def url(group):
    return reverse("regiegroep:decision_export", args=[group.pk])


def test_members_export_drafts_and_published(client_for, member, group, decisions):
    found = rows(client_for(member).get(url(group), {"format": "csv"}))
    titles = [r[0] for r in found[1:]]
    assert sorted(titles) == ["'=Kosten delen", "Noodbedden reserveren"]
    published = next(r for r in found if r[0] == "'=Kosten delen")
    assert published[3] == member.get_full_name()
    assert published[9] == "Te weinig personeel."


def test_readers_export_only_what_is_published(client_for, reader, group, decisions):
    titles = [r[0] for r in rows(client_for(reader).get(url(group)))[1:]]
    assert titles == ["'=Kosten delen"]


def test_the_export_keeps_the_list_filters(client_for, member, group, decisions):
    found = rows(client_for(member).get(url(group), {"status": "draft"}))
    assert [r[0] for r in found[1:]] == ["Noodbedden reserveren"]


def test_outsider_gets_404(client_for, outsider, group, decisions):
    assert client_for(outsider).get(url(group)).status_code == 404


def test_export_and_list_run_a_fixed_number_of_queries(
    client_for, member, group, decisions, django_assert_max_num_queries
):
    c = client_for(member)
    list_url = reverse("regiegroep:decision_list", args=[group.pk])
    c.get(url(group), {"format": "xlsx"})
    with django_assert_max_num_queries(30) as export_few:
        c.get(url(group), {"format": "xlsx"})
    with django_assert_max_num_queries(40) as list_few:
        c.get(list_url)
    DecisionFactory.create_batch(PER_PAGE + 5, group=group)
    with django_assert_max_num_queries(len(export_few.captured_queries)):
        c.get(url(group), {"format": "xlsx"})
    with django_assert_max_num_queries(len(list_few.captured_queries)):
        response = c.get(list_url)
    assert len(response.context["page"].object_list) == PER_PAGE
    assert b"page=2" in response.content
