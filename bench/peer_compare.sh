#!/usr/bin/env bash
# peer_compare.sh -- the portal's pages under the same wrk load as the Wagtail peer
# (../shared/bench/README.md), in one sitting: the portal served like the peer (gunicorn
# --workers 2 --worker-class sync --threads 1, no access log, PostgreSQL, DEBUG off), once with
# the page cache on and once with it off, then the peer's own matrix (bench_peer.sh).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench19 \
#   REDIS_URL=redis://127.0.0.1:6379/8 bash bench/peer_compare.sh
#
# DATABASE_URL names a database filled by bench/search_bench.py (100,000 articles). Env:
# DURATION (default 10s), RETRY (noisy runs retried, default 2), PEER=0 skips the peer,
# PORTAL=0 the portal, PASSES (the peer's passes, default 1),
# LOADTEST (default ../shared/bench/loadtest.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LT=${LOADTEST:-/work/shared/bench/loadtest.sh}
PEER_DIR=$(dirname "$LT")/peer_wagtail
export DURATION=${DURATION:-10s} RETRY=${RETRY:-2} QUIET_WAIT=${QUIET_WAIT:-20}
export DJANGO_SETTINGS_MODULE=bench.settings SECRET_KEY=${SECRET_KEY:-bench-only-kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk}
export ALLOWED_HOSTS=127.0.0.1 PYTHONPATH=$ROOT GUNICORN_ACCESS_LOG= GUNICORN_LOG_LEVEL=warning
# The peer's gunicorn recycles no worker; the portal's default (portal/gunicorn.conf.py) recycles
# each after about 5,000 requests, every two seconds under this load: off here, like the peer.
export GUNICORN_MAX_REQUESTS=${GUNICORN_MAX_REQUESTS:-0}
: "${REDIS_URL:?set REDIS_URL (a Redis database of your own)}"
cd "$ROOT"
PY=.venv/bin/python
# The pages: the biggest section (page 1 and the page at offset ~48,000) and an article in the
# middle of the archive, found the way bench/load.py finds them.
mapfile -t PAGES < <($PY - <<'PY'
import bench.load as load
for name, path in load.pages().items():
    if name in ("home",) or name.startswith(("category", "article")):
        print(path)
PY
)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
serve() {  # port cache_seconds
  PAGE_CACHE_SECONDS=$2 GUNICORN_WORKERS=2 GUNICORN_THREADS=1 $PY -m gunicorn \
    -c portal/gunicorn.conf.py --bind "127.0.0.1:$1" --pid "/tmp/portal-bench-$1.pid" portal.wsgi &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "gunicorn on $1 did not start" >&2; return 1
}
port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PG_PID=$(head -n1 /var/lib/postgresql/15/main/postmaster.pid)
if [ "${PORTAL:-1}" = 1 ]; then
CACHED=$(port); serve "$CACHED" 600
UNCACHED=$(port); serve "$UNCACHED" 0
for p in "${PAGES[@]}"; do curl -sf -o /dev/null "http://127.0.0.1:$CACHED$p"; done  # fill the cache
echo "# portal, page cache on (port $CACHED): /healthz is the whole stack, a bare view"
"$LT" -p "$(cat /tmp/portal-bench-$CACHED.pid)" -p "$PG_PID" "http://127.0.0.1:$CACHED" /healthz "${PAGES[@]}"
echo "# portal, page cache off (port $UNCACHED)"
"$LT" -q -p "$(cat /tmp/portal-bench-$UNCACHED.pid)" -p "$PG_PID" "http://127.0.0.1:$UNCACHED" "${PAGES[@]}"
cleanup; pids=()
fi
if [ "${PEER:-1}" = 1 ]; then
  echo "# peer (Wagtail), same load"
  # the peer has its own settings and Python path
  env -u DJANGO_SETTINGS_MODULE -u PYTHONPATH -u SECRET_KEY -u ALLOWED_HOSTS \
    PASSES="${PASSES:-1}" bash "$PEER_DIR/bench_peer.sh"
fi
