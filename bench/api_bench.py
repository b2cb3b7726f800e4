"""API benchmark: the article list of the JSON API (`/api/v1/articles`) over 100,000 published
articles in PostgreSQL.

Not a test: run it by hand (README, "Bulletin, radio, share cards, JSON API"). It fills its own
database (created with a UTF-8 locale) with generated articles, then times requests through the
whole Django stack in process (middleware, throttling, cursor pagination, serialisation):

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 portal_api_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_api_bench \\
        .venv/bin/python bench/api_bench.py --articles 100000

The text comes from bench/search_bench.py's generator. A second run reuses the data it finds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from articles.models import Article, Author, Category, Tag, TaggedArticle  # noqa: E402
from bench.search_bench import Writer  # noqa: E402

TAGS = [
    "Chỉ thị 05", "Chuyển đổi số", "Nông thôn mới", "Đại hội Đảng", "An sinh xã hội",
    "Cải cách hành chính", "Làng hoa Sa Đéc", "Thanh niên", "Phụ nữ", "Cựu chiến binh",
]  # fmt: skip


def generate(n: int, batch: int = 5000) -> None:
    have = Article.objects.count()
    if have >= n:
        print(f"Using the {have} articles already in the database.")
        return
    categories = [
        Category.objects.get_or_create(slug=f"chuyen-muc-{i}",
                                       defaults={"name": f"Chuyên mục {i}"})[0]
        for i in range(8)
    ]  # fmt: skip
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    authors = [Author.objects.get_or_create(name=f"Phóng viên {i}")[0] for i in range(20)]
    writer, rng = Writer(), random.Random(16)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()
    began = time.perf_counter()
    for first in range(have, n, batch):
        rows = []
        for i in range(first, min(first + batch, n)):
            title, summary, body = writer.article()
            at = start + timedelta(seconds=span * i / n)
            rows.append(Article(title=title, slug=f"bai-viet-{i}", summary=summary, body=body,
                                category=categories[i % len(categories)], status="published",
                                publish_at=at, first_published_at=at))  # fmt: skip
        made = Article.objects.bulk_create(rows, batch_size=batch)
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=a, tag=t)
            for a in made for t in rng.sample(tags, rng.randint(1, 2))
        )  # fmt: skip
        Article.authors.through.objects.bulk_create(
            Article.authors.through(article=a, author=rng.choice(authors)) for a in made
        )
        done = first + len(rows)
        print(f"\r  generated {done}/{n} ({(done - have) / (time.perf_counter() - began):.0f}/s)",
              end="", flush=True)  # fmt: skip
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def timed(client: Client, url: str, runs: int) -> tuple[list[float], dict]:
    client.get(url)  # warm-up
    times, data = [], {}
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.content[:200])
        data = response.json()
    return times, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    generate(args.articles)
    client = Client()
    since = (datetime(2026, 10, 1, tzinfo=UTC)).isoformat().replace("+", "%2B")
    cases = [
        ("first page (20)", "/api/v1/articles"),
        ("first page (100)", "/api/v1/articles?page_size=100"),
        ("category", "/api/v1/articles?category=chuyen-muc-3"),
        ("tag", "/api/v1/articles?tag=chuyen-doi-so"),
        ("updated_since", f"/api/v1/articles?updated_since={since}"),
    ]
    print(f"{Article.objects.published().count()} published articles, {args.runs} runs each")
    print(f"{'request':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    with override_settings(API_THROTTLE_RATE="1000000/min", ALLOWED_HOSTS=["testserver"]):
        for label, url in cases:
            times, _ = timed(client, url, args.runs)
            report(label, times)
        # Deep in the list: follow the cursor 200 pages (4,000 articles) down, then time it.
        url = "/api/v1/articles"
        for _ in range(200):
            url = client.get(url).json()["next"].replace("http://testserver", "")
        times, data = timed(client, url, args.runs)
        assert len(data["results"]) == 20
        report("page 201 (by cursor)", times)


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{label:<28}{statistics.median(times):>9.1f}{p95:>9.1f}{times[-1]:>9.1f}")


if __name__ == "__main__":
    main()
