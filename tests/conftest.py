"""Test settings and shared fixtures.

Markers `postgres`, `redis` and `browser` mark tests that need a real service. On a bare
machine they skip with a reason; with COALITION_REQUIRE_SERVICES=1 (set by .ci/run) a
missing service fails the test instead, so CI cannot go green by skipping them.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

import factory.random
import pytest
from django.contrib.auth.models import Group

from coalition import roles
from tests.coalition.factories import OrganisationFactory, TeamFactory, UserFactory

# Generated names repeat from run to run, so a failure with an odd name can be reproduced.
factory.random.reseed_random("coalition")

REQUIRE_SERVICES = os.environ.get("COALITION_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(__file__).resolve().parent.parent
        / "var/tools/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


@pytest.fixture
def vnu_jar():
    return VNU_JAR


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # what one test counted or kept is not the next test's
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True
    settings.SECURE_SSL_REDIRECT = False
    # Many tests move the clock by hours with one login; the idle timeout has tests of its
    # own (tests/coalition/test_accounts.py), which set it back to the 30 minutes of the app.
    settings.SESSION_IDLE_MINUTES = settings.SESSION_COOKIE_AGE // 60


@pytest.fixture(autouse=True)
def _celery_eager_for_unit_tests(request):
    """Unit tests run tasks in-process; the `redis` tests run a real worker instead."""
    from coalition.celery import app

    if request.node.get_closest_marker("redis"):
        yield
        return
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def _unavailable(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"required in CI but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if request.node.get_closest_marker("redis"):
        url = os.environ.get("CELERY_BROKER_URL", "")
        if not url.startswith("redis://"):
            _unavailable("needs Redis: set CELERY_BROKER_URL=redis://...")
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.exceptions.RedisError as exc:
            _unavailable(f"Redis at {url} does not answer: {exc}")
    if request.node.get_closest_marker("html"):
        if not VNU_JAR.is_file() or not shutil.which("java"):
            _unavailable(f"needs Java and the Nu HTML Checker at {VNU_JAR} (npm install vnu-jar)")
    if request.node.get_closest_marker("browser"):
        if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
            _unavailable(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")


# --- A real Celery worker (tests marked postgres and redis) ---


@pytest.fixture
def start_celery_worker(tmp_path, settings):
    """start_celery_worker(**env) -> a worker process on the test database and on a queue of
    its own; tasks sent while the test runs go to that queue. Its output is printed at the end.
    """
    from django.db import connection

    from coalition.celery import app

    processes = []
    previous_queue = app.conf.task_default_queue

    def start(**extra_env):
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{credentials}@{host}:{port}/{db['NAME']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "COALITION_VAR_DIR": str(tmp_path / "worker-var"),
            "DEBUG": "true",
            **extra_env,
        }
        command = [sys.executable, "-m", "celery", "-A", "coalition", "worker", "--pool=solo"]
        command += ["-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle"]
        process = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        app.conf.task_default_queue = queue
        processes.append(process)
        return process

    yield start
    app.conf.task_default_queue = previous_queue
    for process in processes:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


# --- Browser (pytest-playwright with Debian's Chromium, never a downloaded one) ---


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


# --- People: one per role, in a small coalition ---


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Amstelzorg")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Het Zonnehuis")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Wonen De Pijp")


def _person(role, organisation, team=None, **kwargs):
    user = UserFactory(**kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.profile.organisations.add(organisation)
    if team:
        user.profile.teams.add(team)
    return user


@pytest.fixture
def make_person(db):
    """make_person(role, organisation, team=None, **user_fields) -> User."""
    return _person


@pytest.fixture
def coordinator(organisation):
    return _person(roles.COORDINATOR, organisation, username="coordinator", is_staff=True)


@pytest.fixture
def steering_member(organisation):
    return _person(roles.STEERING_MEMBER, organisation, username="steering")


@pytest.fixture
def working_group_member(organisation):
    return _person(roles.WORKING_GROUP_MEMBER, organisation, username="workgroup")


@pytest.fixture
def team_lead(organisation, team):
    return _person(roles.TEAM_LEAD, organisation, team, username="teamlead")


@pytest.fixture
def employee(organisation, team):
    return _person(roles.EMPLOYEE, organisation, team, username="employee")


@pytest.fixture
def intake_staff(organisation):
    return _person(roles.INTAKE_STAFF, organisation, username="intake")


@pytest.fixture
def care_worker(organisation):
    return _person(roles.CARE_WORKER, organisation, username="careworker")


@pytest.fixture
def relationship_manager(organisation):
    return _person(roles.RELATIONSHIP_MANAGER, organisation, username="relations")


@pytest.fixture
def outsider(other_organisation):
    """A signed-in employee of another organisation, with no role in anything here."""
    return _person(roles.EMPLOYEE, other_organisation, username="outsider")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist, the tests that start a real Celery worker run on one worker, one
    after the other: two Celery workers on the same Redis queue would take each other's
    tasks, each with its own test database."""
    for item in items:
        if item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.xdist_group("celery"))
