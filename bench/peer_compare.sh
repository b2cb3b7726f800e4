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
# LOADTEST (default ../shared/bench/loadtest.sh). PAIRED=1: each portal page and the peer's
# counterpart back to back, ROUNDS times (default 3), order swapped each round, with the
# ratio per round and the median (the figures of docs/performance.md).
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
if [ "${PAIRED:-0}" = 1 ]; then
  # Paired mode: the portal's page and the peer's counterpart back to back, the order swapped
  # every round, ROUNDS rounds: a machine whose speed drifts over minutes (another tenant, the
  # CPU's clock) moves both sides of a ratio alike. Both servers stay up; an idle one costs
  # nothing. The last lines give each pair's ratio per round and their median.
  PEERBENCH_DIR=${PEERBENCH_DIR:-$(dirname "$(mktemp -u)")/peerbench}
  PEER_SERVE="$PEER_DIR/serve.sh"
  peer_env() { env -u DJANGO_SETTINGS_MODULE -u PYTHONPATH -u SECRET_KEY -u ALLOWED_HOSTS \
    PEERBENCH_DIR="$PEERBENCH_DIR" "$@"; }
  if peer_env bash "$PEER_SERVE" status | grep -q 'gunicorn: pid'; then
    echo "# the peer's gunicorn was already running: used, and left running"
  else
    peer_env bash "$PEER_SERVE" start-gunicorn
    trap 'cleanup; peer_env bash "$PEER_SERVE" stop-gunicorn' EXIT
  fi
  PEER_PID=$(cat "$PEERBENCH_DIR/run/gunicorn.pid")
  DETAIL=$(cat "$PEERBENCH_DIR/detail-path.txt")
  CACHED=$(port); serve "$CACHED" 600
  UNCACHED=$(port); serve "$UNCACHED" 0
  ARTICLE=${PAGES[3]} SECTION=${PAGES[1]} DEEP=${PAGES[2]}  # home, section p1, p4000, article
  curl -sf -o /dev/null "http://127.0.0.1:$CACHED$ARTICLE"  # into the page cache
  PAIRS=(  # label | portal port | portal path | peer path
    "article uncached / detail|$UNCACHED|$ARTICLE|$DETAIL"
    "section p1 uncached / index p1|$UNCACHED|$SECTION|/tin-tuc/"
    "section p4000 uncached / index p200|$UNCACHED|$DEEP|/tin-tuc/?page=200"
    "article cached / bare view /ceiling/|$CACHED|$ARTICLE|/ceiling/"
  )
  OUT=$(mktemp)
  run_portal() { "$LT" -q -p "$(cat "/tmp/portal-bench-$1.pid")" -p "$PG_PID" "http://127.0.0.1:$1" "$2"; }
  run_peer() { "$LT" -q -p "$PEER_PID" -p "$PG_PID" http://127.0.0.1:8000 "$1"; }
  echo "# paired: $(date -u +%FT%TZ), ROUNDS=${ROUNDS:-3}, DURATION=$DURATION, loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq 1 "${ROUNDS:-3}"); do
    for pair in "${PAIRS[@]}"; do
      IFS='|' read -r label pport ppath peerpath <<<"$pair"
      # a run with errors (loadtest.sh exits 1) is printed and left out of the ratios
      if [ $((round % 2)) = 1 ]; then
        a=$(run_portal "$pport" "$ppath") || a="$ppath FAILED"
        b=$(run_peer "$peerpath") || b="$peerpath FAILED"
      else
        b=$(run_peer "$peerpath") || b="$peerpath FAILED"
        a=$(run_portal "$pport" "$ppath") || a="$ppath FAILED"
      fi
      echo "portal $a"; echo "peer   $b"
      echo "$round|$label|$(awk '{print $3}' <<<"$a")|$(awk '{print $3}' <<<"$b")" >>"$OUT"
    done
  done
  echo "# ratios (portal req/s / peer req/s) per round, and their median"
  $PY - "$OUT" <<'PY'
import statistics, sys
def number(text):
    try:
        return float(text)
    except ValueError:
        return None

rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
for label in dict.fromkeys(r[1] for r in rows):
    pairs = [(number(r[2]), number(r[3])) for r in rows if r[1] == label]
    ratios = [a / b for a, b in pairs if a and b]
    listed = " ".join(f"{x:.2f}" for x in ratios) or "no complete pair"
    median = f"median {statistics.median(ratios):.2f}" if ratios else ""
    print(f"{label:<40} {listed}   {median}")
PY
  rm -f "$OUT"
  echo "# done: $(date -u +%FT%TZ), loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
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
