"""How the cost of a page grows with the number of articles: the same pages, uncached, timed
in one process (Django's test client through the whole middleware stack, DEBUG off, the page
cache off), on a database filled by bench/search_bench.py. Not a test: run it by hand on each
size (README, "Benchmarks"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_10k \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/growth.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402
import django.test.utils  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.RATE_LIMITS = []  # one client asks for search 36 times a query here
# Templates report their context to the test client (to read the search results' order).
django.test.utils.setup_test_environment(debug=False)

from django.test import Client  # noqa: E402

import bench.load as load  # noqa: E402
from articles.models import Article  # noqa: E402

RUNS = int(os.environ.get("GROWTH_RUNS", "30"))


def main() -> None:
    total = Article.objects.published().count()
    targets = load.pages()
    oldest = Article.objects.published().order_by("publish_at", "pk").first()
    words = oldest.title.split()
    targets["search: oldest title, no quotes"] = "/tim-kiem/?q=" + "+".join(words)
    targets["search: 4 words of it"] = "/tim-kiem/?q=" + "+".join(words[1:5])
    targets['search: "phát triển kinh tế"'] = (
        "/tim-kiem/?q=%22ph%C3%A1t+tri%E1%BB%83n+kinh+t%E1%BA%BF%22"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{total} published articles; median and p90 of {RUNS} requests after 3 warm-up ones;"
          f" load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    # Wall-clock p50/p90 include the database's time and whatever else the machine runs;
    # "cpu ms" is this process's CPU time alone (median), steadier on a shared machine.
    print(f"{'page':<36} {'p50 ms':>7} {'p90 ms':>7} {'cpu ms':>7}  note")
    for name, path in targets.items():
        for _ in range(3):
            response = client.get(path)
        times, cpu = [], []
        for _ in range(RUNS):
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        times.sort()
        note = ""
        if name.startswith("search: oldest") or name.startswith("search: 4"):
            slugs = [r.url.rstrip("/").rsplit("/", 1)[-1] for r in response.context["results"]]
            where = slugs.index(oldest.slug) + 1 if oldest.slug in slugs else "not on page 1"
            note = f"oldest article at position {where}"
            if name.startswith("search: 4"):
                from portal import search

                run = search.parse_query(" ".join(words[1:5]))
                holders = search.in_title(Article.objects.published(), run, phrase=True).count()
                note += f"; {holders} titles hold these 4 words in a row"
        print(f"{name[:36]:<36} {statistics.median(times):>7.1f} "
              f"{times[int(RUNS * 0.9)]:>7.1f} {statistics.median(cpu):>7.1f}  {note}")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
