"""The benchmark's databases: SQLite files in var/bench/, or PostgreSQL databases beside the
one DATABASE_URL names when it points at PostgreSQL.

Migrating a new database takes a minute, so the migrated schema is kept as a template,
named by a hash of every migration and of pyproject.toml: it is made again only when one of
them changes. Each run copies the template, loads the demo (scale 1), and copies that
database again for scale N, so both share every row of the demo, ids included."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def source_url():
    return os.environ.get("DATABASE_URL", "")


def is_postgres():
    return source_url().startswith(("postgres://", "postgresql://", "pgsql://"))


def schema_hash():
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "pyproject.toml"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def bench_env(url, **extra):
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url, **extra})
    return env


def migrate(url, log=print):
    log("  migrating a new template database (once per set of migrations)")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"],
        env=bench_env(url),
        check=True,
        cwd=ROOT,
    )


# --- SQLite ---


def _sqlite_url(path):
    return f"sqlite:///{path}"


def _sqlite_copy(source, target):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


# --- PostgreSQL ---


def _pg_name(url):
    return urlsplit(url).path.lstrip("/")


def _pg_url(name):
    parts = urlsplit(source_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _pg_admin(sql_statements):
    import psycopg2

    parts = urlsplit(source_url())
    connection = psycopg2.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in sql_statements:
                cursor.execute(statement)
            cursor.execute("SELECT datname FROM pg_database")
            return {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()


def _pg_copy(source_name, target_name):
    _pg_admin(
        [
            f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)',
            f'CREATE DATABASE "{target_name}" TEMPLATE "{source_name}"',
        ]
    )


# --- What the runner uses ---


def template(log=print):
    """The URL of the migrated template (made when missing)."""
    key = schema_hash()
    if is_postgres():
        base = _pg_name(source_url())
        name = f"{base}_bench_tpl_{key}"
        existing = _pg_admin([])
        if name not in existing:
            for old in existing:
                if old.startswith(f"{base}_bench_tpl_"):
                    _pg_admin([f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)'])
            building = f"{name}_new"
            _pg_admin(
                [
                    f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)',
                    f'CREATE DATABASE "{building}"',
                ]
            )
            migrate(_pg_url(building), log)
            _pg_admin([f'ALTER DATABASE "{building}" RENAME TO "{name}"'])
        return _pg_url(name)
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"template-{key}.sqlite3"
    if not path.exists():
        for old in VAR.glob("template-*.sqlite3*"):
            old.unlink()
        building = VAR / f"template-{key}.building.sqlite3"
        building.unlink(missing_ok=True)
        migrate(_sqlite_url(building), log)
        _sqlite_copy(building, path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
    return _sqlite_url(path)


def copy(source_url_, name):
    """A fresh copy of the database at `source_url_`, called `name`; returns its URL."""
    if is_postgres():
        target = f"{_pg_name(source_url())}_bench_{name}"
        _pg_copy(_pg_name(source_url_), target)
        return _pg_url(target)
    target = VAR / f"{name}.sqlite3"
    _sqlite_copy(source_url_.removeprefix("sqlite:///"), target)
    return _sqlite_url(target)


def media_root(name):
    path = VAR / f"media-{name}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return str(path)
