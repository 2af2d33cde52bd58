"""What the access log writes for each kind of access: who, in which role and organisation,
what (kind, number, action), about which client, when, and whether it was allowed."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from coalition import roles
from coalition.models import AccessLogEntry
from coalition.services import log_access_many
from digital.models import Client, HelpAtHome, Intake, Internet, Language, TargetGroup
from dilemmas import services as dilemma_services
from dilemmas.models import Perspective
from tests.dilemmas.factories import CaseFactory, ConsultationFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

Action, Outcome = AccessLogEntry.Action, AccessLogEntry.Outcome


@pytest.fixture
def client_record(organisation):
    return Client.objects.create(
        organisation=organisation,
        number="AZ-1",
        language=Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0],
        target_group=TargetGroup.objects.get_or_create(name="Ouderen")[0],
    )


@pytest.fixture
def intake(client_record, intake_staff):
    return Intake.objects.create(
        client=client_record,
        done_by=intake_staff,
        internet=Internet.values[0],
        help_at_home=HelpAtHome.values[0],
    )


@pytest.fixture
def working_group(organisation, working_group_member):
    group = WorkingGroupFactory(name="Werkgroep Moreel Beraad")
    dilemma_services.group_save(group=group, organisations=[organisation], actor=None)
    dilemma_services.member_add(
        group=group, user=working_group_member, perspective=Perspective.EMPLOYEE, actor=None
    )
    return group


@pytest.fixture
def case(working_group, employee, organisation, team):
    case = CaseFactory(author=employee, organisation=organisation, team=team, title="Bezoek")
    dilemma_services.sync_case_permissions(case)
    return case


@pytest.fixture
def consultation(working_group, employee, organisation):
    return ConsultationFactory(requester=employee, organisation=organisation, topic="Piekeren")


def only_entry(**lookup):
    entries = list(AccessLogEntry.objects.filter(**lookup))
    assert len(entries) == 1, entries
    return entries[0]


def test_reading_a_client_record_names_the_role_the_organisations_and_the_client(
    client_for, client_record, intake_staff
):
    response = client_for(intake_staff).get(
        reverse("digital:client_detail", args=[client_record.pk])
    )

    assert response.status_code == 200
    entry = only_entry(user=intake_staff)
    assert (entry.username, entry.roles, entry.organisations) == (
        "intake",
        "intake_staff",
        "Amstelzorg",
    )
    assert (entry.action, entry.outcome) == (Action.VIEWED, Outcome.VIEWED)
    assert (entry.object_type, entry.object_id) == ("digital.client", str(client_record.pk))
    assert (entry.record_organisation, entry.outside_organisation) == ("Amstelzorg", False)
    assert entry.client_id == client_record.pk
    assert entry.path == reverse("digital:client_detail", args=[client_record.pk])


def test_opening_an_intake_logs_the_intake_with_its_client(client_for, intake, intake_staff):
    client_for(intake_staff).get(
        reverse("digital:intake_persona", args=[intake.client_id, intake.pk])
    )

    entry = only_entry(object_type="digital.intake")
    assert (entry.object_id, entry.client_id) == (str(intake.pk), intake.client_id)
    assert (entry.record_organisation, entry.roles, entry.outcome) == (
        "Amstelzorg",
        "intake_staff",
        Outcome.VIEWED,
    )
    assert AccessLogEntry.objects.filter(object_type="digital.client", user=intake_staff).exists()


def test_reading_a_case_names_its_organisation_and_no_client(
    client_for, case, working_group_member
):
    client_for(working_group_member).get(case.get_absolute_url())

    entry = only_entry(user=working_group_member)
    assert (entry.object_type, entry.object_id) == ("dilemmas.dilemmacase", str(case.pk))
    assert (entry.action, entry.outcome) == (Action.VIEWED, Outcome.VIEWED)
    assert (entry.roles, entry.organisations) == ("working_group_member", "Amstelzorg")
    assert (entry.record_organisation, entry.client_id) == ("Amstelzorg", None)


def test_the_pdf_of_a_case_is_logged_as_exported(client_for, case, employee, monkeypatch):
    monkeypatch.setattr("coalition.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7\n")

    response = client_for(employee).get(reverse("dilemmas:case_export", args=[case.pk]))

    assert response.status_code == 200
    entry = only_entry(user=employee)
    assert (entry.action, entry.outcome, entry.object_id) == (
        Action.EXPORTED,
        Outcome.VIEWED,
        str(case.pk),
    )


def test_reading_a_consultation_is_logged(client_for, consultation, working_group_member):
    client_for(working_group_member).get(consultation.get_absolute_url())

    entry = only_entry(user=working_group_member)
    assert (entry.object_type, entry.object_id) == ("dilemmas.consultation", str(consultation.pk))
    assert (entry.record_organisation, entry.outcome, entry.client_id) == (
        "Amstelzorg",
        Outcome.VIEWED,
        None,
    )


def test_a_case_found_by_the_search_is_logged_as_searched(client_for, case, working_group_member):
    client_for(working_group_member).get(reverse("coalition:search"), {"q": "Bezoek"})

    entry = only_entry(user=working_group_member)
    assert (entry.action, entry.object_id) == (Action.SEARCHED, str(case.pk))


def test_a_refused_read_of_a_client_names_its_client_and_organisation(
    client_for, client_record, outsider
):
    response = client_for(outsider).get(reverse("digital:client_detail", args=[client_record.pk]))

    assert response.status_code == 404
    entry = only_entry(user=outsider)
    assert (entry.outcome, entry.object_type, entry.client_id) == (
        Outcome.DENIED,
        "digital.client",
        client_record.pk,
    )
    assert (entry.roles, entry.organisations) == ("employee", "Het Zonnehuis")
    assert (entry.record_organisation, entry.outside_organisation) == ("Amstelzorg", True)


def test_a_refused_read_of_a_case_that_does_not_exist_names_no_organisation(client_for, outsider):
    client_for(outsider).get(reverse("dilemmas:case_detail", args=[999]))

    entry = only_entry(user=outsider)
    assert (entry.outcome, entry.object_id) == (Outcome.DENIED, "999")
    assert (entry.record_organisation, entry.outside_organisation) == ("", None)


def test_an_entry_keeps_the_roles_and_organisations_of_that_moment(
    client_for, client_record, intake_staff, other_organisation
):
    client_for(intake_staff).get(reverse("digital:client_detail", args=[client_record.pk]))
    intake_staff.groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    intake_staff.profile.organisations.set([other_organisation])

    entry = only_entry(user=intake_staff)
    assert (entry.roles, entry.organisations) == ("intake_staff", "Amstelzorg")


def test_a_superuser_is_named_as_one(organisation, make_person, client_record):
    root = make_person(None, organisation, username="root", is_superuser=True)
    request = RequestFactory().get("/")
    request.user = root

    [entry] = log_access_many(request=request, objects=[client_record])

    assert entry.roles == "superuser"
    assert [str(label) for label in entry.role_labels] == ["superbeheerder"]


@pytest.mark.parametrize("count", [1, 60])
def test_logging_a_list_takes_the_same_queries_for_one_record_or_many(
    organisation, intake_staff, django_assert_num_queries, count
):
    language = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0]
    target_group = TargetGroup.objects.get_or_create(name="Ouderen")[0]
    clients = Client.objects.bulk_create(
        Client(
            organisation=organisation,
            number=f"AZ-{i}",
            language=language,
            target_group=target_group,
        )
        for i in range(count)
    )
    request = RequestFactory().get("/digitaal/clienten/")
    request.user = intake_staff

    # What the app knows of the person (roles, organisations: coalition.facts), one insert.
    with django_assert_num_queries(2):
        entries = log_access_many(request=request, objects=clients)

    assert len(entries) == count
    assert {e.client_id for e in entries} == {c.pk for c in clients}
