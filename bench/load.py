"""Load benchmark: gunicorn on 127.0.0.1, wrk from Debian, the portal's public pages.

Not a test: run by hand (README, "Benchmarks"). It reads the articles already in the database
named by DATABASE_URL (bench/search_bench.py fills one with 100,000), adds showcase entries up
to --entries, starts two gunicorn servers (page cache on, and off) and measures each page with
wrk, plus /healthz, a trivial Django view under the same gunicorn, as the framework's ceiling.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/load.py --duration 10
    # the soak run of the security issue: 60 s, 64 connections, every kind of public page
    DATABASE_URL=... .venv/bin/python bench/load.py --soak 60 --connections 64
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from models_campaign.models import Field, Locality, ShowcaseEntry  # noqa: E402
from portal.models import Organization  # noqa: E402

PER_PAGE = 12


def ensure_entries(target: int) -> None:
    """Published showcase entries up to `target`, named and described by this script."""
    from django.utils import timezone

    have = ShowcaseEntry.objects.count()
    if have >= target:
        return
    fields = [
        Field.objects.get_or_create(name=n)[0]
        for n in ("Giáo dục", "Y tế", "Môi trường", "Kinh tế", "Chuyển đổi số", "An sinh xã hội")
    ]
    places = [Locality.objects.get_or_create(name=f"Phường {i}")[0] for i in range(1, 9)]
    org, _ = Organization.objects.get_or_create(name="Ban Tuyên giáo Thành ủy (thử tải)")
    now = timezone.now()
    kinds = [
        "mô hình tủ sách",
        "nhóm thiện nguyện",
        "tổ công nghệ số",
        "câu lạc bộ",
        "điểm thu gom",
    ]
    entries = []
    for i in range(have, target):
        entries.append(ShowcaseEntry(
            name=f"Mô hình thử tải số {i}: {kinds[i % len(kinds)]}",
            slug=f"mo-hinh-thu-tai-{i}",
            organization=org,
            field=fields[i % len(fields)],
            locality=places[i % len(places)],
            year_started=2010 + i % 15,
            summary="Mô hình do máy sinh ra để đo tải trang danh sách mô hình.",
            publication="published",
            publish_at=now,
        ))  # fmt: skip
    ShowcaseEntry.objects.bulk_create(entries, batch_size=500)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(*, cached: bool, workers: int) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {**os.environ, "PAGE_CACHE_SECONDS": "600" if cached else "0",
           "GUNICORN_WORKERS": str(workers), "GUNICORN_ACCESS_LOG": "/dev/null",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "portal.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            return url, process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, *, duration: int, connections: int, paths_file: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    env = dict(os.environ)
    if paths_file:
        command += ["-s", str(ROOT / "bench/rotate.lua")]
        env["WRK_PATHS"] = paths_file
    out = subprocess.run([*command, url], capture_output=True, text=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct: str) -> float:
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    statuses = re.search(r"server errors: (\d+), not found: (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "5xx": int(statuses.group(1)) if statuses else None,
        "404": int(statuses.group(2)) if statuses else None,
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1) if errors else "",
    }


DEEP_PAGE = 4000


def ensure_deep_category() -> Category:
    """A top category whose tree holds enough articles for page 4000 (as a big section of a
    portal that has published for decades would): four categories go under one parent."""
    need = DEEP_PAGE * PER_PAGE
    for top in Category.objects.filter(parent__isnull=True):
        ids = top.descendant_ids()
        if Article.objects.published().filter(category_id__in=ids).count() >= need:
            return top
    top, _ = Category.objects.get_or_create(slug="tin-tong-hop", defaults={"name": "Tin tổng hợp"})
    biggest = (
        Category.objects.filter(parent__isnull=True)
        .exclude(pk=top.pk)
        .annotate(n=Count("articles"))
        .order_by("-n")[:4]
    )
    Category.objects.filter(pk__in=[c.pk for c in biggest]).update(parent=top)
    return top


def pages() -> dict[str, str]:
    top = ensure_deep_category()
    deep_count = Article.objects.published().filter(category_id__in=top.descendant_ids()).count()
    deep = min(DEEP_PAGE, max(1, deep_count // PER_PAGE))
    biggest = {"slug": top.slug}
    published = Article.objects.published().order_by("-publish_at")
    article = published[min(500, published.count() - 1)]
    return {
        "home": "/",
        "category page 1": f"/chuyen-muc/{biggest['slug']}/",
        f"category page {deep}": f"/chuyen-muc/{biggest['slug']}/?page={deep}",
        "article detail": article.get_absolute_url(),
        "search": "/tim-kiem/?q=lam+theo+bac",
        "showcase list": "/mo-hinh/",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--entries", type=int, default=2000, help="showcase entries to have")
    parser.add_argument(
        "--soak", type=int, default=0, help="instead: rotate over public pages this many seconds"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    ensure_entries(args.entries)
    print(f"articles: {Article.objects.count()}, published: {Article.objects.published().count()}"
          f", showcase entries: {ShowcaseEntry.objects.count()}, workers: {args.workers}, "
          f"connections: {args.connections}")  # fmt: skip

    if args.soak:
        url, server = start_server(cached=True, workers=args.workers)
        try:
            paths = list(pages().values())
            paths += [a.get_absolute_url() for a in Article.objects.published()[:300]]
            paths += [f"/chuyen-muc/{c.slug}/?page={p}" for c in Category.objects.all()
                      for p in (1, 2, 50)]  # fmt: skip
            paths += ["/rss/", "/sitemap.xml", "/luu-tru/", "/mo-hinh/thong-ke/",
                      "/tim-kiem/?q=th%C3%A0nh+%E1%BB%A7y", "/khong-co-trang-nay/"]  # fmt: skip
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
                handle.write("\n".join(paths))
            result = wrk(url, duration=args.soak, connections=args.connections,
                         paths_file=handle.name)  # fmt: skip
            print(f"soak {args.soak}s over {len(paths)} paths: {result['requests']} requests, "
                  f"{result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
                  f"p99 {result['p99']:.1f} ms, 5xx: {result['5xx']}, "
                  f"404: {result['404']} (one path is a deliberate 404), "
                  f"socket errors: {result['errors'] or 'none'}")  # fmt: skip
        finally:
            server.terminate()
        return

    rows = []
    for cached in (True, False):
        url, server = start_server(cached=cached, workers=args.workers)
        try:
            targets = {"trivial view (ceiling)": "/healthz", **pages()}
            for name, path in targets.items():
                if cached:
                    urllib.request.urlopen(url + path, timeout=30).read()  # warm the cache
                result = wrk(url + path, duration=args.duration, connections=args.connections)
                rows.append(("cached" if cached else "uncached", name, result))
        finally:
            server.terminate()
            server.wait()
    ceiling = next(r["rps"] for mode, name, r in rows if name.startswith("trivial"))
    print(f"{'mode':<9} {'page':<24} {'req/s':>8} {'% ceiling':>9} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'non-2xx':>8}")  # fmt: skip
    for mode, name, r in rows:
        print(f"{mode:<9} {name:<24} {r['rps']:>8.0f} {100 * r['rps'] / ceiling:>8.0f}% "
              f"{r['p50']:>8.1f} {r['p99']:>8.1f} {r['non2xx']:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
