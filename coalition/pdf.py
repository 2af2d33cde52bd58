"""PDF rendering with WeasyPrint that never leaves the machine.

The URL fetcher serves our own static files and data: URIs only; any other URL (a user's
text with an <img src="http://..."> in it, say) is refused, so rendering fetches nothing
from the network.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string


class LocalOnlyURLFetcher:
    """Builds WeasyPrint's fetcher lazily (importing WeasyPrint loads pango)."""

    @staticmethod
    def create():
        from weasyprint.urls import URLFetcher

        class _Fetcher(URLFetcher):
            refused = []

            def fetch(self, url, headers=None):
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                parsed = urlparse(url)
                if parsed.scheme == "file":
                    path = Path(unquote(parsed.path)).resolve()
                    if any(path.is_relative_to(root) for root in static_roots()):
                        return super().fetch(url, headers)
                self.refused.append(url)
                raise ValueError(f"Refused to fetch {url!r} while rendering a PDF")

        return _Fetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def static_roots():
    """The folders static files come from: the project's and each app's `static/`."""
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "static"
        if folder.is_dir():
            roots.append(folder.resolve())
    return roots


def render_pdf(template_name, context, *, request=None, fetcher=None):
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context, request=request), fetcher=fetcher)


def html_to_pdf(html, *, fetcher=None):
    """Tagged PDF/UA-1: a structure tree, the document's language and title (from the
    template's <html lang> and <title>) and bookmarks from its headings, so a screen
    reader reads the PDF as well as the page."""
    from weasyprint import HTML

    return HTML(
        string=html,
        base_url=Path(settings.BASE_DIR / "static").as_uri() + "/",
        url_fetcher=fetcher or LocalOnlyURLFetcher.create(),
    ).write_pdf(pdf_variant="pdf/ua-1")
