"""Requests of clients and staff about their data (AVG): a privacy officer asks, a second
person of the organisation confirms, and only then is a copy handed out (to the officer who
asked, for a limited time, written to the access log) or the data erased (history included,
the erasure written to the access log without what was erased)."""

import json
import re
import subprocess
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from coalition import access, roles
from coalition.models import AccessGrant, AccessLogEntry, Notification
from coalition.privacy.requests import COPY, ERASURE, privacy_request
from digital.models import Client, HelpAtHome, Intake, Internet, Language, TargetGroup
from dilemmas.services.access import sync_case_permissions
from tests.coalition.helpers import confirm_everywhere
from tests.dilemmas.factories import CaseFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

Action = AccessLogEntry.Action


@pytest.fixture
def officer(make_person, other_organisation):
    return make_person(roles.PRIVACY_OFFICER, other_organisation, username="privacy")


@pytest.fixture
def client_record(organisation, intake_staff):
    client = Client.objects.create(
        organisation=organisation,
        number="AZ-1042",
        language=Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0],
        target_group=TargetGroup.objects.get_or_create(name="Ouderen")[0],
    )
    intake = Intake.objects.create(
        client=client,
        done_by=intake_staff,
        internet=Internet.values[0],
        help_at_home=HelpAtHome.values[0],
        override_reason="Mevrouw wil eerst leren bellen met haar kleindochter",
    )
    intake.override_reason = "Mevrouw wil eerst leren videobellen met haar kleindochter"
    intake.save()
    return client


def ask(officer, client_record, request=COPY):
    return privacy_request(
        actor=officer,
        subject_name="client",
        subject=client_record,
        request=request,
        reference="brief 12-11",
    )


