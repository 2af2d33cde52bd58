"""Clients as people with rights (AVG), and the retention of client data.

A client's copy is the client record and everything that exists only with it (intakes,
goals, attempts, badges), each with all its earlier versions, and the client's lines of the
access log (who looked, when): a client may know who read their record. Erasure anonymises:
the number becomes `anoniem-<id>`, free text is emptied in the records and their history;
what is left (language, target group, persona, skills) names nobody and keeps the coalition's
figures right.

Retention: a client with no intake, goal or attempt for RETENTION_DAYS["digital.client"] is
anonymised the same way; an intake older than RETENTION_DAYS["digital.intake"] loses its free
text (its skills stay with the client's picture).
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import AccessLogEntry
from coalition.privacy import RetentionKind, SubjectKind
from coalition.privacy.collect import cascade_of, records_of
from coalition.privacy.erase import blank
from coalition.privacy.package import Section

from .models import Attempt, Client, Goal, Intake

INTAKE_TEXT = {"override_reason": "", "proposal_reason": ""}


def describe(client):
    return _("client %(number)s of %(organisation)s") % {
        "number": client.number,
        "organisation": client.organisation.name,
    }


def collect(client, *, own=False):
    reads = AccessLogEntry.objects.filter(client_id=client.pk).order_by("at", "pk")
    return [
        Section(title=_("Client record"), records=records_of([client])),
        Section(title=_("Intakes, goals and badges"), records=records_of(cascade_of(client))),
        Section(
            title=_("Who looked at this client's records"),
            records=records_of(reads, exclude=("path",)),
            note=_("Every read, export and print of the client's records, from the access log."),
        ),
    ]


def erase(client):
    """Anonymise the client, their intakes, goals and attempts, history included."""
    counts = anonymise_clients([client])
    client.refresh_from_db()
    return counts


def anonymise_clients(clients):
    """Anonymise clients and what exists with them, in a fixed number of queries however
    many: the number becomes `anoniem-<id>` (unique, as numbers must be), free text empty."""
    ids = [client.pk for client in clients]
    anonymised = timezone.now()
    number = Concat(Value("anoniem-"), Cast("id", CharField()), output_field=CharField())
    return {
        _("intakes"): blank(
            Intake.objects.filter(client_id__in=ids), **INTAKE_TEXT, anonymised_at=anonymised
        ),
        _("goals"): blank(Goal.objects.filter(client_id__in=ids), undo_reason=""),
        _("attempts"): blank(Attempt.objects.filter(goal__client_id__in=ids), note=""),
        _("client records"): blank(
            Client.objects.filter(pk__in=ids), number=number, anonymised_at=anonymised
        ),
    }


CLIENT = SubjectKind(
    name="client",
    label=lambda: gettext_lazy("client"),
    get=lambda pk: Client.objects.select_related("organisation").filter(pk=pk).first(),
    get_many=lambda pks: Client.objects.select_related("organisation").order_by().in_bulk(pks),
    describe=describe,
    organisations=lambda client: {client.organisation_id},
    collect=collect,
    erase=erase,
    log_record=lambda client: client,
    find=lambda organisation, number: Client.objects.filter(
        organisation=organisation, number=number
    ).first(),
)


# --- Retention ---


def clients_due(cutoff):
    """Clients not yet anonymised with nothing new since `cutoff`: created, intake, goal
    and attempt all on or before it."""
    recent = (
        Q(intakes__done_at__gt=cutoff)
        | Q(goals__starts_on__gt=cutoff.date())
        | Q(goals__attempts__logged_at__gt=cutoff)
    )
    active = Client.objects.filter(recent).values("pk")
    return (
        Client.objects.filter(anonymised_at__isnull=True, created_at__lte=cutoff)
        .exclude(pk__in=active)
        .order_by("pk")
    )


def intakes_due(cutoff):
    return Intake.objects.filter(anonymised_at__isnull=True, done_at__lte=cutoff).order_by("pk")


def anonymise_intakes(intakes):
    return blank(
        Intake.objects.filter(pk__in=[i.pk for i in intakes]),
        **INTAKE_TEXT,
        anonymised_at=timezone.now(),
    )


CLIENT_RETENTION = RetentionKind(
    name="digital.client",
    label=lambda: gettext_lazy("clients"),
    due=clients_due,
    anonymise=anonymise_clients,
    rule=lambda: gettext_lazy("the last intake, goal or attempt"),
)
INTAKE_RETENTION = RetentionKind(
    name="digital.intake",
    label=lambda: gettext_lazy("intakes"),
    due=intakes_due,
    anonymise=anonymise_intakes,
    rule=lambda: gettext_lazy("the date of the intake"),
)
