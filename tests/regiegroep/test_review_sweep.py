"""The yearly review reminder over many steering groups: the same number of queries for two
groups as for thirty, each member reminded once per version and year overdue, and the same
rule as for one group (the last version counts, members are the seat holders)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from coalition import roles
from coalition.models import Notification
from regiegroep import services
from regiegroep.models import PlaybookVersion

from .factories import SteeringGroupFactory

PUBLISHED = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 5)


def old_playbooks(count, organisation, make_person, prefix, members=2):
    """`count` groups whose only playbook version was published on PUBLISHED, each with
    `members` members (holders of the member's change right)."""
    groups = []
    for n in range(count):
        group = SteeringGroupFactory(name=f"{prefix} {n}", organisations=[organisation])
        PlaybookVersion.objects.create(
            group=group, number=1, change_note="v1", snapshot={}, published_at=PUBLISHED
        )
        for m in range(members):
            person = make_person(roles.STEERING_MEMBER, organisation, username=f"{prefix}{n}-{m}")
            assign_perm("change_steeringgroup", person, group)
        groups.append(group)
    return groups


def sweep(today=TODAY):
    """(notifications made, queries other than the bulk insert of notifications). The bulk
    insert is one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with CaptureQueriesContext(connection) as queries:
        sent = services.send_review_reminders(today=today)
    other = [q for q in queries if not q["sql"].startswith('INSERT INTO "coalition_notification"')]
    return sent, len(other)


def test_the_sweep_costs_the_same_for_two_groups_as_for_thirty(organisation, make_person):
    few = old_playbooks(2, organisation, make_person, "weinig")
    sent_few, queries_few = sweep()
    many = old_playbooks(30, organisation, make_person, "veel")
    sent_many, queries_many = sweep()
    assert (sent_few, sent_many) == (2 * 2, 30 * 2)
    assert queries_many == queries_few
    for group in few + many:
        key = f"regiegroep:review:{group.pk}:v1:y1"
        notes = Notification.objects.filter(key=key)
        assert notes.count() == 2
        for note in notes:
            assert note.recipient.has_perm("change_steeringgroup", group)
            assert note.subject == f"Jaarlijkse herziening van het draaiboek van {group.name}"
            assert "1 maart 2025" in note.body
            assert note.url == reverse("regiegroep:playbook_list", args=[group.pk])


def test_a_second_sweep_sends_nothing(organisation, make_person):
    old_playbooks(3, organisation, make_person, "twee")
    assert sweep()[0] == 6
    before = Notification.objects.count()
    assert sweep()[0] == 0
    assert sweep(TODAY + datetime.timedelta(days=30))[0] == 0
    assert Notification.objects.count() == before
    # A second year overdue reminds again, once.
    assert sweep(TODAY.replace(year=2027))[0] == 6


def test_only_the_last_version_counts_and_only_members_hear(
    organisation, make_person, steering_member
):
    renewed, due, young = old_playbooks(3, organisation, make_person, "regel", members=1)
    PlaybookVersion.objects.create(
        group=renewed,
        number=2,
        change_note="v2",
        snapshot={},
        published_at=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
    )
    PlaybookVersion.objects.filter(group=young).update(
        published_at=datetime.datetime(2025, 3, 6, 12, tzinfo=datetime.UTC)
    )
    # Only the view right: a reader, not a member.
    assign_perm("view_steeringgroup", steering_member, due)
    assert sweep()[0] == 1
    (note,) = Notification.objects.all()
    assert note.key == f"regiegroep:review:{due.pk}:v1:y1"
    assert note.recipient != steering_member


def test_the_year_is_counted_in_calendar_days_across_a_leap_day(organisation, make_person):
    (group,) = old_playbooks(1, organisation, make_person, "schrikkel", members=1)
    PlaybookVersion.objects.filter(group=group).update(
        published_at=datetime.datetime(2024, 2, 29, 12, tzinfo=datetime.UTC)
    )
    assert sweep(datetime.date(2025, 2, 28))[0] == 0
    assert sweep(datetime.date(2025, 3, 1))[0] == 1
