#!/usr/bin/env bash
# `make run`: the web server and the background worker together. Ctrl-C (or either process
# ending) stops both.
set -uo pipefail
PY=${PY:-.venv/bin/python}
ADDR=${ADDR:-127.0.0.1:8000}

"$PY" manage.py db_worker --no-reload --queue-name default &
worker=$!
"$PY" manage.py runserver --noreload "$ADDR" &
server=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$server" "$worker" 2>/dev/null
  wait "$server" "$worker" 2>/dev/null
  echo "Server dan worker dihentikan."
}
trap stop INT TERM EXIT
echo "Server: http://$ADDR  (worker pid $worker; Ctrl-C menghentikan keduanya)"
wait -n "$server" "$worker"
