"""Search benchmark: 100,000 published articles in PostgreSQL, 20 typical queries through the
search view, p50/p95, and the naive `icontains` search on the same data for comparison.

Not a test: run it by hand (see README, "Benchmarks"). It needs its own PostgreSQL database,
created with a UTF-8 locale, because it fills it with generated articles:

    createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 portal_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/search_bench.py --articles 100000

The text is generated here from word lists written for this script (Vietnamese-like news
prose about Party building, the economy, the city and its wards), not copied from anywhere.
A second run reuses the data it finds; `--regenerate` starts over.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: DEBUG off (no query log kept in memory), static files without a manifest,
# DATABASE_URL from the environment.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from articles.search import article_search_fields  # noqa: E402
from portal import search  # noqa: E402
from portal.views import SearchView  # noqa: E402

# --- the text generator ------------------------------------------------------------------------
# Frequent words of news prose, most frequent first (the draw is Zipf-like). Some appear in both
# tone-mark styles, as on real sites where older articles use "hoà", "uỷ", "khoá".
COMMON = """
và của các trong được cho với những đã là có theo về tại đến từ trên để này cùng đang sẽ
thành phố công tác phát triển nhân dân cán bộ đảng viên thực hiện xây dựng kinh tế xã hội
tổ chức chi bộ Đảng bộ nhiệm vụ triển khai năm tháng kết quả phong trào chính quyền địa
phương hội nghị kế hoạch chương trình nâng cao hiệu quả chất lượng người dân doanh nghiệp
học tập làm theo tư tưởng đạo đức phong cách Hồ Chí Minh Bác tuyên truyền tuyên giáo dân
vận mặt trận đoàn viên thanh niên phụ nữ nông dân cựu chiến binh lãnh đạo chỉ đạo Thành uỷ
Thành ủy Uỷ ban Ủy ban nhân dân phường xã ấp khu phố gia đình cộng đồng an sinh giáo dục y
tế văn hoá văn hóa môi trường đô thị nông thôn mới chuyển đổi số nghị quyết chỉ thị khoá
khóa XII XIII Trung ương tỉnh huyện mục tiêu giải pháp đổi mới sáng tạo thi đua khen
thưởng gương điển hình tiên tiến mô hình hiệu quả sản xuất nông nghiệp lúa xoài sen hoa
kiểng làng hoa du lịch sông Tiền chợ nhà trường học sinh sinh viên đào tạo nguồn nhân lực
vốn vay ngân hàng giá bạc vàng số liệu thống kê tăng trưởng thu nhập bình quân hộ nghèo
cận nghèo hoà giải hòa giải thuỷ lợi thủy lợi khoẻ khỏe mạnh an toàn giao thông trật tự
quốc phòng an ninh biên giới bảo vệ nền tảng đấu tranh phản bác quan điểm sai trái thù
địch chỉnh đốn kiểm tra giám sát kỷ luật tiết kiệm chống lãng phí tham nhũng tiêu cực
""".split()

# Set phrases of the same prose, drawn now and then in place of a word.
PHRASES = [
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "học tập và làm theo Bác",
    "phát triển kinh tế - xã hội",
    "nông thôn mới",
    "chuyển đổi số",
    "an toàn giao thông",
    "cải cách hành chính",
    "Thành uỷ Sa Đéc",
    "Thành ủy Sa Đéc",
    "Nghị quyết Trung ương 4 khoá XII",
    "Nghị quyết Trung ương 4 khóa XIII",
    "Uỷ ban nhân dân thành phố",
    "Mặt trận Tổ quốc Việt Nam",
    "cựu chiến binh",
    "làng hoa kiểng Sa Đéc",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "hoà giải ở cơ sở",
    "giá vàng, giá bạc",
]

PLACES = [
    "Sa Đéc",
    "Cao Lãnh",
    "Hồng Ngự",
    "Tân Quy Đông",
    "Tân Khánh Đông",
    "An Hoà",
    "Tịnh Thới",
    "Mỹ Trà",
    "Hoà Thuận",
    "Tân Thuận Tây",
]
ONSETS = "b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split()
RHYMES = (
    "a ai am an ang anh ao at e em en eo i im in inh iu o oa oai oan oc oi om on ong u ua ue uy"
).split()
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def made_up_word(rng: random.Random) -> str:
    """A syllable pair that looks Vietnamese but is rare: the benchmark's "rare words"."""
    import unicodedata

    def syllable():
        rhyme = rng.choice(RHYMES)
        tone = rng.choice(TONES)
        vowel_at = next(i for i, ch in enumerate(rhyme) if ch in "aeiouy")
        text = rng.choice(ONSETS) + rhyme[: vowel_at + 1] + tone + rhyme[vowel_at + 1 :]
        return unicodedata.normalize("NFC", text)

    return f"{syllable()} {syllable()}"


