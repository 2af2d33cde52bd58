"""Clients and intakes: who may, who may only look, who gets nothing; the persona proposal;
bad input; the access rule; the access log; fixed query counts."""

import pytest
from django.urls import reverse

from coalition import access
from coalition.models import AccessGrant, AccessLogEntry
from digital.models import Client, Intake, Language, Persona, SkillStatement, TargetGroup
from digital.permissions import clients_visible_to
from digital.services import intake as intake_services
from tests.coalition.helpers import confirm_everywhere

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"digital:{name}", args=args)


@pytest.fixture
def client_record(organisation):
    return Client.objects.create(
        organisation=organisation,
        number="AZ-1",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )


@pytest.fixture
def other_intake(make_person, other_organisation):
    """Intake staff of another organisation."""
    return make_person("intake_staff", other_organisation, username="intake-elders")


def statements(*numbers):
    ordered = list(SkillStatement.objects.order_by("order", "pk"))
    return [ordered[n - 1].pk for n in numbers]


@pytest.mark.parametrize(
    "who, view, change",
    [
        ("intake_staff", 200, 200),
        ("care_worker", 200, 403),  # reads the client, does not do intakes
        ("other_intake", 404, 404),
        ("coordinator", 404, 404),  # runs the coalition, never sees a client
        ("employee", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_client_pages_by_person(request, client_for, client_record, who, view, change):
    c = client_for(request.getfixturevalue(who))
    assert c.get(url("client_detail", client_record.pk)).status_code == view
    assert c.get(url("client_history", client_record.pk)).status_code == view
    assert c.get(url("client_edit", client_record.pk)).status_code == change
    assert c.get(url("intake_create", client_record.pk)).status_code == change


def test_client_list_shows_only_own_organisation_and_logs_each_number(
    client_for, client_record, intake_staff, other_intake, other_organisation
):
    Client.objects.create(
        organisation=other_organisation,
        number="ZH-9",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )
    body = client_for(intake_staff).get(url("client_list")).content.decode()
    assert "AZ-1" in body and "ZH-9" not in body
    assert AccessLogEntry.objects.filter(
        user=intake_staff, object_type="digital.client", object_id=str(client_record.pk)
    ).exists()
    assert client_for(other_intake).get(url("client_list")).status_code == 200
    assert "AZ-1" not in client_for(other_intake).get(url("client_list")).content.decode()


def test_employee_without_a_client_role_gets_403_on_the_list(client_for, employee):
    assert client_for(employee).get(url("client_list")).status_code == 403


def test_reading_and_refusing_are_in_the_access_log(
    client_for, client_record, other_intake, care_worker
):
    client_for(care_worker).get(url("client_detail", client_record.pk))
    client_for(other_intake).get(url("client_detail", client_record.pk))
    log = AccessLogEntry.objects.filter(
        object_type="digital.client", object_id=str(client_record.pk)
    )
    assert log.filter(user=care_worker, outcome="viewed").exists()
    assert log.filter(user=other_intake, outcome="denied").exists()


def test_a_duplicate_client_number_is_refused_and_the_input_kept(
    client_for, client_record, intake_staff, organisation
):
    response = client_for(intake_staff).post(
        url("client_create"),
        {
            "organisation": organisation.pk,
            "number": "az-1",
            "language": Language.objects.get(code="ar").pk,
            "target_group": TargetGroup.objects.get(name="Jongeren").pk,
        },
    )
    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    assert 'value="az-1"' in response.content.decode()
    assert Client.objects.count() == 1


def test_intake_without_the_mandatory_answers_keeps_what_was_ticked(
    client_for, client_record, intake_staff
):
    ticked = statements(1, 2)
    response = client_for(intake_staff).post(
        url("intake_create", client_record.pk), {"can": ticked}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"devices", "internet", "help_at_home"}
    body = response.content.decode()
    assert body.count("checked") >= 2
    assert not Intake.objects.exists()


def _intake(client_for, user, client, **data):
    form = {"devices": ["smartphone"], "internet": "home", "help_at_home": "no", **data}
    return client_for(user).post(url("intake_create", client.pk), form)


def test_intake_proposes_a_persona_with_its_reason_and_staff_confirms_it(
    client_for, client_record, intake_staff
):
    response = _intake(client_for, intake_staff, client_record, can=statements(*range(1, 14)))
    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response.url == url("intake_persona", client_record.pk, intake.pk)
    assert intake.proposed_persona.name == "Helpt anderen"
    page = client_for(intake_staff).get(response.url).content.decode()
    assert intake.proposal_reason in page
    response = client_for(intake_staff).post(
        response.url, {"persona": intake.proposed_persona.pk, "reason": ""}
    )
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.persona == intake.proposed_persona


@pytest.mark.parametrize(
    "can, devices, internet, expected",
    [
        ([], ["none"], "none", "Nog niet online"),
        ([], ["smartphone"], "home", "Nog niet online"),  # a phone, but nothing works yet
        ([1, 4], ["smartphone"], "home", "Starter met hulp"),  # basics missing
        ([1, 2, 4, 5], ["smartphone"], "home", "Starter met hulp"),
        ([1, 2, 3, 4], ["tablet"], "home", "Op weg"),
        ([1, 2, 3, 4, 5, 6, 7, 8], ["computer"], "home", "Zelfstandig"),
        (list(range(1, 14)), ["smartphone"], "none", "Nog niet online"),  # no internet
    ],
)
def test_the_proposal_follows_the_basics_first(can, devices, internet, expected):
    proposal = intake_services.propose_persona(
        can_ids=statements(*can), devices=devices, internet=internet
    )
    assert proposal.persona.name == expected
    assert proposal.reason


def test_another_persona_needs_a_reason(client_for, client_record, intake_staff):
    _intake(client_for, intake_staff, client_record, can=statements(1, 2, 3, 4))
    intake = Intake.objects.get()
    other = Persona.objects.get(name="Starter met hulp")
    page = url("intake_persona", client_record.pk, intake.pk)
    response = client_for(intake_staff).post(page, {"persona": other.pk, "reason": " "})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    response = client_for(intake_staff).post(
        page, {"persona": other.pk, "reason": "Durft nog niet alleen."}
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.persona == other and intake.override_reason == "Durft nog niet alleen."


def test_a_re_intake_keeps_the_earlier_ones_in_the_timeline(
    client_for, client_record, intake_staff
):
    _intake(client_for, intake_staff, client_record, can=statements(1))
    _intake(client_for, intake_staff, client_record, can=statements(1, 2, 3))
    first, second = Intake.objects.order_by("pk")
    assert not first.is_reintake and second.is_reintake
    body = client_for(intake_staff).get(url("client_detail", client_record.pk)).content.decode()
    assert body.count("<article") == 2


def test_a_care_worker_cannot_record_an_intake_through_the_service(client_record, care_worker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        intake_services.intake_record(
            client=client_record,
            actor=care_worker,
            can=[],
            wants=[],
            devices=["none"],
            internet="none",
            help_at_home="no",
        )


def test_the_intake_role_opens_clients_only_after_a_second_person_confirms(
    client_for, coordinator, make_person, organisation, client_record, team_lead
):
    """The access rule for client data: a coordinator gives the intake role; sight follows
    only once a team lead of the organisation confirms."""
    newcomer = make_person("employee", organisation, username="nieuwe-intaker")
    c = client_for(coordinator)
    data = {
        "first_name": "Nieuw",
        "last_name": "Intaker",
        "is_active": "on",
        "role_names": ["employee", "intake_staff"],
        "organisations": [organisation.pk],
        "teams": [],
    }
    c.post(reverse("coalition:person_edit", args=[newcomer.pk]), data)
    assert not clients_visible_to(newcomer).exists()
    grant = AccessGrant.objects.get(subject=newcomer, kind="role")
    confirm_everywhere(grant, team_lead)
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)  # fresh, without cached sight
    assert list(clients_visible_to(newcomer)) == [client_record]


def test_losing_the_role_or_the_organisation_closes_the_clients(
    intake_staff, organisation, client_record
):
    from django.contrib.auth.models import Group

    def fresh():
        return type(intake_staff).objects.get(pk=intake_staff.pk)

    assert clients_visible_to(fresh()).exists()
    intake_staff.groups.remove(Group.objects.get(name="intake_staff"))
    assert not clients_visible_to(fresh()).exists()
    intake_staff.groups.add(Group.objects.get(name="intake_staff"))
    intake_staff.profile.organisations.remove(organisation)
    assert not clients_visible_to(fresh()).exists()


def test_a_coordinator_with_the_intake_role_still_sees_no_client(
    make_person, organisation, client_record
):
    from django.contrib.auth.models import Group

    both = make_person("intake_staff", organisation, username="intake-coord")
    assert clients_visible_to(type(both).objects.get(pk=both.pk)).exists()
    both.groups.add(Group.objects.get(name="coordinator"))
    assert not clients_visible_to(type(both).objects.get(pk=both.pk)).exists()


def test_client_list_runs_a_fixed_number_of_queries(
    client_for, intake_staff, organisation, django_assert_max_num_queries
):
    c = client_for(intake_staff)
    nl, group = Language.objects.get(code="nl"), TargetGroup.objects.get(name="Ouderen")
    Client.objects.create(organisation=organisation, number="Q-0", language=nl, target_group=group)
    c.get(url("client_list"))
    with django_assert_max_num_queries(30) as first:
        c.get(url("client_list"))
    Client.objects.bulk_create(
        [
            Client(organisation=organisation, number=f"Q-{i}", language=nl, target_group=group)
            for i in range(1, 61)
        ]
    )
    with django_assert_max_num_queries(len(first)):
        assert "Pagina 1 van 2" in c.get(url("client_list")).content.decode()


def test_waiting_intakes_are_on_the_dashboard(client_for, client_record, intake_staff):
    _intake(client_for, intake_staff, client_record, can=statements(1))
    body = client_for(intake_staff).get(reverse("coalition:dashboard")).content.decode()
    assert "AZ-1" in body


def test_coordinators_keep_the_personas(client_for, coordinator, intake_staff, employee):
    persona = Persona.objects.get(name="Op weg")
    assert client_for(intake_staff).get(url("persona_edit", persona.pk)).status_code == 403
    assert client_for(intake_staff).get(url("persona_detail", persona.pk)).status_code == 200
    assert client_for(employee).get(url("persona_list")).status_code == 403
    response = client_for(coordinator).post(
        url("persona_edit", persona.pk),
        {"name": "Op weg", "digcomp_level": "9", "description": "x", "next_step": "y"},
    )
    assert response.status_code == 400
    assert "digcomp_level" in response.context["form"].errors
    response = client_for(coordinator).post(
        url("persona_edit", persona.pk),
        {"name": "Op weg", "digcomp_level": "3", "description": "Nieuw", "next_step": "Verder"},
    )
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.description == "Nieuw"


def test_grant_kinds_for_client_roles_name_the_organisation(coordinator, make_person, organisation):
    person = make_person("employee", organisation, username="zorg-nieuw")
    grant = access.grant_request(
        kind="role", payload={"role": "care_worker"}, subject=person, actor=coordinator
    )
    assert list(grant.organisations.all()) == [organisation]


# --- Found by a review of client sight ---


def test_review_a_search_term_never_reaches_the_access_log(client_for, client_record, intake_staff):
    client_for(intake_staff).get(url("client_list") + "?q=AZ-1")
    paths = set(
        AccessLogEntry.objects.filter(object_type="digital.client").values_list("path", flat=True)
    )
    assert paths == {url("client_list")}


def test_review_the_admin_writes_no_object_permissions(client_for, organisation):
    from tests.coalition.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    response = client_for(root).get(
        f"/beheer/coalition/organisation/{organisation.pk}/permissions/"
    )
    assert response.status_code in (302, 404)


def test_review_an_organisation_with_clients_is_not_confirmed_for_by_a_superuser(
    coordinator, make_person, other_organisation
):
    from tests.coalition.factories import UserFactory

    Client.objects.create(
        organisation=other_organisation,
        number="ZH-1",
        language=Language.objects.get(code="nl"),
        target_group=TargetGroup.objects.get(name="Ouderen"),
    )
    person = make_person("employee", other_organisation, username="zh-intake")
    grant = access.grant_request(
        kind="role", payload={"role": "intake_staff"}, subject=person, actor=coordinator
    )
    root = UserFactory(username="root", is_superuser=True)
    assert not access.may_confirm(root, grant, other_organisation.pk)


@pytest.mark.parametrize("change", [{"is_active": False}, {"is_superuser": True}])
def test_review_deactivated_or_superuser_intake_staff_see_no_client(
    intake_staff, client_record, change
):
    for field, value in change.items():
        setattr(intake_staff, field, value)
    intake_staff.save()
    fresh = type(intake_staff).objects.get(pk=intake_staff.pk)
    assert not clients_visible_to(fresh).exists()
