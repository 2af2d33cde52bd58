import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from coalition.pdf import LocalOnlyURLFetcher, html_to_pdf


def static_uri(path):
    """The file:// URI WeasyPrint asks the fetcher for when a page links a static file."""
    return Path(finders.find(path)).resolve().as_uri()


def test_fetcher_serves_static_files_and_refuses_other_urls(tmp_path):
    fetcher = LocalOnlyURLFetcher.create()
    response = fetcher.fetch(static_uri("css/coalition.css"))
    assert b"--brand" in response.read()
    admin_css = static_uri("admin/css/base.css")  # an app's static folder
    assert fetcher.fetch(admin_css).read()
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    for url in ("http://example.org/logo.png", "https://example.org/x.css", secret.as_uri()):
        with pytest.raises(ValueError, match="Refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_pdf_shows_user_text_as_text_and_fetches_nothing_outside(tmp_path):
    template = Template(
        '<html><body><h1>Draaiboek {{ title }}</h1><img src="http://example.org/x.png">'
        "</body></html>"
    )
    fetcher = LocalOnlyURLFetcher.create()
    html = template.render(Context({"title": "<b>Coëfficiënt</b>"}))
    pdf = html_to_pdf(html, fetcher=fetcher)
    out = tmp_path / "t.pdf"
    out.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Draaiboek <b>Coëfficiënt</b>" in text
    assert fetcher.refused == ["http://example.org/x.png"]
