"""The weekly digest: a fixed number of queries however many managers are due, each manager
told once a week, a second run sends nothing, and each digest lists what `overdue_for`
lists for that one manager."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalition import roles
from coalition.models import Notification
from relatiebeheer.models import Assignment, Category, Health, Level, Partner
from relatiebeheer.services import partners as services

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
KEY = "relatiebeheer-digest-2026-10"


@pytest.fixture
def rhythm(organisation):
    return Category.objects.create(
        organisation=organisation, name="Ziekenhuizen", target_days=28, max_days=42
    )


@pytest.fixture
def make_kept(rhythm):
    """make_kept(manager, name, days_ago=None, level=operational) -> a partner the manager
    keeps, last contacted that many days before MONDAY (None: never)."""

    def make(manager, name, days_ago=None, *, level=Level.OPERATIONAL, organisation=None):
        partner = Partner.objects.create(
            organisation=organisation or rhythm.organisation,
            category=rhythm,
            name=name,
            normalised_name=name.lower(),
            last_contact_on=None if days_ago is None else MONDAY - timedelta(days=days_ago),
        )
        Assignment.objects.create(partner=partner, manager=manager, level=level)
        return partner

    return make


def managers_behind(count, organisation, make_person, make_kept, start):
    managers = []
    for n in range(start, start + count):
        manager = make_person(roles.RELATIONSHIP_MANAGER, organisation, username=f"rm{n}")
        make_kept(manager, f"Partner te laat {n}", 60)
        make_kept(manager, f"Partner op tijd {n}", 3)
        managers.append(manager)
    return managers


def sweep(today=MONDAY):
    """(digests sent, queries other than the bulk insert of notifications). The insert is
    one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with CaptureQueriesContext(connection) as queries:
        sent = services.send_weekly_digests(today)
    other = [q for q in queries if not q["sql"].startswith('INSERT INTO "coalition_notification"')]
    return sent, len(other)


def test_the_digest_costs_the_same_for_two_managers_as_for_thirty(
    organisation, make_person, make_kept
):
    managers_behind(2, organisation, make_person, make_kept, start=0)
    sent_few, queries_few = sweep()
    managers_behind(30, organisation, make_person, make_kept, start=2)
    sent_many, queries_many = sweep()
    assert (sent_few, sent_many) == (2, 30)
    assert queries_many == queries_few
    digests = Notification.objects.filter(key=KEY)
    assert digests.count() == 32
    assert digests.values("recipient").distinct().count() == 32


def test_a_second_run_in_the_same_week_sends_nothing(organisation, make_person, make_kept):
    managers_behind(3, organisation, make_person, make_kept, start=0)
    assert services.send_weekly_digests(MONDAY) == 3
    before = Notification.objects.count()
    assert services.send_weekly_digests(MONDAY + timedelta(days=3)) == 0
    assert Notification.objects.count() == before
    assert services.send_weekly_digests(MONDAY + timedelta(days=7)) == 3


def test_each_digest_lists_what_overdue_for_lists_for_that_manager(
    organisation, other_organisation, relationship_manager, make_person, make_kept
):
    ann = relationship_manager
    bob = make_person(roles.RELATIONSHIP_MANAGER, organisation, username="bob")
    gone = make_person(roles.RELATIONSHIP_MANAGER, organisation, username="gone", is_active=False)
    calm = make_person(roles.RELATIONSHIP_MANAGER, organisation, username="calm")
    make_kept(ann, "Zorggroep Noord", 30)  # past the target: amber
    make_kept(ann, "Apotheek West", 50)  # past the maximum: red
    make_kept(ann, "Huisarts Oost")  # never contacted: red, first
    make_kept(ann, "Buurthuis Zuid", 5)  # in rhythm: left out
    both = make_kept(ann, "GGD Amsterdam", 45)
    Assignment.objects.create(partner=both, manager=ann, level=Level.STRATEGIC)
    Assignment.objects.create(partner=both, manager=bob, level=Level.TACTICAL)
    make_kept(bob, "Zonnehuis Partner", 90, organisation=other_organisation)
    make_kept(gone, "Vergeten Partner", 90)
    make_kept(calm, "Rustige Partner", 1)
    for n in range(12):  # more than the ten names a digest shows
        make_kept(bob, f"Partner {n:02}", 40 + n)
    people = [ann, bob, gone, calm]
    together = services._overdue_by_manager(people, MONDAY)
    for manager in people:
        alone = [
            p
            for p, health, _n in services.overdue_for(manager, MONDAY, soon_days=0)
            if health != Health.GREEN
        ]
        assert together.get(manager.pk, []) == alone
    assert [p.name for p in together[ann.pk]][0] == "Huisarts Oost"
    assert services.send_weekly_digests(MONDAY) == 2
    digests = {n.recipient: n for n in Notification.objects.filter(key=KEY)}
    assert set(digests) == {ann, bob}
    with override(settings.LANGUAGE_CODE):
        for manager in (ann, bob):
            overdue = together[manager.pk]
            subject = _("Partners to contact this week: %(count)s") % {"count": len(overdue)}
            body = _("Past their contact rhythm: %(names)s.") % {
                "names": ", ".join(p.name for p in overdue[:10])
            }
            assert (digests[manager].subject, digests[manager].body) == (subject, body)
            assert digests[manager].url == reverse("relatiebeheer:my_partners")
    assert len(together[bob.pk]) == 14


def test_the_overdue_list_works_on_a_leap_day(relationship_manager, make_kept):
    """A partner never contacted (no next date) sorts first, on 29 February too."""
    from relatiebeheer.services.partners import overdue_for

    late = make_kept(relationship_manager, "Lang geleden", 60)
    never = make_kept(relationship_manager, "Nooit gesproken")
    rows = overdue_for(relationship_manager, date(2028, 2, 29))
    assert [partner for partner, _health, _next_on in rows] == [never, late]


def test_batches_go_on_past_a_batch_of_only_inactive_managers(
    organisation, make_person, make_kept, monkeypatch
):
    monkeypatch.setattr(services, "DIGEST_BATCH", 2)
    active = managers_behind(2, organisation, make_person, make_kept, start=0)
    for n in (1, 2):  # the whole second batch has left
        gone = make_person(
            roles.RELATIONSHIP_MANAGER, organisation, username=f"gone{n}", is_active=False
        )
        make_kept(gone, f"Vergeten {n}", 90)
    active += managers_behind(3, organisation, make_person, make_kept, start=3)
    assert services.send_weekly_digests(MONDAY) == 5
    told = set(Notification.objects.filter(key=KEY).values_list("recipient", flat=True))
    assert told == {m.pk for m in active}
