"""A set-based generator for the big benchmark databases (1,000,000 articles).

`bench/search_bench.py` makes each article in Python and saves it through the ORM: about
2 ms of CPU per article for its search document alone, 10 minutes per 100,000 on this machine.
This script makes the same shape of data far faster:

- every article gets a title of its own, drawn by the same `Writer` (same word lists, same
  Zipf-like draw, same share of place names), and the title's part of the search document is
  made by the app's own `portal.search.build_document`;
- the sapo and body come from a pool of `--pool` texts written by the same `Writer`, whose
  search document (weights B and C) is also made by `build_document`, once per pool text;
- PostgreSQL joins the two in one `INSERT ... SELECT` per batch: `title || sapo_and_body`
  (tsvector concatenation shifts the right side's positions by the title's last position,
  and the pool's positions start at 2, so the result is exactly what `build_document` makes
  for the whole article: checked on a sample at the end);
- dates, slugs and categories follow `search_bench.generate` (article i of n is published at
  `start + span * i / n`, in category i mod 8, slug `bai-viet-i`).

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 portal_bench_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_1m \\
        .venv/bin/python bench/fast_generate.py --articles 1000000

A second run tops the database up to `--articles` (existing articles are kept).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from bench.search_bench import CATEGORIES, Writer  # noqa: E402
from portal.search import build_document, html_to_text  # noqa: E402

START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN = (datetime(2026, 11, 1, tzinfo=UTC) - START).total_seconds()
_POSITION = re.compile(r"(\d+)([ABC])")


def shifted(vector: str, by: int) -> str:
    """A tsvector literal with every position moved by `by` (lexemes are lower-case letters
    and digits, weights upper-case: `'và':3B,7C`)."""
    return _POSITION.sub(lambda m: f"{int(m[1]) + by}{m[2]}", vector)


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
    buffer.seek(0)
    cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--pool", type=int, default=20_000, help="distinct sapo+body texts")
    parser.add_argument("--batch", type=int, default=50_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database made for this benchmark.")
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    n = args.articles
    if have >= n:
        print(f"Using the {have} articles already in the database.")
        return
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name})[0].pk
        for slug, name in CATEGORIES
    ]
    # The columns every generated row shares, from the model's own defaults.
    template = Article(status=Article.Status.PUBLISHED, category_id=categories[0])
    now = timezone.now()
    fixed = {}
    for field in Article._meta.concrete_fields:
        if field.primary_key or field.column in {
            "title", "slug", "summary", "body", "publish_at", "first_published_at",
            "category_id", "search_text", "search_vector", "created_at", "updated_at",
        }:  # fmt: skip
            continue
        fixed[field.column] = field.get_db_prep_save(getattr(template, field.attname), connection)

    pool_size = min(args.pool, n - have)
    print(f"writing a pool of {pool_size} sapo+body texts ...", flush=True)
    pool_writer = Writer(seed=7)
    pool = []
    for k in range(pool_size):
        _title, summary, body = pool_writer.article()
        _text, vector = build_document([("B", summary), ("C", html_to_text(body))])
        # build_document starts the sapo at position 1; after a title it starts at the
        # title's last position + 2, which the concatenation adds minus one: shift by one.
        pool.append((k, summary, body, shifted(vector, 1)))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE gen_pool (k int PRIMARY KEY, summary text, body text, doc text)"
        )
        copy_rows(cursor, "gen_pool", ["k", "summary", "body", "doc"], pool)
    print(f"  pool ready after {time.perf_counter() - began:.0f} s", flush=True)

    title_writer = Writer(seed=2026 + have)
    constant_columns = list(fixed)
    placeholders = ", ".join(["%s"] * len(constant_columns))
    insert = f"""
        INSERT INTO articles_article (title, slug, summary, body, category_id, publish_at,
            first_published_at, created_at, updated_at, search_text, search_vector,
            {", ".join(constant_columns)})
        SELECT t.title, 'bai-viet-' || t.i, p.summary, p.body, t.category_id, t.at, t.at,
            %s, %s, '', t.doc::tsvector || p.doc::tsvector, {placeholders}
        FROM gen_titles t JOIN gen_pool p ON p.k = t.i %% {pool_size}
    """
    for first in range(have, n, args.batch):
        rows = []
        for i in range(first, min(first + args.batch, n)):
            title = title_writer.sentence(7, 14).rstrip(".")
            if title_writer.rng.random() < 0.3:
                title = f"{title_writer.rng.choice(title_writer_places())}: {title}"
            _text, doc = build_document([("A", title)])
            at = START + timedelta(seconds=SPAN * i / n)
            rows.append((i, title, doc, categories[i % len(categories)], at.isoformat()))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_titles (i int, title text, doc text, category_id bigint,"
                " at timestamptz) ON COMMIT DROP"
            )
            copy_rows(cursor, "gen_titles", ["i", "title", "doc", "category_id", "at"], rows)
            cursor.execute(insert, [now, now, *fixed.values()])
        done = first + len(rows)
        rate = (done - have) / (time.perf_counter() - began)
        print(f"  generated {done}/{n} ({rate:.0f}/s overall)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
    check(sample=30)
    print(f"data ready in {time.perf_counter() - began:.0f} s")


def title_writer_places() -> list[str]:
    from bench.search_bench import PLACES

    return PLACES


def check(sample: int) -> None:
    """The stored search document of a few generated articles is the one the app makes."""
    from articles.search import article_search_fields

    rows = Article.objects.order_by("?").only("title", "summary", "body", "search_vector")[:sample]
    with connection.cursor() as cursor:
        for article in rows:
            expected = article_search_fields(article)["search_vector"]
            cursor.execute(
                "SELECT %s::tsvector = search_vector FROM articles_article WHERE id = %s",
                [expected, article.pk],
            )
            if not cursor.fetchone()[0]:
                sys.exit(f"article {article.pk}: its search document differs from the app's")
    print(f"checked: the search document of {sample} random articles is the app's")


if __name__ == "__main__":
    main()