class Writer:
    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(COMMON))]
        self.cumulative = list(_accumulate(weights))
        self.rare = [made_up_word(self.rng) for _ in range(3000)]

    def words(self, n: int) -> list[str]:
        rng = self.rng
        out = rng.choices(COMMON, cum_weights=self.cumulative, k=n)
        for i in range(n):
            roll = rng.random()
            if roll < 0.03:
                out[i] = rng.choice(PLACES)
            elif roll < 0.05:
                out[i] = rng.choice(self.rare)
            elif roll < 0.07:
                out[i] = rng.choice(PHRASES)
        return out

    def sentence(self, low: int, high: int) -> str:
        words = self.words(self.rng.randint(low, high))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def article(self) -> tuple[str, str, str]:
        rng = self.rng
        title = self.sentence(7, 14).rstrip(".")
        if rng.random() < 0.3:
            title = f"{rng.choice(PLACES)}: {title}"
        summary = " ".join(self.sentence(10, 18) for _ in range(2))
        paragraphs = [
            "<p>" + " ".join(self.sentence(10, 22) for _ in range(rng.randint(2, 3))) + "</p>"
            for _ in range(rng.randint(3, 6))
        ]
        return title, summary, "".join(paragraphs)


# The benchmark's sections (slug, name); bench/fast_generate.py makes the same ones.
CATEGORIES = [
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hoá – Xã hội"),
    ("hoc-tap-va-lam-theo-bac", "Học tập và làm theo Bác"),
    ("quoc-phong-an-ninh", "Quốc phòng – An ninh"),
    ("do-thi", "Đô thị"),
    ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"),
]


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def generate(n: int, batch: int = 2000) -> None:
    have = Article.objects.count()
    if have >= n:
        print(f"Using the {have} articles already in the database.")
        return
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in CATEGORIES
    ]
    writer = Writer()
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()
    began = time.perf_counter()
    for first in range(have, n, batch):
        rows = []
        for i in range(first, min(first + batch, n)):
            title, summary, body = writer.article()
            at = start + timedelta(seconds=span * i / n)
            article = Article(
                title=title,
                slug=f"bai-viet-{i}",
                summary=summary,
                body=body,
                category=categories[i % len(categories)],
                status=Article.Status.PUBLISHED,
                publish_at=at,
                first_published_at=at,
            )
            for name, value in article_search_fields(article).items():
                setattr(article, name, value)
            rows.append(article)
        Article.objects.bulk_create(rows, batch_size=batch)
        done = first + len(rows)
        rate = (done - have) / (time.perf_counter() - began)
        print(f"\r  generated {done}/{n} ({rate:.0f}/s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")


# --- the queries -------------------------------------------------------------------------------
QUERIES = [
    "lam theo bac",  # common phrase, typed without diacritics
    "Làm theo Bác",
    '"học tập và làm theo"',  # phrase
    "thành ủy sa đéc",  # new tone-mark style, the text often has the old one
    "Thành uỷ Sa Đéc",
    "khóa XII",
    "chuyển đổi số",
    "chuyen doi so",
    "nông thôn mới",
    "hoa kiểng làng hoa",
    "giá bạc",
    "Tân Khánh Đông",  # a ward
    "hoà giải",
    "cựu chiến binh",
    "đảng viên",  # very common
    "phát triển kinh tế",  # very common
    '"an toàn giao thông"',
    None,  # a made-up rare word, filled in from the generator
    None,  # the same as a quoted phrase
    "xyzzy không có",  # no result
]


