#!/usr/bin/env bash
# Restore a Coalition backup (scripts/backup.sh) into an EMPTY database and an empty media
# folder. See docs/backup.md.
#
#   DATABASE_URL=postgres://.../coalition_new MEDIA_ROOT=/srv/media scripts/restore.sh backup.tar
set -euo pipefail
archive=${1:?usage: scripts/restore.sh <archive.tar>}
: "${DATABASE_URL:?set DATABASE_URL to an empty database}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the folder for the stored files}"
tables=$(psql "$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "The database is not empty ($tables tables): restore into a new, empty database." >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$archive"
# Tables, then rows, then indexes, constraints and triggers (the access log's append-only
# trigger among them): rows go in before the trigger exists, as pg_restore orders them.
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$work/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$work/media.tar.gz"
echo "Restored the backup of $(cat "$work/made-at") into the database and $MEDIA_ROOT"
