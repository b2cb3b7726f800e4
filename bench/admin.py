"""Admin at scale: how long the article change list, its filters and search, and the edit page
take with the articles already in the database named by DATABASE_URL (100,000 after
bench/search_bench.py). Not a test; run by hand (README, "Benchmarks"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/admin.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Author, Category  # noqa: E402
from articles.roles import EDITOR  # noqa: E402

RUNS = 7


def main() -> None:
    User = get_user_model()
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name=EDITOR))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(editor)
    article = Article.objects.order_by("pk")[Article.objects.count() // 2]
    category = Category.objects.order_by("pk").first()
    base = "/admin/articles/article/"
    pages = {
        "change list": base,
        "change list, page 500": f"{base}?p=500",
        "filter: published": f"{base}?status__exact=published",
        f"filter: category {category.slug}": f"{base}?category__id__exact={category.pk}",
        "search: thành ủy": f"{base}?q=th%C3%A0nh+%E1%BB%A7y",
        "date hierarchy: a month": f"{base}?publish_at__year=2025&publish_at__month=6",
        "edit page": f"{base}{article.pk}/change/",
        "author autocomplete": "/admin/autocomplete/?app_label=articles&model_name=article"
        "&field_name=authors&term=nguy",
        "review queue": f"{base}hang-doi/",
    }
    print(f"articles: {Article.objects.count()}, authors: {Author.objects.count()}, "
          f"database: {connection.vendor}; median of {RUNS} runs, in-process client")  # fmt: skip
    print(f"{'page':<34} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, url in pages.items():
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name:<34} {statistics.median(times):>10.1f} {max(times):>8.1f} "
              f"{len(queries):>8}")  # fmt: skip


if __name__ == "__main__":
    main()
