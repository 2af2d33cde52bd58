#!/usr/bin/env bash
# Serve the app with a Celery worker and beat beside it; Ctrl-C stops all of them.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
BIN=.venv/bin
# Links in e-mail (sent by the worker) point at this server, unless SITE_URL is set here or
# in .env.
if [ -z "${SITE_URL:-}" ] && ! grep -qs '^SITE_URL=' .env; then
  case "$HOST" in 0.0.0.0 | "::") SITE_URL="http://127.0.0.1:$PORT" ;; *) SITE_URL="http://$HOST:$PORT" ;; esac
  export SITE_URL
fi
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT

# -B runs beat inside the worker: one process for background jobs and the schedule.
"$BIN/celery" -A coalition worker -B --loglevel=INFO --concurrency=2 \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
echo "Celery worker and beat started (log: var/celery.log)."
echo
echo "Coalition runs on http://$HOST:$PORT/  (demo users: coordinator, steering, workgroup,"
echo "teamlead, employee, intake, careworker, relations; password: coalitie-demo)"
echo
"$BIN/python" manage.py runserver "$HOST:$PORT" --noreload &
wait -n
