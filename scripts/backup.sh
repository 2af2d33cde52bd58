#!/usr/bin/env bash
# Back up Coalition: the PostgreSQL database (pg_dump, custom format) and the stored files
# (MEDIA_ROOT), into one archive. See docs/backup.md.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/var/lib/coalition/media scripts/backup.sh backup.tar
set -euo pipefail
out=${1:?usage: scripts/backup.sh <archive.tar>}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the folder of stored files}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One consistent snapshot of the database, without owners or grants: the restore applies
# the grants of the place it restores to (docs/access-log.md).
pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$work/media.tar.gz" .
date -u +%Y-%m-%dT%H:%M:%SZ > "$work/made-at"
tar -C "$work" -cf "$out" database.dump media.tar.gz made-at
echo "Backup written to $out"
