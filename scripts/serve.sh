#!/usr/bin/env bash
# `make run`: the web server, the background worker and the scheduler together. Ctrl-C (or any
# process ending) stops all three.
set -uo pipefail
PY=${PY:-.venv/bin/python}
ADDR=${ADDR:-127.0.0.1:8000}

"$PY" manage.py db_worker --no-reload --queue-name default &
worker=$!
# Periodic jobs (monitoring figures every 15 minutes, the daily notification digest).
"$PY" manage.py penjadwal &
scheduler=$!
"$PY" manage.py runserver --noreload "$ADDR" &
server=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$server" "$worker" "$scheduler" 2>/dev/null
  wait "$server" "$worker" "$scheduler" 2>/dev/null
  echo "Server dan worker dihentikan."
}
trap stop INT TERM EXIT
echo "Server: http://$ADDR  (worker pid $worker, penjadwal pid $scheduler; Ctrl-C menghentikan semuanya)"
wait -n "$server" "$worker" "$scheduler"
