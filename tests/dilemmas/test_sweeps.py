"""The reminder sweep over waiting requests: a fixed number of queries per batch however many
requests and members, each member reminded once per request, and the rule of who hears of a
request the same as for one request."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Notification
from dilemmas import services, tasks
from dilemmas.models import Perspective

from .factories import ConsultationFactory

AMS = ZoneInfo("Europe/Amsterdam")
ASKED = datetime(2026, 11, 2, 9, tzinfo=AMS)  # a Monday
LATER = datetime(2026, 11, 9, 9, tzinfo=AMS)


def ask(count, requester, organisation, **fields):
    with time_machine.travel(ASKED):
        return [
            ConsultationFactory(requester=requester, organisation=organisation, **fields)
            for _ in range(count)
        ]


def sweep():
    """(requests reminded, queries other than the bulk insert of notifications). The bulk
    insert is one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with time_machine.travel(LATER), CaptureQueriesContext(connection) as queries:
        sent = tasks.remind_untouched_consultations()
    other = [q for q in queries if not q["sql"].startswith('INSERT INTO "coalition_notification"')]
    return sent, len(other)


def test_the_sweep_costs_the_same_for_two_requests_as_for_forty(
    group, employee, working_group_member, organisation, make_person
):
    for n in range(5):
        member = make_person("working_group_member", organisation, username=f"wg{n}")
        services.member_add(group=group, user=member, perspective=Perspective.OTHER, actor=None)
    ask(2, employee, organisation)
    sent_few, queries_few = sweep()
    ask(40, employee, organisation)
    sent_many, queries_many = sweep()
    assert (sent_few, sent_many) == (2, 40)
    assert queries_many == queries_few
    # Six members of the group, each reminded once of each request.
    assert Notification.objects.filter(
        key__startswith="dilemmas-consultation-waiting-"
    ).count() == (42 * 6)


def test_a_second_sweep_sends_nothing(group, employee, working_group_member, organisation):
    ask(3, employee, organisation)
    assert sweep()[0] == 3
    before = Notification.objects.count()
    assert sweep()[0] == 0
    assert Notification.objects.count() == before


def test_who_hears_is_the_same_in_the_sweep_as_for_one_request(
    group, employee, team_lead, working_group_member, organisation
):
    services.member_add(group=group, user=team_lead, perspective=Perspective.MANAGER, actor=None)
    hidden, open_ = ask(1, employee, organisation, hide_from_team_lead=True) + ask(
        1, employee, organisation
    )
    together = services.members_for_consultations([hidden, open_])
    assert together[hidden.pk] == list(services.group_members_for_consultation(hidden))
    assert team_lead not in together[hidden.pk]
    assert team_lead in together[open_.pk]
    assert employee not in together[open_.pk]  # never the requester
    sweep()
    assert not Notification.objects.filter(
        recipient=team_lead, key=f"dilemmas-consultation-waiting-{hidden.pk}"
    ).exists()
    assert Notification.objects.filter(
        recipient=team_lead, key=f"dilemmas-consultation-waiting-{open_.pk}"
    ).exists()
