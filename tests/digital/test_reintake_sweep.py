"""The re-intake sweep: a fixed number of queries however many clients are due, each intake
staff member told once per client and last intake, a second run sends nothing, the clients
due and the people told the same as the rule for one client or organisation names."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection
from django.db.models import F, Max, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coalition import roles
from coalition.models import Notification
from digital.models import Client, Goal, GoalStatus, Intake
from digital.services import plans


@pytest.fixture
def intake(intake_staff):
    """intake(client, days_ago) -> an intake of the client that many days ago."""

    def make(client, days_ago):
        return Intake.objects.create(
            client=client,
            done_by=intake_staff,
            done_at=timezone.now() - timedelta(days=days_ago),
            internet="home",
            help_at_home="no",
        )

    return make


def old_clients(count, organisation, make_client, intake, start):
    clients = [make_client(organisation, f"OUD-{n}") for n in range(start, start + count)]
    for client in clients:
        intake(client, 400)
    return clients


def sweep():
    """(clients proposed, queries other than the bulk insert of notifications). The insert
    is one statement on PostgreSQL; SQLite splits it by its limit on parameters."""
    with CaptureQueriesContext(connection) as queries:
        sent = plans.propose_reintakes()
    other = [q for q in queries if not q["sql"].startswith('INSERT INTO "coalition_notification"')]
    return sent, len(other)


def reintakes():
    return Notification.objects.filter(key__startswith="digital-reintake-")


def test_the_sweep_costs_the_same_for_two_clients_as_for_thirty(
    organisation, intake_staff, make_person, make_client, intake
):
    for n in range(3):
        make_person(roles.INTAKE_STAFF, organisation, username=f"intake{n}")
    old_clients(2, organisation, make_client, intake, start=0)
    sent_few, queries_few = sweep()
    old_clients(30, organisation, make_client, intake, start=2)
    sent_many, queries_many = sweep()
    assert (sent_few, sent_many) == (2, 30)
    assert queries_many == queries_few
    # Four intake staff, each told once of each client.
    assert reintakes().count() == 32 * 4
    assert reintakes().values("key").distinct().count() == 32


def test_a_second_sweep_sends_nothing(organisation, intake_staff, make_client, intake):
    old_clients(3, organisation, make_client, intake, start=0)
    assert plans.propose_reintakes() == 3
    before = Notification.objects.count()
    assert plans.propose_reintakes() == 0
    assert Notification.objects.count() == before


def _due_by_the_grouped_rule(now):
    """The rule as one grouped query, the way it was first written: the sweep must agree."""
    cutoff = now - relativedelta(months=settings.DIGITAL_REINTAKE_MONTHS)
    clients = Client.objects.annotate(
        last_intake=Max("intakes__done_at"), last_switch=Max("goals__switched_at")
    ).filter(last_intake__isnull=False)
    due = clients.filter(
        Q(last_intake__lt=cutoff) | Q(last_switch__isnull=False, last_switch__gt=F("last_intake"))
    )
    return {client.pk: client.last_intake for client in due}


def test_the_clients_due_are_those_the_grouped_rule_names(
    organisation, intake_staff, make_client, intake, service
):
    old = make_client(organisation, "OUD")
    intake(old, 500)
    intake(old, 400)
    fresh = make_client(organisation, "VERS")
    intake(fresh, 5)
    switched = make_client(organisation, "OMGESTAPT")
    intake(switched, 30)
    switched_before = make_client(organisation, "EERDER")
    intake(switched_before, 5)
    make_client(organisation, "NOOIT")  # never had an intake
    for client, days_ago in [(switched, 2), (switched_before, 20)]:
        Goal.objects.create(
            client=client,
            title="Zelf beeldbellen",
            service=service,
            status=GoalStatus.ANALOG,
            switched_at=timezone.now() - timedelta(days=days_ago),
        )
    now = timezone.now()
    expected = _due_by_the_grouped_rule(now)
    assert set(expected) == {old.pk, switched.pk}
    assert {c.pk: last for c, last in plans.clients_due_for_reintake(now).items()} == expected
    assert plans.propose_reintakes(now) == 2
    assert set(reintakes().values_list("key", flat=True)) == {
        f"digital-reintake-{pk}-{last:%Y%m%d%H%M%S}" for pk, last in expected.items()
    }


def test_the_staff_told_are_those_the_rule_for_one_organisation_names(
    organisation, other_organisation, intake_staff, care_worker, make_person, make_client, intake
):
    gone = make_person(roles.INTAKE_STAFF, organisation, username="gone", is_active=False)
    coordinating = make_person(roles.INTAKE_STAFF, organisation, username="coordinating")
    coordinating.groups.add(coordinating.groups.model.objects.get(name=roles.COORDINATOR))
    make_person(roles.INTAKE_STAFF, organisation, username="root", is_superuser=True)
    theirs = make_person(roles.INTAKE_STAFF, other_organisation, username="theirs")
    both = make_person(roles.INTAKE_STAFF, organisation, username="both")
    both.profile.organisations.add(other_organisation)
    ours = make_client(organisation, "A-1")
    other = make_client(other_organisation, "B-1")
    intake(ours, 400)
    intake(other, 400)
    organisations = [organisation.pk, other_organisation.pk]
    together = plans._intake_staff_by_organisation(organisations)
    for organisation_id in organisations:
        alone = sorted(plans.intake_staff_ids(organisation_id))
        assert [u.pk for u in together[organisation_id]] == alone
    assert plans.propose_reintakes() == 2
    told = {(n.recipient_id, n.url) for n in reintakes()}
    assert told == {
        (intake_staff.pk, ours.get_absolute_url()),
        (both.pk, ours.get_absolute_url()),
        (theirs.pk, other.get_absolute_url()),
        (both.pk, other.get_absolute_url()),
    }
    assert not reintakes().filter(recipient__in=[gone, coordinating, care_worker]).exists()


def test_the_proposal_reads_as_it_did(organisation, intake_staff, make_client, intake):
    client = make_client(organisation, "AZ-7")
    done = intake(client, 400)
    plans.propose_reintakes()
    [proposal] = Notification.objects.filter(recipient=intake_staff)
    with override(settings.LANGUAGE_CODE):
        subject = _("A client is due for a re-intake")
        body = _(
            "Digital skills change: the last intake is a while ago, or a service "
            "switched to its analog alternative. Plan a re-intake."
        )
    assert (proposal.subject, proposal.body) == (subject, body)
    assert proposal.url == client.get_absolute_url()
    assert proposal.key == f"digital-reintake-{client.pk}-{done.done_at:%Y%m%d%H%M%S}"
