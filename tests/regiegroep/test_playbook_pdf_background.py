"""The playbook PDF is rendered by a worker, never inside a request: publishing asks for one
render per language after commit, the download serves the stored file or a page that says
it is being prepared, and the render stores one file however often and by how many workers
it runs."""

import datetime
import json
import shutil
import subprocess
from pathlib import PurePosixPath

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from coalition import pdf as coalition_pdf
from regiegroep import jobs, services
from regiegroep.models import PlaybookPdf
from regiegroep.playbook import render_playbook
from regiegroep.services.playbook import PDF_REQUEST_EXPIRES
from regiegroep.tasks import render_playbook_pdf
from tests.regiegroep.factories import ScenarioFactory, StepFactory

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture
def enqueued(monkeypatch):
    """(version id, language) of every render sent to the broker; nothing runs."""
    sent = []
    monkeypatch.setattr(render_playbook_pdf, "delay", lambda *args: sent.append(args))
    return sent


@pytest.fixture
def no_rendering(monkeypatch):
    """Any attempt to typeset a PDF fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered")

    monkeypatch.setattr("weasyprint.HTML", refuse)
    monkeypatch.setattr("coalition.pdf.html_to_pdf", refuse)
    monkeypatch.setattr("regiegroep.playbook.render_playbook", refuse)


@pytest.fixture
def version(group, member):
    scenario = ScenarioFactory(group=group, title="Uitval van een locatie")
    StepFactory(scenario=scenario, action="Crisisteam bijeenroepen")
    # Published without asking for its PDFs, as versions published before this was done.
    return services.playbook_publish(
        group=group, actor=member, change_note="Eerste versie", render=False
    )


def url(version):
    return reverse("regiegroep:playbook_pdf", args=[version.pk])


def pdf_text(data, tmp_path):
    path = tmp_path / "playbook.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def stored_files(pdf):
    folder = str(PurePosixPath(pdf.file.name).parent)
    return default_storage.listdir(folder)[1]


# --- Publishing ---------------------------------------------------------------------------


def test_publishing_asks_one_render_per_language_after_commit(
    group, member, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        version = services.playbook_publish(group=group, actor=member, change_note="v1")
        assert enqueued == []  # nothing leaves before the version is committed
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert sorted(enqueued) == [(version.pk, "en"), (version.pk, "nl")]
    pdfs = PlaybookPdf.objects.filter(version=version)
    assert {p.language for p in pdfs} == {"nl", "en"}
    assert all(p.requested_at and not p.file for p in pdfs)


def test_a_render_is_asked_for_once_until_the_request_expires(
    version, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.playbook_pdf_request(version=version, language="nl")
        assert not services.playbook_pdf_request(version=version, language="nl")
    assert enqueued == [(version.pk, "nl")]
    later = timezone.now() + PDF_REQUEST_EXPIRES + datetime.timedelta(seconds=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert services.playbook_pdf_request(version=version, language="nl")
    assert enqueued == [(version.pk, "nl")] * 2


# --- The download -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "reader", "coordinator"])
def test_missing_pdf_shows_the_preparing_page_and_asks_for_it_once(
    request, who, version, enqueued, no_rendering, client_for, django_capture_on_commit_callbacks
):
    c = client_for(request.getfixturevalue(who))
    with django_capture_on_commit_callbacks(execute=True):
        response = c.get(url(version))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "5"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("<!DOCTYPE html>") and '<html lang="nl">' in body
    # It never reloads by itself (WCAG 2.2.1): a script asks for the PDF and says when it is in.
    assert "http-equiv" not in body
    assert f'data-ready-url="{url(version)}" data-ready-seconds="5"' in body
    with translation.override("nl"):
        assert f"<h1>{gettext('The PDF is being prepared')}</h1>" in body
        assert f'href="{url(version)}">{gettext("Try again")}</a>' in body
    assert enqueued == [(version.pk, "nl")]
    # Asking again while it is on its way sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert c.get(url(version)).status_code == 200
    assert enqueued == [(version.pk, "nl")]


def test_an_english_reader_waits_for_the_english_pdf(
    version, member, enqueued, no_rendering, client_for, django_capture_on_commit_callbacks
):
    c = client_for(member)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        body = c.get(url(version)).content.decode()
    assert '<html lang="en">' in body and "The PDF is being prepared" in body
    assert enqueued == [(version.pk, "en")]


def test_the_page_asks_again_when_a_render_was_lost(
    group, member, enqueued, no_rendering, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.playbook_publish(group=group, actor=member, change_note="v1")
    enqueued.clear()  # say the broker lost both
    c = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert c.get(url(version)).status_code == 200
    assert enqueued == []
    later = timezone.now() + PDF_REQUEST_EXPIRES + datetime.timedelta(seconds=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert c.get(url(version)).status_code == 200
    assert enqueued == [(version.pk, "nl")]


@needs_pdftotext
def test_stored_pdf_is_streamed_from_the_storage(
    version, group, reader, client_for, monkeypatch, tmp_path
):
    services.playbook_pdf_render(version=version, language="nl")

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered")

    monkeypatch.setattr("weasyprint.HTML", refuse)
    response = client_for(reader).get(url(version))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.streaming
    assert f"draaiboek-{group.name}-v1-nl.pdf" in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert group.name in text and "Uitval van een locatie" in text


def test_outsider_gets_404_and_asks_for_nothing(
    version, outsider, enqueued, no_rendering, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(outsider).get(url(version))
    assert response.status_code == 404
    assert callbacks == [] and enqueued == []
    assert not PlaybookPdf.objects.exists()


def test_pdfs_go_through_the_storage_api_only(
    version, member, client_for, settings, django_capture_on_commit_callbacks
):
    """Another storage by setting alone (an S3 bucket, here one in memory): nothing is
    written to or read from MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    c = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert c.get(url(version))["Content-Type"].startswith("text/html")
    response = c.get(url(version))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    pdf = PlaybookPdf.objects.get(version=version, language="nl")
    assert default_storage.exists(pdf.file.name)
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


