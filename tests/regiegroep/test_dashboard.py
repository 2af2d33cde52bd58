import datetime

import pytest
import time_machine
from django.urls import reverse

from coalition import dashboard
from regiegroep import services
from regiegroep.tasks import send_playbook_review_reminders
from tests.regiegroep.factories import DecisionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_member_sees_decisions_waiting(group, member, reader, coordinator):
    draft = DecisionFactory(group=group, title="Noodbedden reserveren")
    silent = DecisionFactory(group=group, title="Flexpool inzetten")
    services.decision_publish(decision=silent, actor=member, circles=[])
    StakeholderFactory(group=group)
    told = DecisionFactory(group=group, title="Gedeelde woordvoering")
    services.decision_publish(decision=told, actor=member, circles=[2])
    today = datetime.date(2026, 11, 1)
    titles = [i.title for i in dashboard.items_for(member, today)]
    assert any(draft.title in t for t in titles)
    assert any(silent.title in t for t in titles)
    assert not any(told.title in t for t in titles)
    assert not [i for i in dashboard.items_for(reader, today) if "Noodbedden" in i.title]


def test_dashboard_page_shows_the_items(client_for, group, member):
    DecisionFactory(group=group, title="Noodbedden reserveren")
    body = client_for(member).get(reverse("coalition:dashboard")).content.decode()
    assert "Besluiten om te publiceren of te communiceren" in body
    assert "Noodbedden reserveren" in body


def test_old_playbook_asks_for_a_review(group, member):
    with time_machine.travel(datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        services.playbook_publish(group=group, actor=member, change_note="v1", render=False)
    items = dashboard.items_for(member, datetime.date(2025, 12, 1))
    assert not [i for i in items if "Herzie het draaiboek" in str(i.title)]
    items = dashboard.items_for(member, datetime.date(2026, 1, 11))
    assert [i for i in items if "Herzie het draaiboek" in str(i.title)]


def test_review_task_reminds_members_once(group, member):
    with time_machine.travel(datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        services.playbook_publish(group=group, actor=member, change_note="v1", render=False)
    with time_machine.travel(datetime.datetime(2026, 1, 20, 9, tzinfo=datetime.UTC), tick=False):
        assert send_playbook_review_reminders() == 1
        assert send_playbook_review_reminders() == 0
    assert member.notifications.filter(subject__contains="draaiboek").count() == 1
