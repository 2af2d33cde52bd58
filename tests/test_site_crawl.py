"""Every page each demo role can reach answers without error and is valid HTML.

Logs in as each demo user, follows every internal link from the dashboard, and checks the
pages with the Nu HTML Checker (the `html` marker: needs Java and vnu.jar from npm).
"""

import json
import re
import subprocess
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from bench.pages import LinkParser
from coalition.demo import USERS

SKIP_PREFIXES = ("/beheer/", "/accounts/logout/", "/i18n/", "/static/", "/media/")
MAX_PAGES_PER_ROLE = 120


def _pattern(path):
    """Pages that differ only in ids are one page for the HTML check."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def crawl(client):
    # The search page is reached by a form, not a link: start there too.
    seen, queue, pages = set(), ["/", "/zoeken/?q=de"], []
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = LinkParser()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urldefrag(urljoin(url, href)).url
            parsed = urlparse(target)
            if parsed.netloc and parsed.netloc != "testserver":
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if not path.startswith(SKIP_PREFIXES) and path not in seen:
                queue.append(path)
    return pages


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@pytest.mark.parametrize("username", list(USERS))
def test_every_reachable_page_answers_without_error(demo, username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    pages = crawl(client)
    assert len(pages) > 3
    errors = [(url, r.status_code) for url, r in pages if r.status_code >= 500]
    assert not errors, f"{username}: server errors on {errors}"
    not_found = [url for url, r in pages if r.status_code == 404]
    assert not not_found, f"{username}: links to missing pages {not_found}"


@pytest.mark.html
def test_reachable_pages_are_valid_html(demo, tmp_path, vnu_jar, client):
    from django.contrib.auth import get_user_model

    pages = {"/accounts/login/": client.get("/accounts/login/").content.decode()}
    for username in USERS:
        c = Client()
        c.force_login(get_user_model().objects.get(username=username))
        for url, response in crawl(c):
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                # Each role sees other actions on the same page: check each role's version.
                key = f"{_pattern(urlparse(url).path)} ({username})"
                pages.setdefault(key, response.content.decode())
    files = {}
    for i, (pattern, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page{i}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = pattern
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(vnu_jar),
            "--errors-only",
            "--format",
            "json",
            *[str(tmp_path / f"page{i}.html") for i in range(len(files))],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = []
    for m in messages:
        page = files.get(m.get("url", "").rsplit("/", 1)[-1], m.get("url"))
        problems.append(f"{page}: {m.get('message')} «{m.get('extract', '')}»")
    assert not problems, f"{len(pages)} pages checked; invalid HTML:\n" + "\n".join(problems)
