"""The permission matrix (tests/security/permission_matrix.py) against the app: every URL has
a row, every row's answers hold for every person, and docs/access-policy.md is the table as
it stands.

One seeded database serves every request: the demo data is loaded once and each person asks
each URL once, with GET only. Mismatches are collected into one message (URL, person,
expected, got) instead of stopping at the first.
"""

import logging
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.security import permission_matrix as matrix

POLICY = Path(__file__).resolve().parents[2] / "docs" / "access-policy.md"


def test_every_url_of_the_app_has_a_row():
    patterns = matrix.covered_patterns()
    named = {r.name for r in matrix.ROWS}
    missing = sorted(set(patterns) - named)
    unknown = sorted(named - set(patterns))
    assert not missing, "URL patterns without a row in the permission matrix:\n" + "\n".join(
        f"  {name}  /{patterns[name]}" for name in missing
    )
    assert not unknown, f"rows for URL names the app no longer has: {unknown}"


def test_every_row_says_what_each_person_gets():
    for r in matrix.ROWS:
        assert set(r.expect) == set(matrix.PEOPLE), r.name
        assert set(r.app_gives) <= set(matrix.PEOPLE), r.name


def test_the_access_policy_document_is_the_matrix():
    assert POLICY.read_text(encoding="utf-8") == matrix.render_policy(), (
        "docs/access-policy.md is out of date; regenerate it with "
        "`.venv/bin/python -m tests.security.permission_matrix > docs/access-policy.md`"
    )


@pytest.fixture
def demo_world(db, settings, monkeypatch):
    settings.DEBUG = True  # seed_demo refuses to run without it
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    matrix.add_objects_outside_the_demo()
    # A PDF counts by its status code only: skip the slow typesetting, keep the template.
    monkeypatch.setattr("coalition.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7\n")


def _url(r):
    def value(v):
        return v.resolve() if isinstance(v, matrix.Obj) else v

    url = reverse(r.name, kwargs={key: value(v) for key, v in r.kwargs.items()})
    if r.query:
        url += "?" + urlencode({key: value(v) for key, v in r.query.items()})
    return url


def _outcome(response, login_url):
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return matrix.LOGIN
    return response.status_code


def _clients():
    users = get_user_model().objects.in_bulk(
        [p for p in matrix.PEOPLE if p != matrix.ANONYMOUS], field_name="username"
    )
    clients = {}
    for person in matrix.PEOPLE:
        # A server error is a result to report with the others, not a reason to stop.
        client = Client(raise_request_exception=False)
        if person != matrix.ANONYMOUS:
            client.force_login(users[person])
        clients[person] = client
    return clients


def test_every_person_gets_what_the_matrix_says_on_every_url(demo_world):
    login_url = resolve_url(settings.LOGIN_URL)
    clients = _clients()
    urls = [(r, _url(r)) for r in matrix.ROWS]
    mismatches, fixed = [], []
    request_logger = logging.getLogger("django.request")
    previous_level = request_logger.level
    request_logger.setLevel(logging.ERROR)  # hundreds of expected 403s and 404s
    try:
        for r, url in urls:
            for person in matrix.PEOPLE:
                got = _outcome(clients[person].get(url), login_url)
                want = r.outcome_from_app(person)
                if got == want:
                    continue
                if person in r.app_gives and got == r.expect[person]:
                    fixed.append(f"  {url} ({r.what})  {person}: now {got}, as it should")
                else:
                    mismatches.append(f"  {url} ({r.what})  {person}: expected {want}, got {got}")
    finally:
        request_logger.setLevel(previous_level)
    problems = []
    if mismatches:
        problems += [f"{len(mismatches)} answers differ from the permission matrix:"]
        problems += mismatches
    if fixed:
        problems += ["Fixed findings: drop their app_gives and finding from the row:"]
        problems += fixed
    assert not problems, "\n".join(problems)
