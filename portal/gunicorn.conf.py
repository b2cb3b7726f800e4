"""gunicorn settings for the portal: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), so one file serves a small
VPS and a larger host alike.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the portal's views are short database reads; 2 x cores + 1 is the
# usual starting point.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so that a slow leak can never take a host down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Load the app before forking: less memory per worker, errors at start-up, not per request.
preload_app = True
# GUNICORN_ACCESS_LOG="" writes no access log at all (not even to /dev/null: each line costs
# its formatting).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Several workers must share one cache: the page cache's content generation, the rate limits
# and the view-count markers live there. A per-process cache would let each worker serve its
# own stale copy of a page taken down through another one, so the server refuses to start.
if workers > 1 and not os.environ.get("REDIS_URL"):
    raise SystemExit(
        f"gunicorn: {workers} tiến trình cần một bộ nhớ đệm dùng chung: hãy đặt REDIS_URL "
        "(ví dụ redis://127.0.0.1:6379/0), hoặc chạy một tiến trình (GUNICORN_WORKERS=1). "
        f"({workers} workers need a shared cache: set REDIS_URL, or run GUNICORN_WORKERS=1.)"
    )
# nginx in front sets X-Forwarded-Proto; trust it only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def worker_exit(server, worker):
    """Write the views counted in memory before a worker goes away (restart, max_requests)."""
    from articles.viewcounts import counter

    counter.flush()
