"""CPU time per request through a Django project's WSGI handler, in one process: a measure
that holds on a busy machine (wall-clock req/s does not while other jobs share the cores).

Each path is asked REQUESTS times after WARMUP requests, as gunicorn would ask it (a WSGI
environ, the whole middleware stack, the response iterated and closed); the figure is the
process's CPU time (user + system) per request, median of ROUNDS rounds. It does not count
the CPU of PostgreSQL or Redis (their share is in the wrk runs of bench/peer_compare.sh).

    # the portal (bench.settings: production, DEBUG off), the page cache on
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench
    REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/cpu_per_request.py /healthz / /chuyen-muc/tin-tong-hop/
    # any other Django project, e.g. the Wagtail peer, with its own Python
    $PEER/venv/bin/python bench/cpu_per_request.py --project $PEER/site \\
        --settings peersite.settings /ceiling/ /tin-tuc/

The script imports nothing of the portal, so it runs under the peer's Python as well.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path


def environ(path: str, host: str, extra: dict) -> dict:
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": "wrk",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--settings", default="bench.settings")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--header", action="append", default=[], help="NAME=VALUE (WSGI key)")
    args = parser.parse_args()
    sys.path.insert(0, args.project)
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", args.host)
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    extra = dict(h.split("=", 1) for h in args.header)
    statuses: dict[str, str] = {}

    def start_response(status, headers, exc_info=None):
        statuses["last"] = status
        statuses["headers"] = headers

    def ask(path: str) -> int:
        body = app(environ(path, args.host, extra), start_response)
        size = sum(len(chunk) for chunk in body)
        if hasattr(body, "close"):
            body.close()
        return size

    print(f"{'path':<48} {'µs CPU/req':>10} {'min':>7} {'bytes':>7}  status, X-Cache")
    for path in args.paths:
        for _ in range(args.warmup):
            size = ask(path)
        rounds = []
        for _ in range(args.rounds):
            began = time.process_time()
            for _ in range(args.requests):
                ask(path)
            rounds.append((time.process_time() - began) / args.requests * 1e6)
        x_cache = dict(statuses["headers"]).get("X-Cache", "-")
        print(f"{path[:48]:<48} {statistics.median(rounds):>10.0f} {min(rounds):>7.0f} "
              f"{size:>7}  {statuses['last']}, {x_cache}")  # fmt: skip


if __name__ == "__main__":
    main()
