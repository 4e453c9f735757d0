#!/usr/bin/env bash
# `make run`: the web server and the background worker together; Ctrl-C stops both.
set -euo pipefail
PY=${PY:-.venv/bin/python}
ADDR=${ADDR:-127.0.0.1:8000}

"$PY" manage.py db_worker --no-reload --queue-name default &
worker=$!
stop() {
  trap - INT TERM EXIT
  kill "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop INT TERM EXIT
echo "Server: http://$ADDR  (worker pid $worker; Ctrl-C menghentikan keduanya)"
"$PY" manage.py runserver --noreload "$ADDR"