def own_pdf(client, capture):
    """Ask for one's own copy as PDF (a worker makes it: here in-process, after the
    commit) and download it; the PDF's bytes."""
    with capture(execute=True):
        asked = client.post(reverse("coalition:my_data_pdf_ask"))
    assert asked.status_code == 302
    response = client.get(reverse("coalition:my_data", args=["pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def pdf_text(content, tmp_path):
    path = tmp_path / "copy.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_copy_waits_for_a_second_person_of_the_clients_organisation(
    officer, client_record, team_lead, client_for
):
    grant = ask(officer, client_record)
    assert grant.status == AccessGrant.Status.PENDING
    assert list(grant.confirmations.values_list("organisation", flat=True)) == [
        client_record.organisation_id
    ]
    url = reverse("coalition:privacy_request_download", args=[grant.pk, "json"])
    assert client_for(officer).get(url).status_code == 403
    # The team lead of the organisation was told there is something to confirm.
    assert Notification.objects.filter(recipient=team_lead, url=grant.get_absolute_url()).exists()
    with pytest.raises(PermissionDenied):
        access.grant_confirm(grant=grant, organisation=client_record.organisation, actor=officer)


def test_confirmed_copy_holds_the_client_intakes_history_and_reads(
    officer, client_record, team_lead, client_for, tmp_path
):
    grant = confirm_everywhere(ask(officer, client_record), team_lead)
    assert grant.status == AccessGrant.Status.APPROVED
    browser = client_for(officer)
    detail = browser.get(reverse("coalition:privacy_request_detail", args=[grant.pk]))
    assert "Download als PDF" in detail.content.decode()

    response = browser.get(reverse("coalition:privacy_request_download", args=[grant.pk, "json"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["subject"] == "cliënt AZ-1042 van Amstelzorg"
    records = [r for s in data["sections"] for r in s["records"]]
    intake = next(r for r in records if r["kind"] == "digital.intake")
    # Both versions of the intake, the first with its first wording.
    reasons = [
        f["value"]
        for v in intake["history"]
        for f in v["fields"]
        if f["field"] == "override_reason"
    ]
    assert reasons == [
        "Mevrouw wil eerst leren bellen met haar kleindochter",
        "Mevrouw wil eerst leren videobellen met haar kleindochter",
    ]
    assert "password" not in response.content.decode()

    entry = AccessLogEntry.objects.get(action=Action.EXPORTED)
    assert (entry.user, entry.client_id, entry.object_type) == (
        officer,
        client_record.pk,
        "digital.client",
    )
    pdf = browser.get(reverse("coalition:privacy_request_download", args=[grant.pk, "pdf"]))
    text = pdf_text(pdf.content, tmp_path)
    assert "AZ-1042" in text
    assert "videobellen" in text
    # The copy names who read the client's record: the export just made is in it.
    assert "privacy" in text


def test_only_the_officer_who_asked_downloads_and_only_for_a_while(
    officer, client_record, team_lead, make_person, other_organisation, client_for, settings
):
    grant = confirm_everywhere(ask(officer, client_record), team_lead)
    url = reverse("coalition:privacy_request_download", args=[grant.pk, "pdf"])
    colleague = make_person(roles.PRIVACY_OFFICER, other_organisation, username="privacy2")
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(team_lead).get(url).status_code == 403
    with time_machine.travel(timezone.now() + timedelta(days=settings.PRIVACY_COPY_DAYS, hours=1)):
        assert client_for(officer).get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(action=Action.EXPORTED).exists()


@pytest.mark.parametrize("who", ["team_lead", "coordinator", "intake_staff", "outsider"])
def test_only_privacy_officers_see_the_requests(request, who, officer, client_record, client_for):
    grant = ask(officer, client_record)
    browser = client_for(request.getfixturevalue(who))
    for url in [
        reverse("coalition:privacy_request_list"),
        reverse("coalition:privacy_request_create"),
        reverse("coalition:privacy_request_detail", args=[grant.pk]),
    ]:
        assert browser.get(url).status_code == 403


def test_the_form_asks_for_a_known_client_and_keeps_what_was_typed(
    officer, client_record, organisation, client_for
):
    response = client_for(officer).post(
        reverse("coalition:privacy_request_create"),
        {
            "request": COPY,
            "subject": "client",
            "organisation": organisation.pk,
            "client_number": "AZ-9999",
            "reference": "mail van 3 november",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze organisatie heeft geen cliënt met dit nummer." in html
    assert 'value="mail van 3 november"' in html
    assert not AccessGrant.objects.exists()

    response = client_for(officer).post(
        reverse("coalition:privacy_request_create"),
        {
            "request": COPY,
            "subject": "client",
            "organisation": organisation.pk,
            "client_number": "AZ-1042",
            "reference": "mail van 3 november",
        },
    )
    grant = AccessGrant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coalition:privacy_request_detail", args=[grant.pk])
    assert grant.payload["reference"] == "mail van 3 november"


def test_erasure_on_confirmation_anonymises_history_and_is_logged(
    officer, client_record, team_lead, client_for
):
    intake = client_record.intakes.get()
    grant = ask(officer, client_record, ERASURE)
    assert Client.objects.get(pk=client_record.pk).number == "AZ-1042"  # not yet
    grant = confirm_everywhere(grant, team_lead)

    client_record.refresh_from_db()
    assert client_record.number == f"anoniem-{client_record.pk}"
    assert client_record.anonymised_at is not None
    assert set(client_record.history.values_list("number", flat=True)) == {client_record.number}
    assert set(intake.history.values_list("override_reason", flat=True)) == {""}
    assert Intake.objects.get(pk=intake.pk).override_reason == ""

    entry = AccessLogEntry.objects.get(action=Action.ERASED)
    assert (entry.user, entry.client_id, entry.object_id) == (
        officer,
        client_record.pk,
        str(client_record.pk),
    )
    row = AccessLogEntry.objects.filter(pk=entry.pk).values().get()
    assert not any("AZ-1042" in str(value) for value in row.values())

    html = client_for(officer).get(grant.get_absolute_url()).content.decode()
    assert "AZ-1042" not in html
    page = client_for(officer).get(reverse("coalition:privacy_request_detail", args=[grant.pk]))
    assert "intakes: 1" in page.content.decode().lower()


def test_a_staff_members_copy_for_the_officer_names_cases_without_their_content(
    officer, organisation, employee, team_lead, client_for
):
    case = CaseFactory(
        author=employee, organisation=organisation, title="Zorg mijden bij Pietronella"
    )
    # The author's permission rows name the case too: they are no data about the person.
    sync_case_permissions(case)
    ConsultationFactory(
        requester=employee, organisation=organisation, topic="Ik twijfel over Pietronella"
    )
    grant = privacy_request(
        actor=officer, subject_name="person", subject=employee, request=COPY, reference="r-1"
    )
    grant = confirm_everywhere(grant, team_lead)
    response = client_for(officer).get(
        reverse("coalition:privacy_request_download", args=[grant.pk, "json"])
    )
    text = response.content.decode()
    # A name no generated person has (one of them was once called Pieters).
    assert "Pietronella" not in text
    assert f"#{case.pk}" in text
    assert employee.username in text
    assert "pbkdf2" not in text and "argon2" not in text


def test_my_own_copy_holds_what_i_wrote_and_logs_it(
    employee, organisation, client_for, tmp_path, django_capture_on_commit_callbacks
):
    case = CaseFactory(author=employee, organisation=organisation, title="Zorg mijden bij Piet")
    response = client_for(employee).get(reverse("coalition:my_data", args=["json"]))
    assert response.status_code == 200
    assert "Zorg mijden bij Piet" in response.content.decode()
    entry = AccessLogEntry.objects.get(action=Action.EXPORTED)
    assert (entry.user, entry.object_type, entry.object_id) == (
        employee,
        "dilemmas.dilemmacase",
        str(case.pk),
    )
    pdf = own_pdf(client_for(employee), django_capture_on_commit_callbacks)
    assert "Zorg mijden bij Piet" in pdf_text(pdf, tmp_path)
    assert AccessLogEntry.objects.filter(action=Action.EXPORTED).count() == 2  # JSON, PDF
    assert client_for(employee).get(reverse("coalition:my_data", args=["exe"])).status_code == 404


def test_my_data_needs_a_login(client):
    response = client.get(reverse("coalition:my_data", args=["json"]))
    assert response.status_code == 302


def test_erasing_a_staff_member_leaves_no_name_and_no_login(
    officer, employee, team_lead, organisation
):
    employee.first_name, employee.last_name, employee.email = "Fatima", "El Amrani", "f@az.nl"
    employee.save()
    employee.profile.job_title = "Verzorgende IG"
    employee.profile.save()
    Notification.objects.create(recipient=employee, subject="Welkom Fatima")
    grant = privacy_request(
        actor=officer, subject_name="person", subject=employee, request=ERASURE, reference="r-2"
    )
    confirm_everywhere(grant, team_lead)

    employee.refresh_from_db()
    assert (employee.first_name, employee.last_name, employee.email) == ("", "", "")
    assert employee.username == f"verwijderd-{employee.pk}"
    assert not employee.is_active and not employee.has_usable_password()
    assert set(employee.profile.history.values_list("job_title", flat=True)) == {""}
    assert not Notification.objects.filter(recipient=employee).exists()
    assert AccessLogEntry.objects.get(action=Action.ERASED).object_id == str(employee.pk)


def test_an_officer_does_not_erase_themselves(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        privacy_request(
            actor=officer, subject_name="person", subject=officer, request=ERASURE, reference="x"
        )


def test_whoever_confirms_an_erasure_is_told_it_cannot_be_undone(
    officer, client_record, team_lead, client_for
):
    grant = ask(officer, client_record, ERASURE)
    html = client_for(team_lead).get(grant.get_absolute_url()).content.decode()
    assert "Dat kun je niet terugdraaien." in html
    assert 'data-confirm="Als je bevestigt, worden de gegevens' in html
    copy = ask(officer, client_record, COPY)
    assert (
        "niet terugdraaien"
        not in client_for(team_lead).get(copy.get_absolute_url()).content.decode()
    )


def test_a_staff_member_is_named_by_user_name(officer, employee, client_for):
    url = reverse("coalition:privacy_request_create")
    data = {"request": COPY, "subject": "person", "username": "niemand", "reference": "r-3"}
    response = client_for(officer).post(url, data)
    assert "Vul de gebruikersnaam van een medewerker in." in response.content.decode()
    response = client_for(officer).post(url, {**data, "username": employee.username})
    assert response.status_code == 302
    assert AccessGrant.objects.get().payload["id"] == employee.pk


def test_a_long_unbroken_value_wraps_whole_in_the_pdf(
    employee, organisation, client_for, tmp_path, django_capture_on_commit_callbacks
):
    """A value of thousands of characters without a space (a playbook snapshot, a pasted
    link) wraps inside its column: all of it is in the PDF, and the page lays out at once
    (a table that measured every possible break of it took minutes)."""
    topic = "Begin" + "".join(f"{n:04d}" for n in range(1500)) + "Einde"
    ConsultationFactory(requester=employee, organisation=organisation, topic=topic)
    pdf = own_pdf(client_for(employee), django_capture_on_commit_callbacks)
    text = pdf_text(pdf, tmp_path)
    assert "Vertrouwelijk" in text and "Begin" in text
    # The page footers ("Vertrouwelijk · 2 / 8") out, the wrapped lines joined.
    body = re.sub(r"Vertrouwelijk\s*·\s*\d+\s*/\s*\d+", "", text)
    assert topic in "".join(body.split())