# --- The render ---------------------------------------------------------------------------


def test_render_task_is_idempotent(version, monkeypatch):
    assert render_playbook_pdf(version.pk, "nl") is True
    first = PlaybookPdf.objects.get(version=version, language="nl")
    assert first.is_stored() and first.rendered_at and first.render_seconds > 0

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("regiegroep.playbook.render_playbook", refuse)
    assert render_playbook_pdf(version.pk, "nl") is True
    again = PlaybookPdf.objects.get(version=version, language="nl")
    assert (again.file.name, again.rendered_at) == (first.file.name, first.rendered_at)
    assert stored_files(again) == [PurePosixPath(first.file.name).name]


def test_two_workers_at_once_store_one_file(version, monkeypatch):
    """The second worker stores its PDF while the first is still typesetting: the first
    keeps theirs and removes its own file."""
    theirs = []

    def render_while_another_worker_stores(version, language=None):
        content = render_playbook(version, language)
        if not theirs:
            theirs.append("busy")
            theirs[0] = jobs.playbook_pdf_render(version=version, language=language)
        return content

    monkeypatch.setattr("regiegroep.playbook.render_playbook", render_while_another_worker_stores)
    ours = jobs.playbook_pdf_render(version=version, language="nl")
    assert ours.pk == theirs[0].pk and ours.file.name == theirs[0].file.name
    assert PlaybookPdf.objects.filter(version=version).count() == 1
    assert stored_files(ours) == [PurePosixPath(ours.file.name).name]


def test_pdf_is_one_weasyprint_pass_over_the_playbook_html(version, monkeypatch):
    """The PDF is typeset from exactly the HTML `playbook_pdf_html` returns, in one pass, so
    timing WeasyPrint on that HTML measures the render."""
    import weasyprint

    passes, typeset = [], []
    write_pdf, html_to_pdf = weasyprint.HTML.write_pdf, coalition_pdf.html_to_pdf

    def counting_write_pdf(self, *args, **kwargs):
        passes.append(self)
        return write_pdf(self, *args, **kwargs)

    def recording_html_to_pdf(html, **kwargs):
        typeset.append(html)
        return html_to_pdf(html, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting_write_pdf)
    monkeypatch.setattr(coalition_pdf, "html_to_pdf", recording_html_to_pdf)
    html = services.playbook_pdf_html(version=version, language="nl")
    assert render_playbook(version, "nl").startswith(b"%PDF")
    assert typeset == [html] and len(passes) == 1
    assert "Uitval van een locatie" in html and '<html lang="nl">' in html


# --- Valid HTML ---------------------------------------------------------------------------


@pytest.mark.html
def test_preparing_page_is_valid_html(version, member, enqueued, client_for, tmp_path, vnu_jar):
    path = tmp_path / "preparing.html"
    path.write_text(client_for(member).get(url(version)).content.decode(), encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", path.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert not messages, "\n".join(m.get("message", "") for m in messages)