def timed_view(factory: RequestFactory, view, q: str) -> tuple[float, int]:
    request = factory.get("/tim-kiem/", {"q": q})
    began = time.perf_counter()
    response = view(request)
    response.render()
    elapsed = time.perf_counter() - began
    assert response.status_code == 200
    return elapsed, response.context_data["paginator"].count


def naive(q: str) -> tuple[float, int]:
    """What a first attempt looks like: icontains on the three fields, newest first."""
    q = q.replace('"', "").strip()
    began = time.perf_counter()
    queryset = Article.objects.published().filter(
        Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q)
    )
    count = queryset.count()
    list(queryset.order_by("-publish_at")[:12].values_list("pk", "title"))
    return time.perf_counter() - began, count


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--generate-only", action="store_true", help="fill the database, time nothing"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database made for this benchmark.")

    call_command("migrate", verbosity=0)
    if args.regenerate:
        with connection.cursor() as cursor:  # this database holds generated data only
            cursor.execute("TRUNCATE articles_article CASCADE")
    began = time.perf_counter()
    generate(args.articles)
    print(f"data ready in {time.perf_counter() - began:.0f} s")
    if args.generate_only:
        return
    total = Article.objects.published().count()

    queries = list(QUERIES)
    rare = Writer().rare[7]
    queries[queries.index(None)] = rare
    queries[queries.index(None)] = f'"{rare}"'
    factory = RequestFactory()
    view = SearchView.as_view()
    for q in queries:  # warm-up: caches, plans, the first connection
        timed_view(factory, view, q)

    print(f"\n{total} published articles; {args.repeat} timed runs of each query")
    # The machine may be shared: the load says how far the figures can be trusted.
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    # All the search runs first, then the naive ones: a naive query keeps PostgreSQL busy
    # (parallel sequential scans) and would slow down the search run that follows it.
    samples, per_query, counts = [], {q: [] for q in queries}, {}
    for _ in range(args.repeat):
        for q in queries:
            elapsed, counts[q] = timed_view(factory, view, q)
            per_query[q].append(elapsed)
            samples.append(elapsed)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    naive_samples, naive_results = [], {}
    for q in queries:
        naive_results[q] = naive(q)
        naive_samples.append(naive_results[q][0])
    print(
        f"{'query':<24} {'matches':>8} {'ranked':>7} {'p50 ms':>7} {'max ms':>7}"
        f" {'icontains':>10} {'ms':>8}"
    )
    for q in queries:
        runs, (naive_elapsed, naive_count) = per_query[q], naive_results[q]
        # Every match, for information (not timed): the view ranks the newest 300 of them.
        matches = search.match(Article.objects.published(), search.parse_query(q)).count()
        print(
            f"{q[:24]:<24} {matches:>8} {counts[q]:>7} "
            f"{statistics.median(runs) * 1000:>7.1f} {max(runs) * 1000:>7.1f} "
            f"{naive_count:>10} {naive_elapsed * 1000:>8.1f}"
        )
    p50, p95 = percentile(samples, 50) * 1000, percentile(samples, 95) * 1000
    n50, n95 = percentile(naive_samples, 50) * 1000, percentile(naive_samples, 95) * 1000
    print(
        f"\nload average (1, 5, 15 min) before: {load_before}; after the search runs: {load_after}"
    )
    print(f"search view (whole page rendered): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"naive icontains (count + first page): p50 {n50:.1f} ms, p95 {n95:.1f} ms")
    print(f"icontains / search: {n50 / p50:.1f}x at p50, {n95 / p95:.1f}x at p95")
    print("target: p95 <= 50 ms:", "met" if p95 <= 50 else "NOT met")


if __name__ == "__main__":
    main()
