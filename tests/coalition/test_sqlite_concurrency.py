"""The embedded SQLite database holds a training room: forty people failing to log in at
the same moment (django-axes writes an attempt for each) all get an answer, none a 500.

The server runs as `make run` serves it (runserver, threaded) in a process of its own, on a
SQLite file: an in-memory test database shares one connection and would hide the locking.
"""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40


@pytest.fixture
def sqlite_file(transactional_db, tmp_path):
    """A file copy of the migrated test database (a backup is much faster than migrating;
    outside a test transaction, which would hold the write lock the backup waits for)."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite; this test database is not")
    path = tmp_path / "coalition.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(sqlite_file, tmp_path):
    """The app served by runserver on the SQLite file, with the settings `make run` uses."""
    port = _free_port()
    # The real settings, with a fast password hasher: the test is about the database, and
    # forty slow hashes on two cores would take most of the time.
    (tmp_path / "concurrency_settings.py").write_text(
        "from coalition.settings import *  # noqa: F403\n"
        "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "concurrency_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": f"sqlite:///{sqlite_file}",
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)
    (tmp_path / "var").mkdir()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        + ["--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + reverse("login"), timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start: " + _read(tmp_path / "server.log"))
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _read(path):
    return path.read_text(errors="replace")[-3000:]


def _open(opener, url, data=None):
    """(status, body) of one request. runserver listens with a short backlog, so a burst of
    connections may be reset before the app sees them; the client tries such a request
    again, as a browser would. Anything the app answered counts as answered."""
    for attempt in range(5):
        try:
            with opener.open(url, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (ConnectionResetError, ConnectionRefusedError, urllib.error.URLError) as exc:
            reason = getattr(exc, "reason", exc)
            if not isinstance(reason, (ConnectionResetError, ConnectionRefusedError)):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise ConnectionError(f"{url}: the connection was reset five times")


def _failed_login(base, username, barrier, results, index):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    url = base + reverse("login")
    try:
        _status, page = _open(opener, url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": "wrong-password"}
        ).encode()
        barrier.wait(timeout=30)
        results[index] = _open(opener, url, data)
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        results[index] = (None, repr(exc))


def test_forty_simultaneous_failed_logins_get_no_server_error(server, tmp_path):
    # Eight people mistype five times each: the fifth attempt may meet the lockout.
    usernames = [f"deelnemer{i % 8}" for i in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    results = [(None, "did not finish")] * PEOPLE
    threads = [
        threading.Thread(target=_failed_login, args=(server, name, barrier, results, i))
        for i, name in enumerate(usernames)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = [status for status, _body in results]
    assert statuses.count(500) == 0, _read(tmp_path / "server.log")
    assert None not in statuses, [body for status, body in results if status is None]
    for status, body in results:
        if status == 200:
            # The login page again, with the error above the form.
            assert 'class="form-errors"' in body and 'name="password"' in body
        else:
            assert status == 429, (status, body[:500])
            assert f'action="{reverse("login")}"' not in body  # the lockout page, no form
    assert statuses.count(200) > 0
    assert time.monotonic() - started < 30
