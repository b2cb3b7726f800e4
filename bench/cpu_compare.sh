#!/usr/bin/env bash
# cpu_compare.sh -- CPU time per request, in one process each, of the portal's pages (page cache
# on and off) and the Wagtail peer's (../shared/bench/): the comparison that holds while other
# jobs share the machine (bench/cpu_per_request.py). PostgreSQL's and Redis's CPU are not in it:
# the wrk runs of bench/peer_compare.sh count them.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
#   REDIS_URL=redis://127.0.0.1:6379/8 bash bench/cpu_compare.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEERBENCH_DIR:-$(dirname "$(mktemp -u)")/peerbench}
: "${REDIS_URL:?set REDIS_URL (a Redis database of your own)}"
cd "$ROOT"
export SECRET_KEY=${SECRET_KEY:-bench-only-kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk} ALLOWED_HOSTS=127.0.0.1
mapfile -t PAGES < <(.venv/bin/python - <<'PY' 2>/dev/null
import os, sys
sys.path.insert(0, ".")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
import django
django.setup()
import bench.load as load
for name, path in load.pages().items():
    if name.startswith(("category", "article")):
        print(path)
PY
)
N=${REQUESTS:-100}
echo "# $(date -u '+%Y-%m-%d %H:%M:%S') UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# portal, page cache off"
PAGE_CACHE_SECONDS=0 .venv/bin/python bench/cpu_per_request.py --requests "$N" "${PAGES[@]}" 2>&1 | grep -v "AXES\|Warning\|mw_instance"
echo "# portal, page cache on"
.venv/bin/python bench/cpu_per_request.py --requests $((N * 5)) "${PAGES[@]}" 2>&1 | grep -v "AXES\|Warning\|mw_instance"
if [ -x "$PEER/venv/bin/python" ]; then
  DETAIL=$(cat "$PEER/detail-path.txt")
  echo "# peer (Wagtail): index page 1, page 200, a detail page; /ceiling/, its bare Django view"
  (cd "$PEER/site" && "$PEER/venv/bin/python" "$ROOT/bench/cpu_per_request.py" --project . \
     --settings peersite.settings --host localhost --requests "$N" /tin-tuc/ '/tin-tuc/?page=200' "$DETAIL" 2>&1 | tail -n 4)
  (cd "$PEER/site" && "$PEER/venv/bin/python" "$ROOT/bench/cpu_per_request.py" --project . \
     --settings peersite.settings --host localhost --requests $((N * 5)) /ceiling/ 2>&1 | tail -n 1)
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
