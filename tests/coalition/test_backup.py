"""Backup and restore (docs/backup.md): a backup of the database and the stored files,
restored into an empty database and an empty folder, serves the same data, the same access
log (still append-only) and the same files."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from coalition.models import AccessLogEntry
from digital.models import Client, Language, TargetGroup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]

# What the restored app holds and serves, read by a fresh Django process on DATABASE_URL.
SNAPSHOT = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client as Browser
from coalition.models import AccessLogEntry
from digital.models import Client
fields = ("username", "action", "object_type", "object_id", "client_id")
log = list(AccessLogEntry.objects.order_by("pk").values_list(*fields))
clients = list(Client.objects.order_by("pk").values_list("pk", "number"))
stored = default_storage.open("backup-test/opmerking.txt").read().decode()
browser = Browser()
browser.force_login(get_user_model().objects.get(username="intake"))
page = browser.get(Client.objects.get(number="BK-77").get_absolute_url())
print(json.dumps({"log": log, "clients": clients, "stored": stored,
                  "status": page.status_code, "shows": "BK-77" in page.content.decode()}))
"""


def _url(name):
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(args, **env):
    result = subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _snapshot(database, media, tmp_path):
    return json.loads(
        _run(
            [sys.executable, "-c", SNAPSHOT],
            DATABASE_URL=_url(database),
            MEDIA_ROOT=str(media),
            DJANGO_SETTINGS_MODULE="coalition.settings",
            COALITION_VAR_DIR=str(tmp_path / "var"),
            DEBUG="true",
            ALLOWED_HOSTS="testserver",
        )
    )


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and pg_restore")
def test_a_restored_backup_serves_the_same_data_log_and_files(
    organisation, intake_staff, client_for, settings, tmp_path
):
    client = Client.objects.create(
        organisation=organisation,
        number="BK-77",
        language=Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})[0],
        target_group=TargetGroup.objects.get_or_create(name="Ouderen")[0],
    )
    assert (
        client_for(intake_staff).get(reverse("digital:client_detail", args=[client.pk])).status_code
        == 200
    )
    assert AccessLogEntry.objects.filter(client_id=client.pk).exists()
    default_storage.save("backup-test/opmerking.txt", ContentFile(b"Bewaard bestand"))
    source = connection.settings_dict["NAME"]
    before = _snapshot(source, settings.MEDIA_ROOT, tmp_path)

    archive = tmp_path / "backup.tar"
    _run(
        ["scripts/backup.sh", str(archive)],
        DATABASE_URL=_url(source),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    restored = f"coalition_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        media = tmp_path / "restored-media"
        _run(
            ["scripts/restore.sh", str(archive)], DATABASE_URL=_url(restored), MEDIA_ROOT=str(media)
        )
        after = _snapshot(restored, media, tmp_path)
        assert after["log"][: len(before["log"])] == before["log"]
        assert after["clients"] == before["clients"]
        assert after["stored"] == "Bewaard bestand"
        assert (after["status"], after["shows"]) == (200, True)
        # The access log is append-only in the restored database too.
        refused = subprocess.run(
            ["psql", _url(restored), "-c", "UPDATE coalition_accesslogentry SET username = 'x'"],
            capture_output=True,
            text=True,
        )
        assert refused.returncode != 0
        # And a second restore into the same, no longer empty, database is refused.
        again = subprocess.run(
            ["scripts/restore.sh", str(archive)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": _url(restored), "MEDIA_ROOT": str(media)},
            capture_output=True,
            text=True,
        )
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
