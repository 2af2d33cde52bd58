"""A person's own copy as PDF: asked for on the profile, made by a worker, offered on the
profile for a day to that person only, then deleted; erasing the person deletes it too."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalition.models import AccessLogEntry, OwnCopyPdf
from coalition.privacy import own_copy
from coalition.privacy.person import erase
from coalition.sweeps import apply_retention
from tests.dilemmas.factories import CaseFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("coalition:profile")
ASK = reverse("coalition:my_data_pdf_ask")
PDF = reverse("coalition:my_data", args=["pdf"])


def ask(client, capture, *, run=True):
    with capture(execute=run):
        response = client.post(ASK)
    assert response.status_code == 302
    assert response["Location"] == PROFILE + "#h-my-data"
    return OwnCopyPdf.objects.get()


def stored(copy):
    return copy.file.storage.exists(copy.file.name)


def test_the_worker_makes_the_pdf_and_the_profile_offers_it_to_its_owner_only(
    employee, team_lead, organisation, client_for, django_capture_on_commit_callbacks
):
    case = CaseFactory(author=employee, organisation=organisation, title="Nachtrust of toezicht")
    mine = client_for(employee)
    html = mine.get(PROFILE).content.decode()
    assert "PDF maken" in html and "Download als PDF" not in html

    copy = ask(mine, django_capture_on_commit_callbacks)
    assert copy.made_at is not None and stored(copy)
    html = mine.get(PROFILE).content.decode()
    assert "Download als PDF" in html and "Nieuwe PDF maken" in html
    assert "Je kunt hem downloaden tot" in html
    response = mine.get(PDF)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="gegevens-')
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORTED)
    assert (entry.user, entry.object_id, entry.path) == (employee, str(case.pk), PROFILE)

    # Another person asking the same address gets their own state: none, so no file.
    other = client_for(team_lead).get(PDF)
    assert other.status_code == 302 and other["Location"] == PROFILE + "#h-my-data"


def test_until_it_is_made_the_profile_says_so_and_the_pdf_address_sends_back(
    employee, client_for, django_capture_on_commit_callbacks
):
    mine = client_for(employee)
    copy = ask(mine, django_capture_on_commit_callbacks, run=False)
    assert copy.made_at is None
    html = mine.get(PROFILE).content.decode()
    assert "Je PDF wordt gemaakt." in html and "Download als PDF" not in html
    response = mine.get(PDF, follow=True)
    assert "Vraag eerst je PDF aan" in response.content.decode()


def test_asking_again_replaces_the_copy_and_its_file(
    employee, client_for, django_capture_on_commit_callbacks
):
    mine = client_for(employee)
    first = ask(mine, django_capture_on_commit_callbacks)
    second = ask(mine, django_capture_on_commit_callbacks)
    assert first.pk != second.pk and first.file.name != second.file.name
    assert not stored(first) and stored(second)


def test_a_copy_is_deleted_a_day_after_it_is_made_and_when_the_person_is_erased(
    employee, team_lead, client_for, django_capture_on_commit_callbacks, settings
):
    copy = ask(client_for(employee), django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(hours=settings.OWN_COPY_HOURS - 1)):
        assert own_copy.forget_expired() == 0
        assert client_for(employee).get(PDF).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=settings.OWN_COPY_HOURS + 1)):
        assert client_for(employee).get(PDF).status_code == 302  # no longer offered
        html = client_for(employee).get(PROFILE).content.decode()
        assert "Je PDF wordt gemaakt." not in html and "Download als PDF" not in html
        with django_capture_on_commit_callbacks(execute=True):
            assert apply_retention()["own-copies"] == 1
    assert not OwnCopyPdf.objects.exists() and not stored(copy)

    theirs = ask(client_for(team_lead), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        counts = erase(team_lead)
    assert counts["kopieën van eigen gegevens"] == 1
    assert not OwnCopyPdf.objects.exists() and not stored(theirs)


def test_a_deletion_that_rolls_back_keeps_the_file(
    employee, client_for, django_capture_on_commit_callbacks
):
    copy = ask(client_for(employee), django_capture_on_commit_callbacks)
    with pytest.raises(RuntimeError), transaction.atomic():
        own_copy.forget_person(employee)
        raise RuntimeError("rolled back")
    assert OwnCopyPdf.objects.filter(pk=copy.pk).exists() and stored(copy)


def test_asking_needs_a_post_and_a_login(client, employee, client_for):
    assert client_for(employee).get(ASK).status_code == 405
    response = client.post(ASK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not OwnCopyPdf.objects.exists()
