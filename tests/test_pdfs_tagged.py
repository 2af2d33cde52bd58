"""Every PDF the app makes is tagged PDF/UA-1: a structure tree, MarkInfo, XMP metadata,
the document's title and language, and bookmarks from its headings — and its text extracts
as text."""

import io
import shutil
import subprocess

import pikepdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from digital.models import TargetGroup
from dilemmas.models import DilemmaCase
from regiegroep.models import PlaybookVersion
from regiegroep.services import playbook_pdf_render
from relatiebeheer.models import Meeting

pytestmark = pytest.mark.django_db


def pdfs():
    """(who downloads it, url) for one PDF of every kind."""
    case = DilemmaCase.objects.exclude(status="draft").order_by("pk").first()
    return {
        "playbook": (
            "steering",
            reverse("regiegroep:playbook_pdf", args=[PlaybookVersion.objects.latest("pk").pk]),
        ),
        "case": ("workgroup", reverse("dilemmas:case_export", args=[case.pk])),
        "menu": (
            "intake",
            reverse("digital:menu_pdf") + f"?doelgroep={TargetGroup.objects.first().pk}&taal=nl",
        ),
        "minutes": (
            "relations",
            reverse(
                "relatiebeheer:meeting_minutes_pdf",
                args=[Meeting.objects.filter(closed_at__isnull=False).first().pk],
            ),
        ),
    }


def download(client, username, url):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_every_pdf_is_tagged_with_title_language_and_bookmarks(client, settings, tmp_path):
    settings.DEBUG = True  # seed_demo refuses to make demo accounts otherwise
    call_command("seed_demo", verbosity=0)
    # A worker renders the playbook after publishing; here, at once.
    playbook_pdf_render(version=PlaybookVersion.objects.latest("pk"), language="nl")
    for kind, (username, url) in pdfs().items():
        data = download(client, username, url)
        with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root, f"{kind}: no structure tree"
            assert root.MarkInfo.Marked, f"{kind}: not marked as tagged"
            assert "/Metadata" in root, f"{kind}: no XMP metadata"
            assert str(root.Lang).startswith(("nl", "en", "ar")), f"{kind}: no language"
            assert str(pdf.docinfo.get("/Title", "")).strip(), f"{kind}: no title"
            assert root.ViewerPreferences.DisplayDocTitle, f"{kind}: title not shown"
            with pdf.open_outline() as outline:
                assert outline.root, f"{kind}: no bookmarks"
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert len(text.split()) > 20, f"{kind}: little text extracts"
