"""Files the app keeps go through Django's storage API only, so that an S3-compatible store
works by setting alone and every web and worker process finds the same files."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("coalition", "regiegroep", "dilemmas", "digital", "relatiebeheer")


def test_no_code_reads_or_writes_the_media_folder_itself():
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "settings.py"
        and "MEDIA_ROOT" in path.read_text(encoding="utf-8").replace("MEDIA_ROOT/", "")
    ]
    assert offenders == []


def test_an_s3_bucket_is_a_setting_away(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.file_overwrite)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "COALITION_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "coalition.settings",
            "DEBUG": "true",
            "S3_BUCKET": "coalitie-bestanden",
            "S3_ENDPOINT_URL": "https://s3.example.nl",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "coalitie-bestanden",
        "https://s3.example.nl",
        "private",
        "False",
    ]
