"""Relinking every article to the documents registry at scale (README, "Documents registry").

Fills the database named by DATABASE_URL (its own: the script deletes the articles it made on
an earlier run) with `--articles` articles of about 3,000 characters each; a third of them cite
registered documents in the ways the office types them (glued kinds, "01/KL-TW", upper case).
Then it times `articles.documents.relink_articles()` (what `manage.py relink_documents` runs)
three ways: a dry run, the first real run (every citing body rewritten, citations recorded), and a
second run with nothing left to do; and the cost a save pays for linking one body.

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 portal_relink
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_relink \\
        .venv/bin/python bench/relink_bench.py --articles 100000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

MARK = "bench-relink"
DOCUMENTS = [
    ("ket-luan", "01-KL/TW", date(2021, 5, 18)),
    ("chi-thi", "05-CT/TW", date(2016, 5, 15)),
    ("chi-thi", "06-CT/TW", date(2006, 11, 7)),
    ("chi-thi", "03-CT/TW", date(2011, 5, 14)),
    ("ket-luan", "21-KL/TW", date(2021, 10, 25)),
    ("nghi-dinh", "42/2022/NĐ-CP", date(2022, 6, 6)),
]
PLAIN = (
    "<p>Các chi bộ trong phường duy trì nền nếp sinh hoạt định kỳ, gắn việc học tập và làm theo "
    "tư tưởng, đạo đức, phong cách Hồ Chí Minh với nhiệm vụ chính trị của từng đơn vị, chú trọng "
    "vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu cấp ủy.</p>"
)
CITING = (
    "<p>Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Thành uỷ đã ban hành"
    "Kết luận số 01-KL/TW; các cấp ủy tiếp tục quán triệt Chỉ thị 06-CT/TW, 03-CT/TW và KẾT LUẬN "
    "SỐ 21-KL/TW, theo tinh thần Nghị định 42/2022/NĐ-CP và Kế hoạch số 142-KH/TU.</p>"
)
HEADING = "<h2>Quán triệt Kết luận số 01-KL/TW</h2>"


def body_for(index: int) -> str:
    parts = [PLAIN] * 6
    if index % 3 == 0:
        parts[2] = CITING
        parts.insert(1, HEADING)
    return "".join(parts)


def make_articles(count: int) -> None:
    from articles.models import Article, Category, DocumentCitation

    category, _ = Category.objects.get_or_create(slug=MARK, defaults={"name": "Bench relink"})
    DocumentCitation.objects.filter(article__category=category).delete()
    Article.objects.filter(category=category).delete()
    now = timezone.now()
    batch = []
    for i in range(count):
        batch.append(
            Article(
                title=f"Bài đo liên kết văn bản {i}", slug=f"{MARK}-{i}", category=category,
                body=body_for(i), status="published", publish_at=now - timedelta(minutes=i),
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)


def make_documents() -> None:
    from articles.models import Document, IssuingBody

    body, _ = IssuingBody.objects.get_or_create(name="Bộ Chính trị")
    now = timezone.now() - timedelta(days=1)
    for kind, number, issued in DOCUMENTS:
        if not Document.objects.filter(number=number).exists():
            document = Document(kind=kind, number=number, issuing_body=body, issued_on=issued,
                                abstract=f"Văn bản đo {number}")  # fmt: skip
            document.save()
            # Published directly: the bench measures linking, not the workflow.
            Document.objects.filter(pk=document.pk).update(status="published", publish_at=now)


def timed(label: str, **kwargs):
    from articles.documents import relink_articles

    start = time.perf_counter()
    report = relink_articles(**kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:>8.1f} s  {report.articles / seconds:>8.0f} articles/s  "
          f"changed {report.changed:>7}  citations +{report.citations_added} "
          f"-{report.citations_removed}")  # fmt: skip
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from articles.documents import DocumentIndex, link_body
    from articles.models import Article

    make_documents()
    start = time.perf_counter()
    make_articles(args.articles)
    print(f"made {args.articles} articles in {time.perf_counter() - start:.0f} s; "
          f"database: {connection.vendor}; {Article.objects.count()} articles in all")  # fmt: skip
    timed("dry run", dry_run=True)
    first = timed("first run (links written)")
    timed("second run (nothing to do)")
    assert first.changed >= args.articles // 3

    index_times, link_times = [], []
    for _ in range(200):
        start = time.perf_counter()
        index = DocumentIndex.load()
        index_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        link_body(body_for(0), index)
        link_times.append((time.perf_counter() - start) * 1000)
    print(
        f"one save: loading the index {statistics.median(index_times):.2f} ms, "
        f"linking a citing body {statistics.median(link_times):.2f} ms (median of 200)"
    )


if __name__ == "__main__":
    main()
