"""Fail when a Dutch catalogue has an untranslated or fuzzy entry, or its .mo is stale."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
problems = []
for po in sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")):
    if ".venv" in po.parts:
        continue
    text = po.read_text(encoding="utf-8")
    if "#, fuzzy" in text:
        problems.append(f"{po}: fuzzy entries")
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    if "untranslated" in result.stderr or "fuzzy" in result.stderr:
        problems.append(f"{po}: {result.stderr.strip()}")
    with tempfile.NamedTemporaryFile(suffix=".mo") as fresh:
        subprocess.run(["msgfmt", "-o", fresh.name, str(po)], check=True)
        if Path(fresh.name).read_bytes() != po.with_suffix(".mo").read_bytes():
            problems.append(f"{po.with_suffix('.mo')}: not compiled from the current .po")
print("\n".join(problems) or "All Dutch catalogues complete and compiled.")
sys.exit(1 if problems else 0)
