"""The load test of `make bench`: the app as in production on one machine's loopback.

Two gunicorn web processes and two Celery workers on one PostgreSQL database and one Redis,
with beat running exactly once, the demo loaded; locust (headless, bounded in time) sends 8
users over a mix of the main pages of each role, spread over both web processes, for 60
seconds. Figures: throughput, median and 95th percentile, and errors, which must be 0.

It needs PostgreSQL (DATABASE_URL), Redis (LOAD_BROKER_URL, default redis db 5 on
127.0.0.1) and locust (`pip install ".[bench]"`); without them the checks say it did not run.
Run it alone with `python -m bench.load`; `make bench` runs it as a hook of bench.run.
"""

import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .checks import check

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOAD_USERS", 8))
SECONDS = int(os.environ.get("LOAD_SECONDS", 60))
PORTS = (8101, 8102)
BROKER = os.environ.get("LOAD_BROKER_URL", "redis://127.0.0.1:6379/5")
DATABASE = "coalition_load"


def log(message):
    print(message, file=sys.stderr, flush=True)


def _database_url():
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(source)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _missing():
    if _database_url() is None:
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        return 'needs locust: pip install ".[bench]"'
    try:
        import redis

        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no broker to test with
        return f"needs Redis at {BROKER}: {exc}"
    return None


def _env(url, var_dir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORTS[0]}",
        "COALITION_VAR_DIR": str(var_dir),
        # Loopback without TLS: requests say they came through the proxy (locustfile).
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_TLS_PROXY": "true",
        # The demo's accounts have no second step; everything else is production.
        "TWO_FACTOR_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
        # The workers send the demo's notifications: to nowhere, not to a mail server.
        "EMAIL_URL": "dummymail://",
    }


def _admin(sql):
    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def _prepare(env):
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (
        ["migrate", "--no-input", "-v0"],
        ["seed_demo", "--force"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _start(env, var_dir):
    bin_dir = Path(sys.executable).parent
    processes = []
    for port in PORTS:
        processes.append(
            subprocess.Popen(
                [str(bin_dir / "gunicorn"), "coalition.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2", "--log-level", "warning"],
                env=env, cwd=ROOT,
            )
        )  # fmt: skip
    for n in (1, 2):
        processes.append(
            subprocess.Popen(
                [str(bin_dir / "celery"), "-A", "coalition", "worker", "--concurrency", "1",
                 "-n", f"load{n}@%h", "--loglevel", "WARNING"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
            )
        )  # fmt: skip
    processes.append(
        subprocess.Popen(
            [str(bin_dir / "celery"), "-A", "coalition", "beat", "--loglevel", "WARNING",
             "--schedule", str(var_dir / "celerybeat-schedule")],
            env=env, cwd=ROOT,
        )
    )  # fmt: skip
    for port in PORTS:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
    return processes


def _wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def _stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _locust(out):
    hosts = ",".join(f"http://127.0.0.1:{port}" for port in PORTS)
    subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "--users", str(USERS), "--spawn-rate", str(USERS),
         "--run-time", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORTS[0]}",
         "--csv", str(out / "load"), "--only-summary", "--loglevel", "WARNING"],
        env={**os.environ, "LOAD_HOSTS": hosts},
        cwd=ROOT,
        check=False,
        capture_output=True,
    )  # fmt: skip
    with open(out / "load_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    with open(out / "load_failures.csv", newline="") as failures:
        reasons = [f"{row['Error']} ({row['Occurrences']}×)" for row in csv.DictReader(failures)]
    return {
        "users": USERS,
        "seconds": SECONDS,
        "web_processes": len(PORTS),
        "workers": 2,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "per_second": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
        "failures": reasons[:5],
    }


def run():
    """The load figures, or {"skipped": why}."""
    missing = _missing()
    if missing:
        return {"skipped": missing}
    url = _database_url()
    with tempfile.TemporaryDirectory(prefix="coalition-load-") as folder:
        var_dir = Path(folder)
        env = _env(url, var_dir)
        log("load: preparing a PostgreSQL database with the demo")
        _prepare(env)
        processes = _start(env, var_dir)
        try:
            log(f"load: {USERS} users for {SECONDS} s over {len(PORTS)} web processes")
            figures = _locust(var_dir)
        finally:
            _stop(processes)
            _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return figures


def checks(document):
    """Hook of bench.run: the load figures as checks, kept in the document too."""
    figures = run()
    document["load"] = figures
    if "skipped" in figures:
        return [check("load_errors", "Load test (not run)", None, "== 0", "errors",
                      figures["skipped"])]  # fmt: skip
    summary = (
        f"{figures['users']} users, {figures['seconds']} s, {figures['web_processes']} web "
        f"processes and {figures['workers']} workers: {figures['requests']} requests"
    )
    return [
        check("load_errors", f"Load test errors ({summary})", figures["errors"], "== 0",
              "errors", "; ".join(figures["failures"])),
        check("load_throughput", "Load test throughput", figures["per_second"], "> 0", "req/s"),
        check("load_median", "Load test median response", figures["median_ms"], "> 0", "ms"),
        check("load_p95", "Load test 95th percentile response", figures["p95_ms"], "> 0", "ms"),
    ]  # fmt: skip


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
