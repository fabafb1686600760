#!/usr/bin/env bash
# nginx (deploy/nginx.conf) in front of N gunicorn instances of app:server, all in the foreground;
# Ctrl-C or SIGTERM stops them all. Usage: deploy/serve.sh [PORT] [INSTANCES]
#   PORT       where nginx listens (default 8050, or $PORT); the instances take PORT+1 … PORT+N
#   INSTANCES  gunicorn instances, one sync worker each (default 2, or $ZOF_INSTANCES)
#   $ZOF_APP_PORTS  the instances' ports instead (space-separated), e.g. "8061 8062"
# Why one sync worker per instance, two instances, on 2 cores: a worker is CPU-bound (pandas, plotly
# figures), so more workers than cores only queue; separate instances let nginx route around one
# that is busy or restarting (least_conn, max_fails=1), and each stays small (~490 MB resident).
# gthread workers measured slower here (the GIL: the work is CPU, not waiting).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${1:-${PORT:-8050}}"
INSTANCES="${2:-${ZOF_INSTANCES:-2}}"
RUN="${ZOF_RUN_DIR:-$ROOT/.cache/deploy}"
PY="$ROOT/.venv/bin"
NGINX="${NGINX:-/usr/sbin/nginx}"
APP_PORTS=(${ZOF_APP_PORTS:-$(seq $((PORT + 1)) $((PORT + INSTANCES)))})
mkdir -p "$RUN/tmp" "$RUN/cache"
rm -rf "$RUN/cache"/*   # a new store version makes new URLs; old entries are only dead weight

{
  echo "upstream zof_app {"
  echo "    least_conn;"
  for p in "${APP_PORTS[@]}"; do
    echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"
  done
  echo "    keepalive 32;"
  echo "}"
} > "$RUN/upstream.conf"
echo "listen 127.0.0.1:$PORT;" > "$RUN/listen.conf"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

cd "$ROOT"
for p in "${APP_PORTS[@]}"; do
  "$PY/gunicorn" --workers 1 --timeout 30 --graceful-timeout 10 --keep-alive 30 \
    --bind "127.0.0.1:$p" --error-logfile - app:server > "$RUN/app-$p.log" 2>&1 &
  pids+=("$!")
done
cp "$ROOT/deploy/nginx.conf" "$RUN/nginx.conf"   # its includes are read beside it
"$NGINX" -p "$RUN/" -c "$RUN/nginx.conf" -g "daemon off;" &
pids+=("$!")
echo "nginx on http://127.0.0.1:$PORT in front of gunicorn on ${APP_PORTS[*]} (logs in $RUN)" >&2
wait -n
