"""Recording an RRO: attendance and partners present only once the meeting has begun, a
partner present resetting its contact rhythm (and taking it off undoing that), answers kept
on an error, an action item needing an owner; and the minutes: final only after the meeting
with someone present, read-only until reopened, sent once as a PDF to those present and
excused."""

import shutil
import subprocess
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relatiebeheer.models import Attendance, ContactMoment, Outcome
from relatiebeheer.services import meetings as services
from relatiebeheer.services import minutes
from tests.relatiebeheer.meetings_helpers import first_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


# --- Recording a meeting ---


def test_attendance_and_partners_present_wait_for_the_meeting(series, ann, bob, overdue_partner):
    coming = list(series.meetings.order_by("starts_at"))[1]
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=coming, answers={ann.pk: ("present", "", "")}, guests=[], notes="", actor=ann
        )
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=coming, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
    # What someone says they will do may be written down before.
    services.meeting_record(
        meeting=coming, answers={ann.pk: ("invited", "", "Bellen")}, guests=[], notes="", actor=ann
    )
    assert Attendance.objects.get(meeting=coming, person=ann).will_do == "Bellen"


def test_a_partner_present_resets_its_rhythm_and_taking_it_off_undoes_that(
    series, ann, overdue_partner
):
    meeting = first_meeting(series)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):
        services.meeting_record(
            meeting=meeting, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
        services.meeting_record(  # saving again logs nothing twice
            meeting=meeting, answers={}, guests=[overdue_partner], notes="", actor=ann
        )
    overdue_partner.refresh_from_db()
    assert overdue_partner.last_contact_on == timezone.localdate(meeting.starts_at)
    assert ContactMoment.objects.filter(partner=overdue_partner, meeting=meeting).count() == 1
    with time_machine.travel(meeting.starts_at + timedelta(minutes=20), tick=False):
        services.meeting_record(meeting=meeting, answers={}, guests=[], notes="", actor=ann)
    overdue_partner.refresh_from_db()
    assert overdue_partner.last_contact_on == timezone.localdate() - timedelta(days=100)


def test_recording_through_the_page_keeps_the_answers_on_an_error(client_for, series, ann, bob):
    meeting = first_meeting(series)
    c = client_for(bob)
    data = {
        f"p{ann.pk}-status": "present",
        f"p{ann.pk}-did": "Bezoek bij de GGD",
        f"p{ann.pk}-will_do": "Verslag delen",
        f"p{bob.pk}-status": "nonsense",
        f"p{bob.pk}-did": "Gebeld met de wijkagent",
        f"p{bob.pk}-will_do": "",
        "meeting-notes": "Kort overleg",
    }
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):
        response = c.post(meeting.get_absolute_url(), data)
        assert response.status_code == 400
        assert "Gebeld met de wijkagent" in response.content.decode()
        data[f"p{bob.pk}-status"] = "present"
        response = c.post(meeting.get_absolute_url(), data)
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=meeting, person=ann)
    assert (row.status, row.did, row.will_do) == ("present", "Bezoek bij de GGD", "Verslag delen")
    meeting.refresh_from_db()
    assert meeting.notes == "Kort overleg"


def test_an_action_item_needs_someone_who_does_it(client_for, series, ann):
    meeting = first_meeting(series)
    c = client_for(ann)
    response = c.post(
        reverse("relatiebeheer:outcome_add", args=[meeting.pk]),
        {"outcome-kind": "action", "outcome-text": "Kaart bijwerken"},
    )
    assert response.status_code == 400
    assert "Kaart bijwerken" in response.content.decode()
    assert not Outcome.objects.exists()
    response = c.post(
        reverse("relatiebeheer:outcome_add", args=[meeting.pk]),
        {"outcome-kind": "action", "outcome-text": "Kaart bijwerken", "outcome-owner": ann.pk},
    )
    assert response.status_code == 302
    assert Outcome.objects.get().owner == ann


# --- Minutes ---


def record_and_close(meeting, ann, bob):
    with time_machine.travel(meeting.starts_at + timedelta(minutes=30), tick=False):
        services.meeting_record(
            meeting=meeting,
            answers={
                ann.pk: ("present", "Gesprek met de wethouder", "Voorstel uitwerken"),
                bob.pk: ("excused", "", ""),
            },
            guests=[],
            notes="",
            actor=ann,
        )
        services.outcome_add(
            meeting=meeting,
            kind="decision",
            text="Wij sluiten aan bij het wijknetwerk",
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
        services.minutes_finalise(meeting=meeting, actor=ann)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_minutes_go_once_to_those_present_and_excused_as_a_pdf(
    series, ann, bob, tmp_path, django_capture_on_commit_callbacks
):
    meeting = first_meeting(series)
    with django_capture_on_commit_callbacks(execute=True):
        record_and_close(meeting, ann, bob)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ann@example.org", "bob@example.org"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name == "notulen-2026-03-02.pdf"
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Gesprek met de wethouder" in text and "Voorstel uitwerken" in text
    assert "Wij sluiten aan bij het wijknetwerk" in text
    assert minutes.send_minutes(meeting.pk) == 0  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_minutes_cannot_be_final_before_the_meeting_or_without_anyone_present(series, ann):
    coming = list(series.meetings.order_by("starts_at"))[1]
    with pytest.raises(ValidationError):
        services.minutes_finalise(meeting=coming, actor=ann)
    meeting = first_meeting(series)
    with time_machine.travel(meeting.starts_at + timedelta(hours=1), tick=False):
        with pytest.raises(ValidationError):
            services.minutes_finalise(meeting=meeting, actor=ann)
    meeting.refresh_from_db()
    assert meeting.closed_at is None


def test_final_minutes_are_read_only_until_reopened(client_for, series, ann, bob):
    meeting = first_meeting(series)
    record_and_close(meeting, ann, bob)
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=meeting, answers={}, guests=[], notes="x", actor=ann)
    with pytest.raises(ValidationError):
        services.outcome_add(
            meeting=meeting,
            kind="decision",
            text="Te laat",
            owner=None,
            due_on=None,
            partner=None,
            actor=ann,
        )
    page = client_for(ann).get(meeting.get_absolute_url()).content.decode()
    assert f'id="id_p{ann.pk}-did"' not in page and "Gesprek met de wethouder" in page
    client_for(ann).post(reverse("relatiebeheer:meeting_reopen", args=[meeting.pk]))
    page = client_for(ann).get(meeting.get_absolute_url()).content.decode()
    assert f'id="id_p{ann.pk}-did"' in page


def test_the_minutes_pdf_from_the_page(client_for, series, ann, bob):
    meeting = first_meeting(series)
    record_and_close(meeting, ann, bob)
    response = client_for(bob).get(reverse("relatiebeheer:meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
